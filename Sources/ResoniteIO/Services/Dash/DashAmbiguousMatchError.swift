/// A dash query matched more than one tab or control and no stricter stage decided.
///
/// The reference client's `DashAmbiguousMatchError` (a `ValueError`). Its ``description``
/// lists the matches, each by its first non-empty key, so the caller can narrow the query or
/// pass an exact ref id.
public struct DashAmbiguousMatchError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The query as given.
  public var query: String
  /// The items the case-insensitive substring stage matched, each named by its first
  /// non-empty key, in list order.
  public var matches: [String]

  /// Creates the error.
  public init(query: String, matches: [String]) {
    self.query = query
    self.matches = matches
  }

  /// Reads like `'join' matched 2 items: 'ID2002', 'ID2003'`.
  public var description: String {
    "\(dashQuoted(query)) matched \(matches.count) items: \(matches.map(dashQuoted).joined(separator: ", "))"
  }
}
