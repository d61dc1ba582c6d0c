#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a child process's output line by line.
public enum LineReader {
  /// Reads one line (without its newline) from `fd`, or nil at EOF or after `timeout`.
  /// Blocking: call it on a thread of its own (``onOwnThread(_:)``).
  public static func readLine(fd: Int32, timeout: Duration) -> String? {
    let deadline = ContinuousClock.now + timeout
    var bytes: [UInt8] = []
    while ContinuousClock.now < deadline {
      var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&pfd, 1, 50)
      if ready < 0 && errno != EINTR { return nil }
      guard ready > 0 else { continue }
      var byte: UInt8 = 0
      let n = read(fd, &byte, 1)
      if n < 0 && errno == EINTR { continue }
      guard n == 1 else { return nil }
      if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(byte)
    }
    return nil
  }
}
