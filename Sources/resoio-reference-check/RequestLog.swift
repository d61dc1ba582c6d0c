import Foundation

/// reference_server.py's record of the calls it received, one line per call written before
/// it answers: `seq TAB healthy|failing TAB path TAB match|differ TAB request-json`.
struct RequestLog {
  /// One received call.
  struct Entry {
    let socket: String
    let path: String
    /// The request equals the fixture request (as the reference's decoder saw it).
    let matchesFixture: Bool
    /// The request as the reference decoded it, in proto3 JSON.
    let requestJSON: String
  }

  let path: String

  /// Every entry so far.
  func entries() -> [Entry] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 5 else { return nil }
      return Entry(socket: fields[1], path: fields[2], matchesFixture: fields[3] == "match", requestJSON: fields[4])
    }
  }

  /// How many entries there are now (take it before a call, then ask ``entry(after:path:)``).
  func count() -> Int { entries().count }

  /// The first entry for `path` after the first `index` entries, if the server recorded one.
  func entry(after index: Int, path rpcPath: String) -> Entry? {
    entries().dropFirst(index).first { $0.path == rpcPath }
  }
}
