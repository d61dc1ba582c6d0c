#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The raw socket calls of a client connection, each retrying `EINTR` and failing with a
/// ``SocketError`` that names the call and the path.
enum UnixSocket {
  /// Connects a new stream socket to `path` and makes it non-blocking.
  ///
  /// Connecting to a Unix socket completes at once (or is refused), so the connect itself is
  /// blocking; only the I/O after it is not.
  static func connect(path: String) throws(SocketError) -> Int32 {
    var address = try UnixSocketAddress(path: path, operation: "connect")

    #if canImport(Glibc)
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    #else
    let fd = socket(AF_UNIX, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw SocketError(operation: "socket", path: path, errno: errno) }

    var rv: Int32
    repeat {
      rv = address.withSockaddr { Glibc.connect(fd, $0, $1) }
    } while rv < 0 && errno == EINTR
    if rv < 0 {
      let code = errno
      close(fd)
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
      close(fd)
      throw error
    }
    return fd
  }

  /// What is at `path` when it exists and is not a socket ("a regular file", "a directory"...).
  static func nonSocketKind(at path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
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
    let flags = fcntl(fd, F_GETFL)
    guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) >= 0 else {
      throw SocketError(operation: "fcntl", path: path, errno: errno)
    }
  }
}
