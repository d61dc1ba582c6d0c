/// gRPC metadata: an ordered list of key-value pairs, keys lower-case, sent as HTTP/2 headers.
///
/// Keys ending in `-bin` carry binary values, base64-encoded on the wire; every other value is
/// printable ASCII. Keys starting with `grpc-` are reserved for the protocol.
public struct Metadata: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
  /// One metadata value: text, or bytes for a `-bin` key.
  public enum Entry: Sendable, Hashable, CustomStringConvertible {
    /// A printable ASCII value.
    case string(String)
    /// A binary value (the key must end in `-bin`).
    case binary([UInt8])

    public var description: String {
      switch self {
      case .string(let s): s
      case .binary(let b): "<\(b.count) bytes>"
      }
    }
  }

  public typealias Key = String
  public typealias Value = String

  /// The pairs, in order.
  public private(set) var elements: [(key: String, value: Entry)] = []

  /// Creates empty metadata.
  public init() {}

  /// Creates text metadata from a literal: `["x-request-id": "42"]`.
  public init(dictionaryLiteral elements: (String, String)...) {
    for (k, v) in elements { addString(v, forKey: k) }
  }

  /// Appends a text value; `key` is lower-cased.
  public mutating func addString(_ value: String, forKey key: String) {
    elements.append((key.lowercased(), .string(value)))
  }

  /// Appends a binary value; `key` is lower-cased and should end in `-bin`.
  public mutating func addBinary(_ value: [UInt8], forKey key: String) {
    elements.append((key.lowercased(), .binary(value)))
  }

  /// Every value for `key` (compared lower-case), in order.
  public subscript(key: String) -> [Entry] {
    let key = key.lowercased()
    return elements.filter { $0.key == key }.map(\.value)
  }

  /// The first text value for `key`, if any.
  public func firstString(forKey key: String) -> String? {
    for case .string(let s) in self[key] { return s }
    return nil
  }

  /// The number of pairs.
  public var count: Int { elements.count }
  /// True when there are no pairs.
  public var isEmpty: Bool { elements.isEmpty }

  public func makeIterator() -> IndexingIterator<[(key: String, value: Entry)]> {
    elements.makeIterator()
  }

  public static func == (lhs: Metadata, rhs: Metadata) -> Bool {
    lhs.elements.count == rhs.elements.count
      && zip(lhs.elements, rhs.elements).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }

  public func hash(into hasher: inout Hasher) {
    for (k, v) in elements {
      hasher.combine(k)
      hasher.combine(v)
    }
  }

  public var description: String {
    "[" + elements.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
  }
}
