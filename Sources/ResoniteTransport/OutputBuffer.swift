#if canImport(Glibc)
import Glibc
#endif

/// Bytes nghttp2 produced that the socket has not taken yet.
///
/// Small frames are gathered here so that one `send(2)` carries everything a loop turn
/// produced; a large chunk (a DATA payload served without copying) goes to the socket in the
/// same `sendmsg(2)` as what is pending, and only the part the socket did not take is kept.
/// The unsent tail stays until the socket is writable again.
public struct OutputBuffer {
  /// Chunks at least this long are written through rather than gathered.
  public static let writeThroughThreshold = 32 << 10
  /// Above this many pending bytes, write before asking nghttp2 for more.
  public static let writeThreshold = 256 << 10

  private var bytes: [UInt8] = []
  private var sent = 0

  /// An empty buffer.
  public init() { bytes.reserveCapacity(64 << 10) }

  /// True when every produced byte was written.
  public var isEmpty: Bool { sent == bytes.count }
  /// The number of bytes pending.
  public var count: Int { bytes.count - sent }

  /// Keeps `chunk` for a later write.
  public mutating func append(_ chunk: UnsafeRawBufferPointer) {
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

  /// What ``writeThrough(_:fd:)`` did.
  public enum WriteOutcome {
    /// Everything pending and the chunk went out.
    case all
    /// The socket is full; what it did not take is pending.
    case blocked
    /// The socket failed with this errno.
    case failed(Int32)
  }

  /// Writes what is pending followed by `chunk` in one `sendmsg(2)` (MSG_NOSIGNAL), retrying
  /// EINTR and going on while the socket takes bytes; keeps what it does not take.
  public mutating func writeThrough(_ chunk: UnsafeRawBufferPointer, fd: Int32) -> WriteOutcome {
    var chunkSent = 0
    while true {
      let pendingCount = count
      let n: Int = bytes.withUnsafeMutableBytes { pendingRaw in
        var iov = [
          iovec(iov_base: pendingRaw.baseAddress.map { $0 + sent }, iov_len: pendingCount),
          iovec(
            iov_base: UnsafeMutableRawPointer(mutating: chunk.baseAddress.map { $0 + chunkSent }),
            iov_len: chunk.count - chunkSent),
        ]
        return iov.withUnsafeMutableBufferPointer { vectors in
          var message = msghdr()
          let first = pendingCount == 0 ? 1 : 0
          message.msg_iov = vectors.baseAddress! + first
          message.msg_iovlen = 2 - first
          return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
        }
      }
      if n < 0 {
        let code = errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK {
          append(UnsafeRawBufferPointer(rebasing: chunk[chunkSent...]))
          return .blocked
        }
        return .failed(code)
      }
      let fromPending = min(n, pendingCount)
      if fromPending > 0 { consume(fromPending) }
      chunkSent += n - fromPending
      if chunkSent == chunk.count && isEmpty { return .all }
    }
  }

  /// Writes pending bytes until none are left or the socket is full (MSG_NOSIGNAL, EINTR
  /// retried).
  public mutating func flush(fd: Int32) -> WriteOutcome {
    while !isEmpty {
      let n = withUnsentBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if n > 0 {
        consume(n)
        continue
      }
      let code = errno
      if n < 0 && code == EINTR { continue }
      if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) { return .blocked }
      return .failed(n < 0 ? code : EPIPE)
    }
    return .all
  }
}
