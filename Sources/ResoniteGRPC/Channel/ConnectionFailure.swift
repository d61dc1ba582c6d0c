/// Why the connection under a call failed: the ``RPCError/cause`` of every error this library
/// raises because the socket or the connection did not work (as opposed to a status the server
/// sent).
///
/// It says what happened in this library's own words, so that code above the channel tells
/// "no server there yet" from "that can never work" without knowing how the connection is
/// made:
///
/// ```swift
/// do {
///   try channel.connect()
/// } catch {
///   if let failure = error.cause as? ConnectionFailure, failure.kind == .notFound {
///     print("no socket at \(failure.path) yet")
///   }
/// }
/// ```
public struct ConnectionFailure: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: Sendable, Hashable {
    /// No socket file at the path (ENOENT): the server is not running, or not yet.
    case notFound
    /// A socket file nobody listens on (ECONNREFUSED): a stale socket, or a server not yet listening.
    case refused
    /// The server's queue of connections waiting to be accepted is full (EAGAIN): try again.
    case busy
    /// The socket exists but this user may not connect to it (EACCES, EPERM).
    case permissionDenied
    /// Something other than a socket (a regular file, a directory) is at the path (ENOTSOCK).
    case notASocket
    /// The path does not fit a Unix socket address, 107 bytes on Linux (ENAMETOOLONG).
    case pathTooLong
    /// A system call timed out (ETIMEDOUT).
    case timedOut
    /// The server runs as another user than this process's effective user or root, so it was
    /// refused before anything was sent (the ``RPCError`` is ``StatusCode/permissionDenied``).
    /// `uid` and `pid` are the server's, as the kernel reported them.
    case untrustedPeer(uid: UInt32, pid: Int32)
    /// The open connection broke: reset by the peer, a broken pipe, or another failed socket call.
    case broken
    /// The server closed the connection (end of file) while calls were open.
    case closedByPeer
    /// The server broke the HTTP/2 protocol, so the connection was given up.
    case protocolError
    /// The connection was closed on this side, or was closed when the call wanted it.
    case closed
    /// The server sent GOAWAY: the connection finishes its calls but takes no new one, and
    /// this call was not sent.
    case goingAway
    /// Anything else; ``ConnectionFailure/reason`` says what.
    case other
  }

  /// What went wrong.
  public let kind: Kind
  /// The socket path of the connection.
  public let path: String
  /// The system's error number when a system call failed (for example `ENOENT`, 2), else nil.
  public let errno: Int32?
  /// What went wrong, without the path: the system's text for ``errno`` (for example
  /// `No such file or directory`), or what this side knows better (for example
  /// `not a socket (it is a directory)`).
  public let reason: String
  /// True when the failure happened while connecting (nothing was sent on that connection);
  /// false when a connection that was made broke or would take no new call.
  public let whileConnecting: Bool
  /// The whole story in one line, for example
  /// `connect(/run/user/1000/resonite.sock): No such file or directory (errno 2)`.
  public let description: String

  /// Creates a failure.
  public init(
    kind: Kind, path: String, errno: Int32? = nil, reason: String, whileConnecting: Bool, description: String? = nil
  ) {
    self.kind = kind
    self.path = path
    self.errno = errno
    self.reason = reason
    self.whileConnecting = whileConnecting
    self.description = description ?? "\(path): \(reason)"
  }
}
