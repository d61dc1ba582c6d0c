/// A JSON value written the way the reference CLI writes it (Python's `json.dumps` with
/// `indent=2, ensure_ascii=False`): two-space indentation, `": "` after keys, keys in the
/// given order, non-ASCII text literal, integers exact.
///
/// Written by hand rather than with JSONSerialization so an `Int64` above 2^53 (a server
/// timestamp in nanoseconds) can never pass through a `Double`.
indirect enum JSONValue {
  case string(String)
  case integer(Int64)
  case number(Double)
  case bool(Bool)
  /// `null` (Python's `None`).
  case null
  case array([JSONValue])
  /// Key order is kept.
  case object([(String, JSONValue)])

  /// The document text, without a trailing newline.
  var text: String {
    var out = ""
    write(to: &out, indent: 0)
    return out
  }

  private func write(to out: inout String, indent: Int) {
    let inner = String(repeating: " ", count: indent + 2)
    let outer = String(repeating: " ", count: indent)
    switch self {
    case .string(let value):
      out += Self.quoted(value)
    case .integer(let value):
      out += String(value)
    case .number(let value):
      // Swift's description is the shortest text that reads back as the same Double, like
      // Python's repr; JSON has no NaN or infinity.
      out += value.isFinite ? "\(value)" : "null"
    case .bool(let value):
      out += value ? "true" : "false"
    case .null:
      out += "null"
    case .array(let items):
      guard !items.isEmpty else { out += "[]"; return }
      out += "[\n"
      for (index, item) in items.enumerated() {
        out += inner
        item.write(to: &out, indent: indent + 2)
        out += index == items.count - 1 ? "\n" : ",\n"
      }
      out += outer + "]"
    case .object(let members):
      guard !members.isEmpty else { out += "{}"; return }
      out += "{\n"
      for (index, (key, value)) in members.enumerated() {
        out += inner + Self.quoted(key) + ": "
        value.write(to: &out, indent: indent + 2)
        out += index == members.count - 1 ? "\n" : ",\n"
      }
      out += outer + "}"
    }
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped, everything
  /// else (non-ASCII included) literal.
  static func quoted(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default:
        out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

extension JSONValue {
  /// The value as `key=value` output shows it: strings bare, booleans `true`/`false`.
  var plainText: String {
    switch self {
    case .string(let value): value
    default: text
    }
  }
}
