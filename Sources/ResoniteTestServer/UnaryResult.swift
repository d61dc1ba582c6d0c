public import ResoniteGRPC

/// What a unary handler answers.
public enum UnaryResult: Sendable {
  /// Success: one response message (its serialized bytes), then trailers with `grpc-status: 0`
  /// and `trailingMetadata`.
  case response([UInt8], trailingMetadata: Metadata = Metadata())
  /// An error status, sent as Trailers-Only.
  case failure(CallFailure)
  /// A response written exactly as scripted, right or wrong (see ``ScriptedResponse``).
  case scripted(ScriptedResponse)

  /// An error status with `code` and `message`, sent as Trailers-Only.
  public static func status(_ code: StatusCode, _ message: String, trailingMetadata: Metadata = Metadata()) -> Self {
    .failure(CallFailure(code: code, message: message, trailingMetadata: trailingMetadata))
  }
}
