/// Bytes nghttp2 produced that the socket has not taken yet.
///
/// Small frames are gathered here so that one `send(2)` carries everything a loop turn
/// produced; the unsent tail stays until the socket is writable again.
struct OutputBuffer {
  /// Above this many pending bytes, write before asking nghttp2 for more.
  static let writeThreshold = 256 << 10

  private var bytes: [UInt8] = []
  private var sent = 0

  init() { bytes.reserveCapacity(64 << 10) }

  var isEmpty: Bool { sent == bytes.count }
  var count: Int { bytes.count - sent }

  mutating func append(_ chunk: UnsafeRawBufferPointer) {
    bytes.append(contentsOf: chunk)
  }

  func withUnsentBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
    bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[sent...])) }
  }

  mutating func consume(_ n: Int) {
    sent += n
    if sent == bytes.count { removeAll() }
  }

  mutating func removeAll() {
    bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
    sent = 0
  }
}
