public import ResoniteHTTP2

/// Why `HTTP2Connection.openStream(headers:body:handler:deadline:)` refused a stream. In
/// every case the request was not sent, so it is safe to retry on another connection.
public enum StreamOpenError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The connection is closed or lost.
  case connectionClosed(path: String, reason: ConnectionLostError?)
  /// GOAWAY was received or sent: the connection finishes its streams but takes no new one.
  case goingAway(path: String)
  /// nghttp2 rejected the request.
  case submitFailed(NGHTTP2Error)

  public var description: String {
    switch self {
    case .connectionClosed(let path, let reason):
      "the connection to \(path) is closed" + (reason.map { ": \($0)" } ?? "")
    case .goingAway(let path):
      "the connection to \(path) is going away (GOAWAY) and takes no new call"
    case .submitFailed(let error):
      "the request could not be submitted: \(error)"
    }
  }
}
