#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who runs the process at the other end of a connected Unix socket, as the kernel recorded it
/// when that process listened.
struct PeerCredentials: Sendable, Hashable {
  /// The peer's process id (0 where the system does not report it).
  var pid: Int32
  /// The peer's user id.
  var uid: UInt32
  /// The peer's group id.
  var gid: UInt32

  #if canImport(Glibc)
  /// `struct ucred` of `<sys/socket.h>`, which Glibc's Swift module does not export (the C
  /// header declares it only under `_GNU_SOURCE`). Same layout: pid, uid, gid.
  private struct UCred {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
  }
  #endif

  /// Reads the credentials of `fd`'s peer: `getsockopt(SOL_SOCKET, SO_PEERCRED)` on Linux,
  /// `getpeereid` elsewhere.
  ///
  /// - Throws: ``SocketError`` naming the call when the kernel does not answer.
  static func read(fd: Int32, path: String) throws(SocketError) -> PeerCredentials {
    #if canImport(Glibc)
    var credentials = UCred()
    var length = socklen_t(MemoryLayout<UCred>.size)
    guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else {
      throw SocketError(operation: "getsockopt(SO_PEERCRED)", path: path, errno: errno)
    }
    return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    #else
    var uid = uid_t(0)
    var gid = gid_t(0)
    guard getpeereid(fd, &uid, &gid) == 0 else {
      throw SocketError(operation: "getpeereid", path: path, errno: errno)
    }
    return PeerCredentials(pid: 0, uid: uid, gid: gid)
    #endif
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
