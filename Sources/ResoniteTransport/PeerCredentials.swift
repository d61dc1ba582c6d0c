#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Who runs the process at the other end of a connected Unix socket, as the kernel recorded it
/// when that process listened.
struct PeerCredentials: Sendable, Hashable {
  /// The peer's process id.
  var pid: Int32
  /// The peer's user id.
  var uid: UInt32
  /// The peer's group id.
  var gid: UInt32

  /// Reads the credentials of `fd`'s peer: `getsockopt(SOL_SOCKET, SO_PEERCRED)`.
  ///
  /// - Throws: ``SocketError`` naming the call when the kernel does not answer.
  static func read(fd: Int32, path: String) throws(SocketError) -> PeerCredentials {
    switch Syscall.peerCredentials(fd) {
    case .success(let peer): return PeerCredentials(pid: peer.pid, uid: peer.uid, gid: peer.gid)
    case .failure(let error): throw SocketError(operation: "getsockopt(SO_PEERCRED)", path: path, errno: error.rawValue)
    }
  }

  /// Refuses a peer that runs as neither this process's effective user nor root, unless the
  /// configuration (or `RESONITE_IO_TRUST_ANY_PEER=1`) trusts any peer. Called right after
  /// connecting, before a byte is sent.
  ///
  /// - Throws: ``PeerTrustError`` for an untrusted peer; ``SocketError`` when the credentials
  ///   cannot be read.
  static func verifyTrusted(fd: Int32, path: String, configuration: ConnectionConfiguration) throws {
    if configuration.trustsAnyPeer { return }
    let peer = try read(fd: fd, path: path)
    let own = geteuid()
    guard peer.uid == own || peer.uid == 0 else {
      throw PeerTrustError(path: path, peerUID: peer.uid, peerPID: peer.pid, ownUID: own)
    }
  }
}
