#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes a connection produced that its socket has not taken yet.
///
/// Small frames are gathered so that one `send(2)` carries many; a large DATA frame goes
/// straight from nghttp2's buffer to the socket and only its unsent tail is kept here.
struct SocketOutput {
  /// Frames at least this long are written directly when nothing is pending.
  static let directThreshold = 8 << 10
  /// Gathered bytes are written once they reach this many.
  static let gatherLimit = 128 << 10

  private var bytes: [UInt8] = []
  private var sent = 0

  /// True when every produced byte was written.
  var isEmpty: Bool { sent == bytes.count }
  /// The number of bytes pending.
  var count: Int { bytes.count - sent }

  /// Keeps `chunk` for a later write.
  mutating func append(_ chunk: UnsafeRawBufferPointer) {
    bytes.append(contentsOf: chunk)
  }

  /// Writes pending bytes until none are left or the socket is full.
  /// - Returns: false when the socket failed (the peer is gone).
  mutating func write(to fd: Int32) -> Bool {
    while !isEmpty {
      let n = bytes.withUnsafeBytes { raw in
        SocketOutput.send(fd, UnsafeRawBufferPointer(rebasing: raw[sent...]))
      }
      if n < 0 { return false }
      if n == 0 { return true }
      sent += n
    }
    bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
    sent = 0
    return true
  }

  /// One `send(2)` with MSG_NOSIGNAL, retrying EINTR.
  /// - Returns: the bytes written, 0 when the socket is full, -1 on a failure.
  static func send(_ fd: Int32, _ chunk: UnsafeRawBufferPointer) -> Int {
    while true {
      #if canImport(Glibc)
      let n = Glibc.send(fd, chunk.baseAddress, chunk.count, Int32(MSG_NOSIGNAL))
      #else
      let n = Darwin.send(fd, chunk.baseAddress, chunk.count, 0)
      #endif
      if n >= 0 { return n }
      if errno == EINTR { continue }
      if errno == EAGAIN || errno == EWOULDBLOCK { return 0 }
      return -1
    }
  }
}
