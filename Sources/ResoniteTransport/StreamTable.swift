import ResoniteHTTP2

/// A connection's open streams: the ``HTTP2Stream``s by id, the counts the inline-read policy
/// asks for (in O(1), without scanning), header-list accounting, and the deadline timers (a
/// ``DeadlineHeap``). Guarded by the connection's lock.
///
/// An entry stays in the table from its submission until nghttp2 forgets the stream (closed or
/// never sent), because nghttp2 holds an unowned pointer to its body source until then; it is
/// *live* only until its handler is told the stream ended, which may come first (cancel,
/// deadline, a reset the handler asked for).
struct StreamTable {
  private var entries: [Int32: HTTP2Stream] = [:]
  /// The entry inserted last, while it is in the table: the stream nearly every event of a
  /// sequential call is about, found without hashing (a unary response's every header field
  /// looks its stream up).
  private var recent: HTTP2Stream?
  private var deadlines = DeadlineHeap<HTTP2Stream>()
  /// Entries (live or not) that are not long-lived.
  private(set) var shortLivedCount = 0
  /// Live entries.
  private(set) var liveCount = 0
  /// Live entries that are not long-lived.
  private(set) var liveShortLivedCount = 0
  /// The largest header block accepted (SETTINGS_MAX_HEADER_LIST_SIZE as announced).
  let maxHeaderListSize: Int

  init(maxHeaderListSize: Int) {
    self.maxHeaderListSize = maxHeaderListSize
  }

  /// The entry of stream `id`, live or not.
  subscript(id: Int32) -> HTTP2Stream? {
    if let recent, recent.id == id { return recent }
    return entries[id]
  }
  /// The number of entries.
  var count: Int { entries.count }
  /// True when the table holds no entry.
  var isEmpty: Bool { entries.isEmpty }
  /// The earliest deadline of a live entry.
  var nextDeadline: ContinuousClock.Instant? { deadlines.nextDeadline }

  /// Adds a live entry (its handler not yet told anything).
  mutating func insert(_ entry: HTTP2Stream) {
    precondition(entries[entry.id] == nil, "stream \(entry.id) is already in the table")
    entries[entry.id] = entry
    recent = entry
    liveCount += 1
    if !entry.isLongLived {
      shortLivedCount += 1
      liveShortLivedCount += 1
    }
    if entry.deadline != nil { deadlines.insert(entry) }
  }

  /// Records that `entry`'s handler was told the stream ended: it no longer counts as live
  /// and its deadline timer is dropped. Call once per entry, after clearing its handler.
  mutating func liveEnded(_ entry: HTTP2Stream) {
    precondition(!entry.isLive, "liveEnded while the stream still has its handler")
    liveCount -= 1
    if !entry.isLongLived { liveShortLivedCount -= 1 }
    deadlines.remove(entry)
  }

  /// Removes the entry of stream `id` (nghttp2 forgot the stream). A live entry must be ended
  /// with ``liveEnded(_:)`` by the caller right after (its handler is told why).
  mutating func remove(_ id: Int32) -> HTTP2Stream? {
    guard let entry = entries.removeValue(forKey: id) else { return nil }
    if recent?.id == id { recent = nil }
    if !entry.isLongLived { shortLivedCount -= 1 }
    return entry
  }

  /// Removes every entry, in stream-id order (the connection is over).
  mutating func removeAll() -> [HTTP2Stream] {
    let all = entries.values.sorted { $0.id < $1.id }
    entries.removeAll()
    recent = nil
    shortLivedCount = 0
    return all
  }

  /// Removes and returns a live entry whose deadline is at or before `now`, if any. The caller
  /// ends it (and calls ``liveEnded(_:)``, which then finds it already out of the heap).
  mutating func popExpired(now: ContinuousClock.Instant) -> HTTP2Stream? {
    deadlines.popDue(now: now)
  }

  // MARK: Header-list accounting
  // Mutating although they change only the entries (classes): called on the connection's stored
  // table, a non-mutating method works on a copy of the table (retains and releases of its
  // storage, per header field), a mutating one in place.

  /// A header block begins on stream `id`.
  mutating func beginHeaderBlock(_ id: Int32) {
    guard let entry = self[id] else { return }
    entry.headerBlock.removeAll(keepingCapacity: true)
    // A response's blocks hold about four fields: one allocation instead of three as it grows.
    if entry.headerBlock.capacity == 0 { entry.headerBlock.reserveCapacity(6) }
    entry.headerBlockSize = 0
  }

  /// Counts one field of the block on stream `id`, the way SETTINGS_MAX_HEADER_LIST_SIZE counts
  /// (name + value + 32, RFC 9113 §6.5.2): nghttp2 does not enforce the limit we announce on
  /// what it receives. Past the limit fields are only counted.
  mutating func addHeader(_ field: HeaderField, to id: Int32) {
    guard let entry = self[id], entry.isLive else { return }
    entry.headerBlockSize += field.name.utf8.count + field.value.utf8.count + 32
    if entry.headerBlockSize <= maxHeaderListSize { entry.headerBlock.append(field) }
  }

  /// The block completed on stream `id`, and whether it went over the limit (then its size).
  mutating func takeHeaderBlock(_ id: Int32) -> (fields: [HeaderField], oversize: Int?)? {
    guard let entry = self[id] else { return nil }
    let block = entry.headerBlock
    entry.headerBlock = []
    let size = entry.headerBlockSize
    return (block, size > maxHeaderListSize ? size : nil)
  }
}
