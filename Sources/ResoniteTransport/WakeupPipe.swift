#if canImport(Glibc)
  import Glibc
#endif

/// A non-blocking pipe that wakes a thread blocked in `poll(2)`: the connection's I/O thread,
/// and the test server's loop.
///
/// A pipe rather than an `eventfd`: at most one wake-up per loop turn makes the difference
/// not worth a second kind of descriptor.
public struct WakeupPipe: Sendable {
  /// The end `poll` waits on.
  public let readFD: Int32
  /// The end ``wake()`` writes to.
  public let writeFD: Int32

  /// Opens the pipe, both ends non-blocking and close-on-exec.
  ///
  /// - Parameter path: the socket path the pipe serves, named in a ``SocketError`` on failure.
  public init(path: String) throws(SocketError) {
    switch Syscall.pipe() {
    case .success(let ends): (readFD, writeFD) = (ends.read, ends.write)
    case .failure(let error): throw SocketError(operation: "pipe", path: path, errno: error.rawValue)
    }
  }

  /// Makes the read end readable. A full pipe already is, so EAGAIN is fine.
  public func wake() {
    var byte: UInt8 = 1
    _ = Syscall.write(writeFD, &byte, 1)
  }

  /// Empties the read end.
  public func drain() {
    var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    while case .success(let n) = withUnsafeMutableBytes(
      of: &scratch, { Syscall.read(readFD, $0.baseAddress!, $0.count) }),
      n > 0
    {}
  }

  /// Closes both ends.
  public func close() {
    Syscall.close(readFD)
    Syscall.close(writeFD)
  }
}
