/// Python's string methods the reference CLI lays its tables out with.
extension PythonText {
  /// `len(text)`: the number of code points.
  package static func length(_ text: String) -> Int { text.unicodeScalars.count }

  /// `text.ljust(width)`.
  package static func leftJustified(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - length(text)))
  }

  /// `text.rjust(width)` (and `f"{n:>width}"`).
  package static func rightJustified(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - length(text))) + text
  }

  /// `text.rstrip()`: without trailing whitespace (Python's `str.isspace` characters).
  package static func rightStripped(_ text: String) -> String {
    var scalars = Substring(text).unicodeScalars
    while let last = scalars.last, isSpace(last) { scalars.removeLast() }
    return String(scalars)
  }

  /// `text.strip()`: without leading and trailing whitespace.
  package static func stripped(_ text: String) -> String {
    var scalars = Substring(rightStripped(text)).unicodeScalars
    while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
    return String(scalars)
  }

  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x1C...0x1F, 0x20, 0x85, 0xA0: return true
    default:
      return scalar.properties.generalCategory == .spaceSeparator
        || scalar.properties.generalCategory == .lineSeparator
        || scalar.properties.generalCategory == .paragraphSeparator
    }
  }

  /// The reference's `_print_table`: the header and each row, cells left-justified to the
  /// widest cell of their column, two spaces apart, each line right-stripped.
  package static func table(_ headers: [String], _ rows: [[String]]) -> [String] {
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
  package static func prefix<T>(_ items: [T], _ count: Int) -> [T] {
    let end = count >= 0 ? min(count, items.count) : max(0, items.count + count)
    return Array(items[..<end])
  }
}
