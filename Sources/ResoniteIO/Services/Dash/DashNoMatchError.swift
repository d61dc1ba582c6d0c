/// A dash query (``DashClient/findTab(_:options:)``, ``DashClient/findControl(_:options:)`` and
/// the `…ByLabel` helpers) matched no tab or control at any stage.
///
/// The reference client's `DashNoMatchError` (a `ValueError`). Its ``description`` lists the
/// candidates: each item's first non-empty key (usually its ref id).
public struct DashNoMatchError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The query as given.
  public var query: String
  /// Every item that was searched, each named by its first non-empty key.
  public var candidates: [String]

  /// Creates the error.
  public init(query: String, candidates: [String]) {
    self.query = query
    self.candidates = candidates
  }

  /// Reads like `no match for 'Wrlds'; candidates: 'ID1001', 'ID1002'`.
  public var description: String {
    "no match for \(dashQuoted(query)); candidates: \(candidates.map(dashQuoted).joined(separator: ", "))"
  }
}

/// `text` in single quotes, as the reference's messages show strings.
func dashQuoted(_ text: String) -> String { "'\(text)'" }
