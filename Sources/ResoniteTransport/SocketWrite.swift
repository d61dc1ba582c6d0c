#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension SessionWriter {
  /// One `sendmsg(2)` of `first` then `second` (either may be empty) on the non-blocking
  /// socket `fd` (`Syscall/send(_:_:_:)`: MSG_NOSIGNAL, so a closed peer is an EPIPE error,
  /// not a SIGPIPE, and EINTR retried).
  public static func socketWrite(
    _ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer
  ) -> WriteResult {
    switch Syscall.send(fd, first, second) {
    case .success(let n) where n > 0: return .wrote(n)
    // A stream socket never takes 0 of a non-empty write; treat it as a broken pipe rather
    // than spin on it.
    case .success: return .failed(errno: EPIPE)
    case .failure(let error) where error.isWouldBlock: return .wouldBlock
    case .failure(let error): return .failed(errno: error.rawValue)
    }
  }
}
