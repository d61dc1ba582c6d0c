#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The socket calls of a client connection (through `Syscall`, which retries `EINTR`), each
/// failing with a ``SocketError`` that names the call and the path.
enum UnixSocket {
  /// Connects a new stream socket to `path` and makes it non-blocking.
  ///
  /// Connecting to a Unix socket completes at once (or is refused), so the connect itself is
  /// blocking; only the I/O after it is not.
  static func connect(path: String) throws(SocketError) -> Int32 {
    var address = try UnixSocketAddress(path: path, operation: "connect")

    let fd: Int32
    switch Syscall.unixStreamSocket() {
    case .success(let socket): fd = socket
    case .failure(let error): throw SocketError(operation: "socket", path: path, errno: error.rawValue)
    }

    if case .failure(let error) = Syscall.connect(fd, to: &address) {
      let code = error.rawValue
      Syscall.close(fd)
      // Connecting to a regular file or a directory says "connection refused", which reads like
      // a server that is not up yet; say what is really there.
      if code == ECONNREFUSED || code == ENOTSOCK, let kind = nonSocketKind(at: path) {
        throw SocketError(operation: "connect", path: path, errno: ENOTSOCK, detail: "not a socket (it is \(kind))")
      }
      throw SocketError(operation: "connect", path: path, errno: code)
    }
    do {
      try setNonBlocking(fd, path: path)
    } catch {
      Syscall.close(fd)
      throw error
    }
    return fd
  }

  /// What is at `path` when it exists and is not a socket ("a regular file", "a directory"...).
  static func nonSocketKind(at path: String) -> String? {
    guard case .success(let info) = Syscall.stat(path) else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFSOCK: return nil
    case S_IFREG: return "a regular file"
    case S_IFDIR: return "a directory"
    case S_IFIFO: return "a named pipe"
    case S_IFCHR, S_IFBLK: return "a device"
    default: return "not a socket file"
    }
  }

  static func setNonBlocking(_ fd: Int32, path: String) throws(SocketError) {
    if case .failure(let error) = Syscall.setNonBlocking(fd) {
      throw SocketError(operation: "fcntl", path: path, errno: error.rawValue)
    }
  }
}
