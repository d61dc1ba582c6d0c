#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking pipe that wakes a thread blocked in `poll(2)`: the connection's I/O thread,
/// and the test server's loop.
///
/// A pipe rather than an `eventfd` because Swift's Glibc module exports neither `eventfd` nor
/// `pipe2`, and a C shim is not worth the difference for at most one wake-up per loop turn.
public struct WakeupPipe: Sendable {
  /// The end `poll` waits on.
  public let readFD: Int32
  /// The end ``wake()`` writes to.
  public let writeFD: Int32

  /// Opens the pipe, both ends non-blocking and close-on-exec.
  ///
  /// - Parameter path: the socket path the pipe serves, named in a ``SocketError`` on failure.
  public init(path: String) throws(SocketError) {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else {
      throw SocketError(operation: "pipe", path: path, errno: errno)
    }
    for end in ends {
      let flags = fcntl(end, F_GETFL)
      if flags < 0 || fcntl(end, F_SETFL, flags | O_NONBLOCK) < 0 || fcntl(end, F_SETFD, FD_CLOEXEC) < 0 {
        let code = errno
        _ = Glibc.close(ends[0])
        _ = Glibc.close(ends[1])
        throw SocketError(operation: "fcntl", path: path, errno: code)
      }
    }
    readFD = ends[0]
    writeFD = ends[1]
  }

  /// Makes the read end readable. A full pipe already is, so EAGAIN is fine.
  public func wake() {
    var byte: UInt8 = 1
    _ = write(writeFD, &byte, 1)
  }

  /// Empties the read end.
  public func drain() {
    var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    while withUnsafeMutableBytes(of: &scratch, { read(readFD, $0.baseAddress, $0.count) }) > 0 {}
  }

  /// Closes both ends.
  public func close() {
    _ = Glibc.close(readFD)
    _ = Glibc.close(writeFD)
  }
}
