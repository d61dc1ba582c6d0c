public import ResoniteGRPC

/// A gRPC error status the test server answers with: sent as Trailers-Only (`:status 200`,
/// `content-type`, `grpc-status`, percent-encoded `grpc-message` and the trailing metadata,
/// in one HEADERS frame with END_STREAM).
public struct CallFailure: Sendable, Hashable, CustomStringConvertible {
  /// The status code; should not be `StatusCode.ok`.
  public var code: StatusCode
  /// The message, any Unicode text; sent percent-encoded, omitted when empty.
  public var message: String
  /// Extra trailing metadata (keys must not start with `grpc-`).
  public var trailingMetadata: Metadata

  /// Creates a failure.
  public init(code: StatusCode, message: String, trailingMetadata: Metadata = Metadata()) {
    self.code = code
    self.message = message
    self.trailingMetadata = trailingMetadata
  }

  /// Reads like `FAILED_PRECONDITION: engine not ready`.
  public var description: String { "\(code.name): \(message)" }
}
