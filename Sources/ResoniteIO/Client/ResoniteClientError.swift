/// A ``ResoniteClient`` used the wrong way.
public enum ResoniteClientError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A call was made before ``ResoniteClient/connect(timeout:)`` or after
  /// ``ResoniteClient/close()``.
  case notConnected

  public var description: String {
    switch self {
    case .notConnected:
      "the client is not connected: call connect() first, or use ResoniteClient.withConnection { mod in ... }, which connects and always closes"
    }
  }
}
