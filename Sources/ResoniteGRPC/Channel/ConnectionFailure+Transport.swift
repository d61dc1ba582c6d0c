import ResoniteHTTP2
import ResoniteTransport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one place that reads the transport's errors: each becomes a ``ConnectionFailure`` whose
/// description is the transport error's own, so messages read as before.
extension ConnectionFailure {
  /// A failed system call: while connecting (`connect`, `socket`, the peer check), or on a
  /// connection that was open (`recv`, `send`, `poll`), which is then ``Kind/broken``.
  init(_ error: SocketError, whileConnecting: Bool) {
    self.init(
      kind: whileConnecting ? Self.connectKind(errno: error.errno) : .broken, path: error.path, errno: error.errno,
      reason: error.reason, whileConnecting: whileConnecting, description: error.description)
  }

  /// A server of another user, refused before anything was sent.
  init(_ error: PeerTrustError) {
    self.init(
      kind: .untrustedPeer(uid: error.peerUID, pid: error.peerPID), path: error.path,
      reason: "the server runs as uid \(error.peerUID), this process as uid \(error.ownUID)", whileConnecting: true,
      description: error.description)
  }

  /// A connection that ended under open calls.
  init(_ error: ConnectionLostError) {
    switch error {
    case .peerClosed(let path):
      self.init(
        kind: .closedByPeer, path: path, reason: "the server closed the connection", whileConnecting: false,
        description: error.description)
    case .socket(let socket):
      self.init(
        kind: .broken, path: socket.path, errno: socket.errno, reason: socket.reason, whileConnecting: false,
        description: error.description)
    case .protocolError(let path, let failure):
      self.init(
        kind: .protocolError, path: path, reason: "HTTP/2 protocol error: \(failure)", whileConnecting: false,
        description: error.description)
    case .closedLocally(let path):
      self.init(
        kind: .closed, path: path, reason: "closed by this client", whileConnecting: false,
        description: error.description)
    }
  }

  /// A stream the connection would not open (the request was not sent).
  init(_ error: StreamOpenError, path: String) {
    switch error {
    case .connectionClosed(let path, _):
      self.init(
        kind: .closed, path: path, reason: "the connection is closed", whileConnecting: false,
        description: error.description)
    case .goingAway(let path):
      self.init(
        kind: .goingAway, path: path, reason: "the connection is going away (GOAWAY)", whileConnecting: false,
        description: error.description)
    case .submitFailed(let failure):
      self.init(
        kind: .other, path: path, reason: "the request could not be submitted: \(failure)", whileConnecting: false,
        description: error.description)
    }
  }

  /// A request nghttp2 did not send because the connection stopped taking streams first.
  init(notSent error: NGHTTP2Error, path: String) {
    self.init(
      kind: .goingAway, path: path, reason: "the connection stopped taking new streams (GOAWAY)",
      whileConnecting: false, description: error.description)
  }

  private static func connectKind(errno code: Int32) -> Kind {
    switch code {
    case ENOENT: .notFound
    case ECONNREFUSED: .refused
    case EAGAIN: .busy
    case EACCES, EPERM: .permissionDenied
    case ENOTSOCK: .notASocket
    case ENAMETOOLONG: .pathTooLong
    case ETIMEDOUT: .timedOut
    case ECONNRESET, EPIPE: .broken
    default: .other
    }
  }
}
