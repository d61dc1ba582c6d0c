import Foundation

/// Text the way the reference CLI's Python f-strings print values, and the number syntax its
/// `float()` / `int()` accept, so our human output and argument parsing match it.
enum PythonText {
  /// `str(value)` of a Python bool: `True` / `False`.
  static func bool(_ value: Bool) -> String { value ? "True" : "False" }

  /// `repr(float)` of a 32-bit wire float, as Python holds it (widened to a double): the shortest
  /// text that reads back as the same double, e.g. `0.30000001192092896` for 0.3f.
  static func float(_ value: Float) -> String { float(Double(value)) }

  /// `repr(float)`: shortest round-trip digits, `inf`, `-inf`, `nan`; the exponent form
  /// (`1e-05`, `1.5e+16`) when the decimal exponent is below -4 or 16 and up, as Python's.
  static func float(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let (negative, digits, exponent) = decimalDigits(value)
    let sign = negative ? "-" : ""
    if value != 0, exponent < -4 || exponent >= 16 {
      var mantissa = String(digits.first ?? "0")
      if digits.count > 1 { mantissa += "." + digits.dropFirst() }
      let magnitude = Swift.abs(exponent)
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }
    if exponent < 0 {
      return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
    }
    if digits.count > exponent + 1 {
      let split = digits.index(digits.startIndex, offsetBy: exponent + 1)
      return sign + String(digits[..<split]) + "." + String(digits[split...])
    }
    return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count) + ".0"
  }

  /// `repr(str)`: single quotes unless the text has a single quote and no double quote;
  /// backslash, the quote and non-printable characters escaped; printable non-ASCII literal.
  static func repr(_ value: String) -> String {
    let quote: Character = value.contains("'") && !value.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where Character(scalar) == quote: out += "\\" + String(quote)
      case _ where isPrintable(scalar):
        out.unicodeScalars.append(scalar)
      default:
        let v = scalar.value
        if v < 0x100 {
          out += "\\x" + hex(v, width: 2)
        } else if v < 0x10000 {
          out += "\\u" + hex(v, width: 4)
        } else {
          out += "\\U" + hex(v, width: 8)
        }
      }
    }
    out.append(quote)
    return out
  }

  /// Python's `float(text)`: surrounding whitespace, a sign, `_` between digits, `inf`,
  /// `infinity`, `nan` (any case); nil for anything else (hex floats included).
  static func parseFloat(_ text: String) -> Double? {
    guard let cleaned = cleanNumber(text) else { return nil }
    let lower = cleaned.lowercased()
    let body = lower.hasPrefix("+") || lower.hasPrefix("-") ? String(lower.dropFirst()) : lower
    if ["inf", "infinity", "nan"].contains(body) {
      let sign: Double = lower.hasPrefix("-") ? -1 : 1
      return body == "nan" ? Double.nan : sign * Double.infinity
    }
    guard body.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "e" || $0 == "+" || $0 == "-" }),
      body.first?.isASCIIDigit == true || body.first == "."
    else { return nil }
    return Double(cleaned)
  }

  /// Whether `value` can go on the wire as a 32-bit float as Python's `struct.pack("<f")`
  /// packs it: NaN and the infinities can, a finite value beyond `Float.greatestFiniteMagnitude`
  /// cannot (the reference crashes with OverflowError there).
  static func fitsFloat32(_ value: Double) -> Bool {
    !value.isFinite || Float(value).isFinite
  }

  /// Python's `int(text)` (base 10): surrounding whitespace, a sign, `_` between digits.
  static func parseInt(_ text: String) -> Int? {
    guard let cleaned = cleanNumber(text) else { return nil }
    let body = cleaned.hasPrefix("+") || cleaned.hasPrefix("-") ? cleaned.dropFirst() : Substring(cleaned)
    guard !body.isEmpty, body.allSatisfy(\.isASCIIDigit) else { return nil }
    return Int(cleaned)
  }

  // MARK: Helpers

  /// Trims whitespace (newlines included, as `str.strip()`), turns Unicode decimal digits
  /// (`５`, `٣`) into ASCII ones as `int()` and `float()` read them, and removes underscores that
  /// sit between two digits; nil when an underscore sits anywhere else.
  private static func cleanNumber(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let characters: [Character] = trimmed.map { character in
      guard !character.isASCII, character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
        scalar.properties.numericType == .decimal, let digit = character.wholeNumberValue
      else { return character }
      return Character(String(digit))
    }
    var out = ""
    for (index, character) in characters.enumerated() {
      if character == "_" {
        guard index > 0, index + 1 < characters.count, characters[index - 1].isASCIIDigit,
          characters[index + 1].isASCIIDigit
        else { return nil }
        continue
      }
      out.append(character)
    }
    return out.isEmpty ? nil : out
  }

  /// Sign, significant digits and decimal exponent of Swift's shortest round-trip text.
  private static func decimalDigits(_ value: Double) -> (Bool, String, Int) {
    var text = "\(Swift.abs(value))"
    var exponent = 0
    if let e = text.firstIndex(of: "e") {
      exponent = Int(text[text.index(after: e)...]) ?? 0
      text = String(text[..<e])
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let whole = String(parts[0])
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    var digits = whole + fraction
    exponent += whole.count - 1
    while digits.hasPrefix("0"), digits.count > 1 {
      digits.removeFirst()
      exponent -= 1
    }
    while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
    return (value.sign == .minus, digits, exponent)
  }

  /// Python's `str.isprintable()` for one character: not in the categories Cc, Cf, Cs, Co, Cn,
  /// Zl, Zp, and not a separator other than the ASCII space.
  private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == " " { return true }
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
      .spaceSeparator:
      return false
    default:
      return true
    }
  }

  private static func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}

extension Character {
  /// 0-9 only.
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
