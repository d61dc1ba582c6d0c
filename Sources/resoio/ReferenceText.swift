/// Text the way the reference CLI (Python) prints it in human mode: `str(bool)`, `repr(str)`,
/// `repr(float)`, `len`-based padding and `rstrip`, and its whitespace-aligned tables.
///
/// Python measures strings in code points, so padding here counts Unicode scalars, not
/// grapheme clusters, to give the same columns for the same text.
enum ReferenceText {
  /// `str(value)` of a Python bool: `True` or `False`.
  static func bool(_ value: Bool) -> String { value ? "True" : "False" }

  /// `repr(value)` of a Python float (also `str`): the shortest text that reads back the same,
  /// `1.0` for whole numbers, `1e+16` beyond 16 digits, `nan`, `inf`. A `Float` from the wire is
  /// widened first, as Python holds it (`0.1` as float32 prints `0.10000000149011612`).
  static func float(_ value: Double) -> String {
    // Swift's description is Python's repr for every finite double (the same shortest digits,
    // the same switch to exponent notation below 1e-4 and from 1e16) and for nan and inf.
    "\(value)"
  }

  /// ``float(_:)`` of a wire float32.
  static func float(_ value: Float) -> String { float(Double(value)) }

  /// `repr(text)` of a Python str: single quotes unless the text holds a `'` and no `"`;
  /// backslash, the quote, `\n`, `\r`, `\t` escaped; other non-printable characters as `\xNN`,
  /// `\uNNNN` or `\UNNNNNNNN`; printable non-ASCII literal.
  static func repr(_ text: String) -> String {
    let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where Character(scalar) == quote: out += "\\" + String(quote)
      case _ where isPrintable(scalar): out.unicodeScalars.append(scalar)
      default:
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x100 {
          out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        } else if scalar.value < 0x10000 {
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
      }
    }
    out.append(quote)
    return out
  }

  /// Python's `str.isprintable` for one character: everything but the Other and Separator
  /// categories, with the ASCII space printable.
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

  /// `len(text)`: the number of code points.
  static func length(_ text: String) -> Int { text.unicodeScalars.count }

  /// `text.ljust(width)`.
  static func leftJustified(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - length(text)))
  }

  /// `text.rjust(width)` (and `f"{n:>width}"`).
  static func rightJustified(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - length(text))) + text
  }

  /// `text.rstrip()`: without trailing whitespace (Python's `str.isspace` characters).
  static func rightStripped(_ text: String) -> String {
    var scalars = Substring(text).unicodeScalars
    while let last = scalars.last, isSpace(last) { scalars.removeLast() }
    return String(scalars)
  }

  /// `text.strip()`: without leading and trailing whitespace.
  static func stripped(_ text: String) -> String {
    var scalars = Substring(rightStripped(text)).unicodeScalars
    while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
    return String(scalars)
  }

  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x1C...0x1F, 0x20, 0x85, 0xA0: return true
    default: return scalar.properties.generalCategory == .spaceSeparator
      || scalar.properties.generalCategory == .lineSeparator
      || scalar.properties.generalCategory == .paragraphSeparator
    }
  }

  /// The reference's `_print_table`: the header and each row, cells left-justified to the
  /// widest cell of their column, two spaces apart, each line right-stripped.
  static func table(_ headers: [String], _ rows: [[String]]) -> [String] {
    var widths = headers.map(length)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], length(cell))
      }
    }
    func line(_ cells: [String]) -> String {
      rightStripped(cells.enumerated().map { leftJustified($0.element, widths[$0.offset]) }.joined(separator: "  "))
    }
    return [line(headers)] + rows.map(line)
  }

  /// `items[:count]` with Python's slice rules: a negative count drops that many from the end.
  static func prefix<T>(_ items: [T], _ count: Int) -> [T] {
    let end = count >= 0 ? min(count, items.count) : max(0, items.count + count)
    return Array(items[..<end])
  }
}
