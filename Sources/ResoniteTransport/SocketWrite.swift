#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SessionWriter {
  /// One `sendmsg(2)` of `first` then `second` (either may be empty) on the non-blocking
  /// socket `fd`, with MSG_NOSIGNAL (a closed peer is an EPIPE error, not a SIGPIPE) and EINTR
  /// retried.
  public static func socketWrite(
    _ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer
  ) -> WriteResult {
    var vectors = (
      iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
      iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
    )
    while true {
      let n = withUnsafeMutableBytes(of: &vectors) { raw -> Int in
        let iov = raw.baseAddress!.assumingMemoryBound(to: iovec.self)
        var message = msghdr()
        message.msg_iov = first.isEmpty ? iov + 1 : iov
        message.msg_iovlen = first.isEmpty ? 1 : 2
        #if canImport(Glibc)
        return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
        #else
        return sendmsg(fd, &message, 0)
        #endif
      }
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
