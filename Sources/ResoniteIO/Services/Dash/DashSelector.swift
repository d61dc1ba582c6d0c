import Foundation

/// The reference client's `_resolve_one`: picks exactly one item for a human-friendly query.
enum DashSelector {
  /// Resolves `query` against `items` by `keys`, in order of decreasing strictness:
  ///
  /// 1. the first item with a key equal to `query` (case-sensitive): a full ref id always wins;
  /// 2. the one item with a key equal to `query` ignoring case (Unicode case folding);
  /// 3. the one item with a key containing `query` ignoring case.
  ///
  /// - Throws: ``DashNoMatchError`` when stage 3 matches nothing; ``DashAmbiguousMatchError``
  ///   when it matches more than one.
  static func resolve<Item>(_ query: String, in items: [Item], keys: (Item) -> [String]) throws -> Item {
    if let exact = items.first(where: { keys($0).contains(query) }) { return exact }

    let folded = fold(query)
    let caseInsensitive = items.filter { keys($0).contains { fold($0) == folded } }
    if caseInsensitive.count == 1 { return caseInsensitive[0] }

    let substring = items.filter { keys($0).contains { fold($0).contains(folded) } }
    if substring.count == 1 { return substring[0] }
    if substring.isEmpty {
      throw DashNoMatchError(query: query, candidates: items.map { hint(keys($0)) })
    }
    throw DashAmbiguousMatchError(query: query, matches: substring.map { hint(keys($0)) })
  }

  /// Full Unicode case folding, as Python's `str.casefold` (`Straße` and `STRASSE` fold alike).
  static func fold(_ text: String) -> String {
    text.folding(options: .caseInsensitive, locale: nil)
  }

  /// An item's first non-empty key (empty when all are).
  private static func hint(_ keys: [String]) -> String {
    keys.first { !$0.isEmpty } ?? ""
  }
}
