import Foundation

/// Text the way Python prints values (`str(bool)`, `repr(float)`, `repr(str)`, `str(list)`),
/// the number syntax its `float()` and `int()` accept, and the string methods (`len`, `ljust`,
/// `rjust`, `strip`, `rstrip`) the reference CLI formats with, so that our output and argument
/// parsing match the reference's byte for byte.
///
/// Python measures strings in code points, so the padding here counts Unicode scalars, not
/// grapheme clusters, to give the same columns for the same text.
package enum PythonText {
  /// `str(value)` of a Python bool: `True` or `False`.
  package static func bool(_ value: Bool) -> String { value ? "True" : "False" }

  /// `repr(value)` of a Python float (also `str`): the shortest text that reads back the same,
  /// `1.0` for whole numbers, the exponent form (`1e-05`, `1e+16`) below 1e-4 and from 1e16,
  /// `nan`, `inf`, `-inf`.
  package static func float(_ value: Double) -> String {
    // Swift's description is Python's repr for every double: the same shortest round-trip
    // digits and the same switch to exponent notation.
    "\(value)"
  }

  /// ``float(_:)-(Double)`` of a wire float32, widened first as Python holds it (`0.1` as a
  /// float32 prints `0.10000000149011612`).
  package static func float(_ value: Float) -> String { float(Double(value)) }

  /// Python's `str(list_of_ints)`: `[1, 2]`.
  package static func list(_ values: [Int32]) -> String {
    "[" + values.map(String.init).joined(separator: ", ") + "]"
  }

  /// `repr(str)`: single quotes unless the text has a single quote and no double quote;
  /// backslash, the quote and non-printable characters escaped; printable non-ASCII literal.
  package static func repr(_ value: String) -> String {
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
  package static func parseFloat(_ text: String) -> Double? {
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
  package static func fitsFloat32(_ value: Double) -> Bool {
    !value.isFinite || Float(value).isFinite
  }

  /// Python's `int(text)` (base 10): surrounding whitespace, a sign, `_` between digits.
  package static func parseInt(_ text: String) -> Int? {
    guard let cleaned = cleanNumber(text) else { return nil }
    let body = cleaned.hasPrefix("+") || cleaned.hasPrefix("-") ? cleaned.dropFirst() : Substring(cleaned)
    guard !body.isEmpty, body.allSatisfy(\.isASCIIDigit) else { return nil }
    return Int(cleaned)
  }

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
