public import ResoniteHTTP2

/// An RST_STREAM frame a client sent.
public struct RecordedReset: Sendable, Hashable {
  /// Which accepted connection carried it (1 for the first).
  public var connectionID: Int
  /// The stream that was reset.
  public var streamID: Int32
  /// The reset's error code, for example `HTTP2ErrorCode.cancel` for a cancelled call.
  public var errorCode: HTTP2ErrorCode

  /// Creates a record.
  public init(connectionID: Int, streamID: Int32, errorCode: HTTP2ErrorCode) {
    self.connectionID = connectionID
    self.streamID = streamID
    self.errorCode = errorCode
  }
}
