import CResoniteSystem
package import Glibc

#if !os(Linux)
  #error(
    "ResoniteTransport supports Linux only (see the README's Platforms section); this file and CResoniteSystem are where a port starts"
  )
#endif

/// The library's one door to the operating system: every raw system call of the transport and
/// the test server goes through here, and through ``syscall(retryingInterrupts:_:)``, which
/// retries `EINTR` and turns `-1` into an ``Errno``. What Swift cannot call is in the C shim
/// `CResoniteSystem`. Linux only; a port to another system changes this file and the shim.
///
/// The calls on the hot path (``recv(_:into:)``, ``send(_:_:_:)``, ``poll(_:_:_:)``,
/// ``write(_:_:_:)``, ``read(_:_:_:)``) are `@inline(__always)`, so that inside the transport
/// they compile to the bare call and a compare, as before.
package enum Syscall {
  // MARK: Sockets

  /// A new Unix stream socket, close-on-exec, and non-blocking when asked.
  @inline(__always)
  package static func unixStreamSocket(nonBlocking: Bool = false) -> Result<Int32, Errno> {
    var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
    return syscall { Glibc.socket(AF_UNIX, type, 0) }
  }

  /// `connect(2)` to `address` (blocking: a Unix socket connects at once or is refused).
  @inline(__always)
  package static func connect(_ fd: Int32, to address: inout UnixSocketAddress) -> Result<Void, Errno> {
    syscall { address.withSockaddr { Glibc.connect(fd, $0, $1) } }.map { _ in () }
  }

  /// `bind(2)` to `address`.
  @inline(__always)
  package static func bind(_ fd: Int32, to address: inout UnixSocketAddress) -> Result<Void, Errno> {
    syscall { address.withSockaddr { Glibc.bind(fd, $0, $1) } }.map { _ in () }
  }

  /// `listen(2)` with the system's largest backlog.
  @inline(__always)
  package static func listen(_ fd: Int32) -> Result<Void, Errno> {
    syscall { Glibc.listen(fd, SOMAXCONN) }.map { _ in () }
  }

  /// `accept(2)`, without the peer's address.
  @inline(__always)
  package static func accept(_ fd: Int32) -> Result<Int32, Errno> {
    syscall { Glibc.accept(fd, nil, nil) }
  }

  /// The pid, uid and gid of `fd`'s peer (`SO_PEERCRED`, through the shim).
  @inline(__always)
  package static func peerCredentials(_ fd: Int32) -> Result<(pid: Int32, uid: UInt32, gid: UInt32), Errno> {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
    return syscall { resonite_peer_credentials(fd, &pid, &uid, &gid) }.map { _ in (pid, uid, gid) }
  }

  /// One `recv(2)` into `buffer`: the byte count, 0 at the peer's end of stream.
  @inline(__always)
  package static func recv(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, Errno> {
    syscall { Glibc.recv(fd, buffer.baseAddress, buffer.count, 0) }
  }

  /// One `recvmsg(2)` scattering what the socket holds over `vectors`, in order.
  @inline(__always)
  package static func receive(_ fd: Int32, into vectors: UnsafeMutableBufferPointer<iovec>) -> Result<Int, Errno> {
    var message = msghdr()
    message.msg_iov = vectors.baseAddress
    message.msg_iovlen = vectors.count
    return syscall { Glibc.recvmsg(fd, &message, 0) }
  }

  /// One `sendmsg(2)` of `first` then `second` (either may be empty), with MSG_NOSIGNAL: a
  /// closed peer is an EPIPE error, not a SIGPIPE.
  @inline(__always)
  package static func send(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer)
    -> Result<Int, Errno>
  {
    var vectors = (
      iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
      iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
    )
    return withUnsafeMutableBytes(of: &vectors) { raw in
      let iov = raw.baseAddress!.assumingMemoryBound(to: iovec.self)
      var message = msghdr()
      message.msg_iov = first.isEmpty ? iov + 1 : iov
      message.msg_iovlen = first.isEmpty ? 1 : 2
      return syscall { Glibc.sendmsg(fd, &message, Int32(MSG_NOSIGNAL)) }
    }
  }

  // MARK: Descriptors

  /// `poll(2)`. Not retried on EINTR: the caller recomputes its timeout and polls again.
  @inline(__always)
  package static func poll(_ fds: UnsafeMutablePointer<pollfd>, _ count: Int, _ timeout: Int32) -> Result<Int32, Errno>
  {
    syscall(retryingInterrupts: false) { Glibc.poll(fds, nfds_t(count), timeout) }
  }

  /// A pipe, both ends non-blocking and close-on-exec.
  @inline(__always)
  package static func pipe() -> Result<(read: Int32, write: Int32), Errno> {
    var ends: (Int32, Int32) = (-1, -1)
    return withUnsafeMutableBytes(of: &ends) { raw in
      syscall { resonite_pipe_nonblocking(raw.baseAddress!.assumingMemoryBound(to: Int32.self)) }
    }.map { _ in (ends.0, ends.1) }
  }

  /// One `write(2)`.
  @inline(__always)
  package static func write(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Result<Int, Errno> {
    syscall { Glibc.write(fd, bytes, count) }
  }

  /// One `read(2)`.
  @inline(__always)
  package static func read(_ fd: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Result<Int, Errno> {
    syscall { Glibc.read(fd, bytes, count) }
  }

  /// Adds O_NONBLOCK to `fd`'s status flags (`fcntl` F_GETFL, F_SETFL).
  @inline(__always)
  package static func setNonBlocking(_ fd: Int32) -> Result<Void, Errno> {
    syscall { Glibc.fcntl(fd, F_GETFL) }.flatMap { flags in
      syscall { Glibc.fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }.map { _ in () }
  }

  /// Sets FD_CLOEXEC on `fd` (`fcntl` F_SETFD).
  @inline(__always)
  package static func setCloseOnExec(_ fd: Int32) -> Result<Void, Errno> {
    syscall { Glibc.fcntl(fd, F_SETFD, FD_CLOEXEC) }.map { _ in () }
  }

  /// `close(2)`. Never retried: on Linux the descriptor is gone even when EINTR is reported,
  /// and a retry could close a descriptor another thread just opened.
  @inline(__always)
  @discardableResult
  package static func close(_ fd: Int32) -> Result<Void, Errno> {
    syscall(retryingInterrupts: false) { Glibc.close(fd) }.map { _ in () }
  }

  // MARK: Paths

  /// `stat(2)`: what is at `path`, links followed.
  @inline(__always)
  package static func stat(_ path: String) -> Result<Glibc.stat, Errno> {
    var info = Glibc.stat()
    return syscall { statFollowingLinks(path, &info) }.map { _ in info }
  }

  /// `lstat(2)`: what is at `path` itself.
  @inline(__always)
  package static func lstat(_ path: String) -> Result<Glibc.stat, Errno> {
    var info = Glibc.stat()
    return syscall { Glibc.lstat(path, &info) }.map { _ in info }
  }

  /// `open(2)` of a file, with `mode` for one it creates.
  @inline(__always)
  package static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) -> Result<Int32, Errno> {
    syscall { Glibc.open(path, flags, mode) }
  }

  /// `mkdir(2)`.
  @inline(__always)
  package static func mkdir(_ path: String, mode: mode_t) -> Result<Void, Errno> {
    syscall { Glibc.mkdir(path, mode) }.map { _ in () }
  }

  /// `unlink(2)`.
  @inline(__always)
  @discardableResult
  package static func unlink(_ path: String) -> Result<Void, Errno> {
    syscall { Glibc.unlink(path) }.map { _ in () }
  }
}

/// Runs the system call `body` and turns its `-1` into the ``Errno`` it left, retrying while
/// it fails with EINTR (unless `retryingInterrupts` is false: ``Syscall/poll(_:_:_:)`` and
/// ``Syscall/close(_:)``). `errno` is read right after the call, with nothing in between
/// that could change it.
@inline(__always)
package func syscall<T: FixedWidthInteger>(retryingInterrupts: Bool = true, _ body: () -> T) -> Result<T, Errno> {
  while true {
    let result = body()
    if result != -1 { return .success(result) }
    let error = Errno.current
    if retryingInterrupts && error.isInterrupted { continue }
    return .failure(error)
  }
}

/// `stat(2)` under a name that the struct `stat` and ``Syscall/stat(_:)`` do not shadow.
@inline(__always)
private func statFollowingLinks(_ path: String, _ info: inout Glibc.stat) -> Int32 {
  stat(path, &info)
}
