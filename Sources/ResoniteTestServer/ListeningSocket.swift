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
    if case .success(let info) = Syscall.lstat(path) {
      guard info.st_mode & S_IFMT == S_IFSOCK else {
        throw SocketError(operation: "bind", path: path, errno: EEXIST, detail: "the path exists and is not a socket")
      }
      if someoneListens(at: &address) {
        throw SocketError(
          operation: "bind", path: path, errno: EADDRINUSE,
          detail: "another server is listening on this socket; stop it first, or choose another path")
      }
      Syscall.unlink(path)
    }

    let fd: Int32
    switch Syscall.unixStreamSocket(nonBlocking: true) {
    case .success(let socket): fd = socket
    case .failure(let error): throw SocketError(operation: "socket", path: path, errno: error.rawValue)
    }

    if case .failure(let error) = Syscall.bind(fd, to: &address) {
      Syscall.close(fd)
      throw SocketError(operation: "bind", path: path, errno: error.rawValue)
    }
    let inode = (try? Syscall.lstat(path).get()).map { UInt64($0.st_ino) } ?? 0
    return ListeningSocket(fd: fd, path: path, inode: inode)
  }

  /// True when a connect to `address` succeeds: a live server owns the socket file.
  private static func someoneListens(at address: inout UnixSocketAddress) -> Bool {
    guard case .success(let probe) = Syscall.unixStreamSocket() else { return false }
    defer { Syscall.close(probe) }
    if case .success = Syscall.connect(probe, to: &address) { return true }
    return false
  }

  /// Starts accepting connections (before this, a connect is refused with ECONNREFUSED).
  func listen() throws(SocketError) {
    if case .failure(let error) = Syscall.listen(fd) {
      throw SocketError(operation: "listen", path: path, errno: error.rawValue)
    }
  }

  /// Accepts one pending connection as a non-blocking, close-on-exec descriptor; nil when none
  /// is pending (or on a transient error).
  func accept() -> Int32? {
    while true {
      switch Syscall.accept(fd) {  // EINTR retried
      case .success(let client):
        _ = Syscall.setNonBlocking(client)
        _ = Syscall.setCloseOnExec(client)
        return client
      case .failure(let error) where error.rawValue == ECONNABORTED:
        continue
      case .failure:
        return nil
      }
    }
  }

  /// Closes the descriptor and removes the socket file if it is still the one we bound.
  func closeAndUnlink() {
    Syscall.close(fd)
    if case .success(let info) = Syscall.lstat(path), UInt64(info.st_ino) == inode, info.st_mode & S_IFMT == S_IFSOCK {
      Syscall.unlink(path)
    }
  }
}
