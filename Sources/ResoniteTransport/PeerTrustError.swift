/// The process serving a Unix socket runs as another user, so the connection was refused
/// before anything was sent to it.
///
/// Only a server running as this process's effective user, or as root, is trusted: a socket
/// in a shared place (such as `/tmp`) can be planted by any local user, who would then receive
/// every request. To talk to such a server anyway, set
/// ``ConnectionConfiguration/trustAnyPeer`` or the environment variable
/// `RESONITE_IO_TRUST_ANY_PEER=1` (see ``ConnectionConfiguration/trustAnyPeerEnvironmentVariable``).
public struct PeerTrustError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The socket path that was connected to.
  public let path: String
  /// The user id the server runs as (from `SO_PEERCRED`).
  public let peerUID: UInt32
  /// The server's process id (from `SO_PEERCRED`; 0 where the system does not say).
  public let peerPID: Int32
  /// This process's effective user id.
  public let ownUID: UInt32

  /// Creates an error.
  public init(path: String, peerUID: UInt32, peerPID: Int32, ownUID: UInt32) {
    self.path = path
    self.peerUID = peerUID
    self.peerPID = peerPID
    self.ownUID = ownUID
  }

  /// Names the socket, both user ids and the way to opt out.
  public var description: String {
    "refusing the server on \(path): it runs as uid \(peerUID) (pid \(peerPID)), but this process runs as uid "
      + "\(ownUID), and only a server of the same user or root is trusted; if you trust it, set "
      + "\(ConnectionConfiguration.trustAnyPeerEnvironmentVariable)=1 or ConnectionConfiguration.trustAnyPeer"
  }
}
