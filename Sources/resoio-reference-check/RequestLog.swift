import Foundation

/// reference_server.py's record of the calls it received, one line per call written before
/// it answers: `seq TAB healthy|failing|sparse TAB path TAB match|differ TAB request-json`.
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

  /// The log file.
  let file: String

  init(path: String) { file = path }

  /// Where the log ends now: take it before a call, then ask ``entry(after:path:)``.
  func count() -> UInt64 {
    ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber)?.uint64Value ?? 0
  }

  /// The first entry for `rpcPath` written after byte `offset` (a ``count()``), if any.
  func entry(after offset: UInt64, path rpcPath: String) -> Entry? {
    entries(from: offset).first { $0.path == rpcPath }
  }

  /// The entries written after byte `offset`, read from there only (the log grows by a line a
  /// call, so reading it whole each time would be quadratic).
  private func entries(from offset: UInt64) -> [Entry] {
    guard let handle = FileHandle(forReadingAtPath: file) else { return [] }
    defer { try? handle.close() }
    guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      let fields = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 5 else { return nil }
      return Entry(socket: fields[1], path: fields[2], matchesFixture: fields[3] == "match", requestJSON: fields[4])
    }
  }
}
