#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SessionWriter {
  /// One `send(2)` of `bytes` on the non-blocking socket `fd`, with MSG_NOSIGNAL (a closed
  /// peer is an EPIPE error, not a SIGPIPE) and EINTR retried.
  public static func socketWrite(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> WriteResult {
    while true {
      #if canImport(Glibc)
      let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
      #else
      let n = Darwin.send(fd, bytes.baseAddress, bytes.count, 0)
      #endif
      if n > 0 { return .wrote(n) }
      // A stream socket never takes 0 of a non-empty write; treat it as a broken pipe rather
      // than spin on it.
      if n == 0 { return .failed(errno: EPIPE) }
      let code = errno
      if code == EINTR { continue }
      if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
      return .failed(errno: code)
    }
  }
}
