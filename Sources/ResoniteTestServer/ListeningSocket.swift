#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ResoniteTransport

/// The server's listening Unix domain socket: bound at start, listening at once or after the
/// configured delay, and unlinked on stop when the file is still the one it bound.
struct ListeningSocket: Sendable {
  /// The socket descriptor (non-blocking, close-on-exec).
  let fd: Int32
  /// The filesystem path it is bound to.
  let path: String
  /// The inode of the socket file created by `bind`, to unlink only our own file.
  let inode: UInt64

  /// Creates a socket and binds it to `path`, replacing a stale socket file left there.
  ///
  /// - Throws: ``SocketError`` when the path is too long, is occupied by something that is not
  ///   a socket, or a system call fails.
  static func bind(path: String) throws(SocketError) -> ListeningSocket {
    var address = try UnixSocketAddress(path: path, operation: "bind")

    // A socket file left by a killed server is replaced, as the mod does; a socket another
    // live server answers on, or anything that is not a socket, stays.
    var info = stat()
    if lstat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFSOCK else {
        throw SocketError(operation: "bind", path: path, errno: EEXIST, detail: "the path exists and is not a socket")
      }
      if someoneListens(at: &address) {
        throw SocketError(
          operation: "bind", path: path, errno: EADDRINUSE,
          detail: "another server is listening on this socket; stop it first, or choose another path")
      }
      unlink(path)
    }

    #if canImport(Glibc)
    let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
    #else
    let type = SOCK_STREAM
    #endif
    let fd = socket(AF_UNIX, type, 0)
    guard fd >= 0 else { throw SocketError(operation: "socket", path: path, errno: errno) }

    let rv = address.withSockaddr { Glibc.bind(fd, $0, $1) }
    guard rv == 0 else {
      let code = errno
      closeFD(fd)
      throw SocketError(operation: "bind", path: path, errno: code)
    }
    var bound = stat()
    let inode = lstat(path, &bound) == 0 ? UInt64(bound.st_ino) : 0
    return ListeningSocket(fd: fd, path: path, inode: inode)
  }

  /// True when a connect to `address` succeeds: a live server owns the socket file.
  private static func someoneListens(at address: inout UnixSocketAddress) -> Bool {
    #if canImport(Glibc)
    let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    #else
    let probe = socket(AF_UNIX, SOCK_STREAM, 0)
    #endif
    guard probe >= 0 else { return false }
    defer { closeFD(probe) }
    var rv: Int32
    repeat {
      rv = address.withSockaddr { Glibc.connect(probe, $0, $1) }
    } while rv < 0 && errno == EINTR
    return rv == 0
  }

  /// Starts accepting connections (before this, a connect is refused with ECONNREFUSED).
  func listen() throws(SocketError) {
    #if canImport(Glibc)
    let rv = Glibc.listen(fd, SOMAXCONN)
    #else
    let rv = Darwin.listen(fd, SOMAXCONN)
    #endif
    guard rv == 0 else { throw SocketError(operation: "listen", path: path, errno: errno) }
  }

  /// Accepts one pending connection as a non-blocking, close-on-exec descriptor; nil when none
  /// is pending (or on a transient error).
  func accept() -> Int32? {
    while true {
      #if canImport(Glibc)
      let client = Glibc.accept(fd, nil, nil)
      #else
      let client = Darwin.accept(fd, nil, nil)
      #endif
      if client >= 0 {
        let flags = fcntl(client, F_GETFL)
        _ = fcntl(client, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return client
      }
      if errno == EINTR || errno == ECONNABORTED { continue }
      return nil
    }
  }

  /// Closes the descriptor and removes the socket file if it is still the one we bound.
  func closeAndUnlink() {
    closeFD(fd)
    var info = stat()
    if lstat(path, &info) == 0, UInt64(info.st_ino) == inode, info.st_mode & S_IFMT == S_IFSOCK {
      unlink(path)
    }
  }
}
