public import ResoniteHTTP2

/// What the server saw of one streaming call (``Observations/streamingCalls``).
public struct RecordedStreamingCall: Sendable, Hashable {
  /// How the client's request stream ended, as the server saw it.
  public enum RequestEnd: Sendable, Hashable {
    /// END_STREAM: the client finished (half-close).
    case halfClosed
    /// RST_STREAM with this code: the client cancelled (CANCEL) or ended the stream otherwise.
    case reset(HTTP2ErrorCode)
    /// The connection closed under the call.
    case connectionClosed
  }

  /// Which accepted connection carried it (1 for the first).
  public var connectionID: Int
  /// The HTTP/2 stream id.
  public var streamID: Int32
  /// The RPC path.
  public var path: String
  /// Request messages received.
  public var messagesReceived: Int = 0
  /// Response messages queued.
  public var messagesSent: Int = 0
  /// How the request stream ended; nil while it is open.
  public var requestEnd: RequestEnd?
  /// How often the server found the stream's send window closed with messages waiting: the
  /// client's receive backpressure at work.
  public var windowStalls: Int = 0
  /// True once the call is over.
  public var ended: Bool = false

  /// Creates a record.
  public init(connectionID: Int, streamID: Int32, path: String) {
    self.connectionID = connectionID
    self.streamID = streamID
    self.path = path
  }
}
