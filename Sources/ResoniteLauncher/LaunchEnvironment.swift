#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An environment as an ordered list of variables, like Python's `dict(os.environ)`: a
/// variable keeps its place when it is changed, a new one goes to the end.
public struct LaunchEnvironment: Sendable, Equatable {
  /// The variables in order, names unique.
  public private(set) var variables: [(name: String, value: String)]

  /// The variables `variables` in order; a repeated name keeps its first place and its last
  /// value, as Python's `os.environ` does.
  public init(_ variables: [(name: String, value: String)] = []) {
    self.variables = []
    for (name, value) in variables { self[name] = value }
  }

  /// This process's environment, in the order of `environ`.
  public static var current: LaunchEnvironment {
    var variables: [(name: String, value: String)] = []
    var cursor = environ
    while let entry = cursor.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "="), equals != text.startIndex {
        variables.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
      }
      cursor += 1
    }
    return LaunchEnvironment(variables)
  }

  /// The value of `name`, or nil when it is not set. Setting nil removes it.
  public subscript(name: String) -> String? {
    get { variables.first { $0.name == name }?.value }
    set {
      if let index = variables.firstIndex(where: { $0.name == name }) {
        if let newValue { variables[index].value = newValue } else { variables.remove(at: index) }
      } else if let newValue {
        variables.append((name, newValue))
      }
    }
  }

  /// Python's `os.environ.get(name) or None`: nil when unset or empty.
  func nonEmpty(_ name: String) -> String? {
    guard let value = self[name], !value.isEmpty else { return nil }
    return value
  }

  /// Sets `name` unless it is already set (Python's `dict.setdefault`, even to an empty value).
  mutating func setDefault(_ name: String, _ value: String) {
    if self[name] == nil { self[name] = value }
  }

  /// `NAME=value` strings, in order.
  public var entries: [String] { variables.map { "\($0.name)=\($0.value)" } }

  public static func == (lhs: LaunchEnvironment, rhs: LaunchEnvironment) -> Bool {
    lhs.variables.elementsEqual(rhs.variables) { $0.name == $1.name && $0.value == $1.value }
  }
}
