/// A ``ConnectionClient`` used the wrong way.
public enum ConnectionClientError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A call was made before ``ConnectionClient/connect(timeout:)`` or after ``ConnectionClient/close()``.
  case notConnected

  public var description: String {
    switch self {
    case .notConnected:
      "the client is not connected: call connect() first, or use ConnectionClient.withConnection { client in ... }, which connects and always closes"
    }
  }
}
