public import ResoniteHTTP2

/// Why a connection ended while streams were still open.
public enum ConnectionLostError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The peer closed the socket (EOF).
  case peerClosed(path: String)
  /// A socket call failed, for example with ECONNRESET.
  case socket(SocketError)
  /// The peer broke the HTTP/2 protocol; nghttp2 gave up on the session.
  case protocolError(path: String, NGHTTP2Error)
  /// This side closed the connection before the stream finished.
  case closedLocally(path: String)

  public var description: String {
    switch self {
    case .peerClosed(let path): "the server closed the connection on \(path)"
    case .socket(let error): "the connection broke: \(error)"
    case .protocolError(let path, let error): "HTTP/2 protocol error on \(path): \(error)"
    case .closedLocally(let path): "the connection on \(path) was closed by this client"
    }
  }
}
