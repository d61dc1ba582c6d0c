#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ResoniteTransport

/// A non-blocking pipe that wakes the server's I/O thread out of `poll(2)`: written by
/// ``TestServer/stop()`` and by handler registration, read by the loop.
struct LoopWakeup: Sendable {
  /// The end the loop polls.
  let readFD: Int32
  /// The end ``wake()`` writes to.
  let writeFD: Int32

  /// Opens the pipe, both ends non-blocking and close-on-exec.
  init(path: String) throws(SocketError) {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { throw SocketError(operation: "pipe", path: path, errno: errno) }
    for end in ends {
      let flags = fcntl(end, F_GETFL)
      if flags < 0 || fcntl(end, F_SETFL, flags | O_NONBLOCK) < 0 || fcntl(end, F_SETFD, FD_CLOEXEC) < 0 {
        let code = errno
        closeFD(ends[0])
        closeFD(ends[1])
        throw SocketError(operation: "fcntl", path: path, errno: code)
      }
    }
    readFD = ends[0]
    writeFD = ends[1]
  }

  /// Makes the read end readable (a full pipe already is, so EAGAIN is fine).
  func wake() {
    var byte: UInt8 = 1
    _ = write(writeFD, &byte, 1)
  }

  /// Empties the read end.
  func drain() {
    var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    while withUnsafeMutableBytes(of: &scratch, { read(readFD, $0.baseAddress, $0.count) }) > 0 {}
  }

  /// Closes both ends.
  func close() {
    closeFD(readFD)
    closeFD(writeFD)
  }
}

/// `close(2)` under a name that does not collide with the methods called `close`.
@discardableResult
func closeFD(_ fd: Int32) -> Int32 {
  #if canImport(Glibc)
  Glibc.close(fd)
  #else
  Darwin.close(fd)
  #endif
}
