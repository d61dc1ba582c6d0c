/// A complete frame nghttp2 received, as reported to ``HTTP2SessionDelegate``.
///
/// Header fields and DATA bytes arrive through their own delegate methods before the frame
/// that carries them is reported here.
public enum HTTP2FrameEvent: Sendable, Hashable {
  /// A complete header block on `streamID`; `endStream` is true when it carried END_STREAM.
  case headers(streamID: Int32, category: HeaderCategory, endStream: Bool)
  /// A DATA frame on `streamID`; its bytes were delivered already.
  case data(streamID: Int32, endStream: Bool)
  /// The peer reset `streamID`.
  case rstStream(streamID: Int32, errorCode: HTTP2ErrorCode)
  /// A SETTINGS frame, or its acknowledgement.
  case settings(ack: Bool, entries: [HTTP2Setting])
  /// A PING frame, or its acknowledgement; nghttp2 answers PINGs by itself.
  case ping(ack: Bool, opaqueData: UInt64)
  /// A GOAWAY frame: streams above `lastStreamID` were not and will not be processed.
  case goAway(lastStreamID: Int32, errorCode: HTTP2ErrorCode, debugData: [UInt8])
  /// A WINDOW_UPDATE frame (0 is the connection).
  case windowUpdate(streamID: Int32, increment: Int32)
  /// Any other frame type.
  case other(type: UInt8, streamID: Int32)
}
