import ResoniteTransport

/// How a ``GRPCChannel`` connects and what it allows.
public struct ChannelConfiguration: Sendable, Hashable {
  /// The `:authority` of every request. `localhost` is what gRPC's C core and grpc-go send
  /// for Unix sockets, and what strict servers accept.
  public var authority: String = "localhost"
  /// The `user-agent` of every request.
  public var userAgent: String = "resonite-io-swift/\(ResoniteGRPCVersion.string)"
  /// The largest request message a call may send, in bytes; a larger one fails that call with
  /// RESOURCE_EXHAUSTED before anything is sent. Large by default: Resonite IO carries frames
  /// of tens of MiB per message.
  public var maxRequestMessageSize: Int = 256 << 20
  /// The largest response message accepted, in bytes; a larger one fails that call with
  /// RESOURCE_EXHAUSTED and resets its stream, leaving the connection usable.
  public var maxResponseMessageSize: Int = 256 << 20
  /// Streaming responses: how many received messages may wait untaken (not yet returned by the
  /// messages sequence) before the call stops giving the stream's flow-control window back, so
  /// that a consumer that falls behind holds the server back instead of buffering without end.
  /// The client then holds about this many messages plus one stream window
  /// (`ConnectionConfiguration.initialStreamWindowSize`) per call. At least 1; default 1.
  public var bufferedResponseMessages: Int = 1
  /// Streaming requests: `send` suspends while this many bytes (or more) wait to be sent, which
  /// is the case while the server's window is closed. A message is queued whole, so the client
  /// holds at most this plus one message. Default 1 MiB.
  public var maxQueuedRequestBytes: Int = 1 << 20
  /// HTTP/2 settings of each connection (windows, frame size, close grace period).
  public var connection = ConnectionConfiguration()

  /// The default configuration.
  public init() {}
}

/// This library's version, as sent in `user-agent`.
public enum ResoniteGRPCVersion {
  /// The version string, for example `0.1.0`.
  public static let string = "0.1.0"
}
