/// Per-call settings.
public struct CallOptions: Sendable, Hashable {
  /// How long the call may take, from the moment it starts, streaming calls included (the
  /// whole call, not each message).
  ///
  /// The remaining time is sent as `grpc-timeout` so the server can stop early, and the client
  /// keeps its own timer: when it fires the call is reset with RST_STREAM(CANCEL) and fails with
  /// ``StatusCode/deadlineExceeded``, whatever the server does. nil means no deadline. A
  /// timeout that is already zero or negative fails the call at once, without sending it.
  public var timeout: Duration?
  /// Custom metadata sent after the protocol's headers. Keys are lower-case `0-9 a-z _ - .`
  /// and must not start with `grpc-`; text values must be printable ASCII; binary values go
  /// under keys ending in `-bin`.
  public var metadata: Metadata
  /// Overrides the channel's limit on the size of a request message, in bytes.
  public var maxRequestMessageSize: Int?
  /// Overrides the channel's limit on the size of a response message, in bytes.
  public var maxResponseMessageSize: Int?
  /// Overrides ``ChannelConfiguration/bufferedResponseMessages`` for a streaming response:
  /// how many received messages may wait untaken before the server is held back.
  public var bufferedResponseMessages: Int?
  /// Overrides ``ChannelConfiguration/maxQueuedRequestBytes`` for a streaming request: how
  /// many bytes may wait to be sent before `send` suspends.
  public var maxQueuedRequestBytes: Int?

  /// Creates options.
  public init(
    timeout: Duration? = nil, metadata: Metadata = Metadata(), maxRequestMessageSize: Int? = nil,
    maxResponseMessageSize: Int? = nil, bufferedResponseMessages: Int? = nil, maxQueuedRequestBytes: Int? = nil
  ) {
    self.bufferedResponseMessages = bufferedResponseMessages
    self.maxQueuedRequestBytes = maxQueuedRequestBytes
    self.timeout = timeout
    self.metadata = metadata
    self.maxRequestMessageSize = maxRequestMessageSize
    self.maxResponseMessageSize = maxResponseMessageSize
  }
}
