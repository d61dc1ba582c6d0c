import PythonCompatibility
/// Number arguments read as the reference's argparse `type=int` / `type=float` read them, for
/// `@Option(transform:)` and `@Argument(transform:)`: `int()` takes ` 5 `, `+5`, `1_000`, `０５`;
/// `float()` also `1e3`, `.5`, `inf`, `-Infinity`, `nan`, and no hex floats. ArgumentParser's
/// own `Int` and `Double` parsing refuses the blanks and the underscores (and takes `0x1p3`),
/// so a script written for the reference would fail with ours.
///
/// A value that does not parse is a usage error (exit 2), worded like argparse's
/// (`invalid int value: 'x'`).
enum PythonNumber {
  /// The error a transform throws; ArgumentParser prints it after the option's name.
  struct Invalid: Error, CustomStringConvertible {
    var kind: String
    var text: String
    var description: String { "invalid \(kind) value: \(PythonText.repr(text))" }
  }

  /// Python's `int(text)` as an `Int`.
  static func int(_ text: String) throws -> Int {
    guard let value = PythonText.parseInt(text) else { throw Invalid(kind: "int", text: text) }
    return value
  }

  /// Python's `int(text)` as an `Int32` (out of range: a usage error).
  static func int32(_ text: String) throws -> Int32 {
    guard let value = PythonText.parseInt(text).flatMap(Int32.init(exactly:)) else {
      throw Invalid(kind: "int", text: text)
    }
    return value
  }

  /// Python's `float(text)` as a `Double`.
  static func float(_ text: String) throws -> Double {
    guard let value = PythonText.parseFloat(text) else { throw Invalid(kind: "float", text: text) }
    return value
  }

  /// Python's `float(text)` narrowed to a `Float` (as it goes on the wire).
  static func float32(_ text: String) throws -> Float {
    Float(try float(text))
  }
}

extension PythonNumber {
  /// Python's `int(text)` as a `UInt32` (negative or too large: a usage error).
  static func uint32(_ text: String) throws -> UInt32 {
    guard let value = PythonText.parseInt(text).flatMap(UInt32.init(exactly:)) else {
      throw Invalid(kind: "int", text: text)
    }
    return value
  }
}
