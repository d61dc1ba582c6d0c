import ResoniteHTTP2

/// What every call shape works out before it opens its stream: the header block, the deadline
/// and the limits, from the channel's configuration and the call's options.
struct CallSetup: Sendable {
  let headers: [HeaderField]
  /// When the local timer ends the call (also sent as `grpc-timeout`).
  let deadline: ContinuousClock.Instant?
  let maxRequestMessageSize: Int
  let maxResponseMessageSize: Int
  /// Streaming responses: the window is held once this many messages wait untaken.
  let bufferedResponseMessages: Int
  /// Streaming requests: sends wait while this many bytes are queued.
  let maxQueuedRequestBytes: Int

  /// - Throws: ``StatusCode/deadlineExceeded`` when the timeout has already passed (nothing is
  ///   sent); ``StatusCode/internalError`` for metadata that cannot be sent.
  ///
  /// `options` is borrowed and the channel's configuration read in place, not copied: this runs
  /// once per call, and a copy of either retains each of its fields.
  init(channel: GRPCChannel, method: MethodDescriptor, options: borrowing CallOptions) throws(RPCError) {
    var deadline: ContinuousClock.Instant?
    var timeout: GRPCTimeout?
    if let limit = options.timeout {
      deadline = ContinuousClock.now.advanced(by: limit)
      timeout = GRPCTimeout(limit)
      guard timeout != nil else {
        throw RPCError(
          code: .deadlineExceeded, message: "the call's timeout (\(limit)) had already passed; it was not sent")
      }
    }
    self.headers = try RequestHead.fields(
      path: method.path, authority: channel.configuration.authority, userAgent: channel.configuration.userAgent,
      timeout: timeout,
      metadata: options.metadata)
    self.deadline = deadline
    self.maxRequestMessageSize = options.maxRequestMessageSize ?? channel.configuration.maxRequestMessageSize
    self.maxResponseMessageSize = options.maxResponseMessageSize ?? channel.configuration.maxResponseMessageSize
    self.bufferedResponseMessages = max(
      options.bufferedResponseMessages ?? channel.configuration.bufferedResponseMessages, 1)
    self.maxQueuedRequestBytes = max(
      options.maxQueuedRequestBytes ?? channel.configuration.maxQueuedRequestBytes, 1)
  }

  /// - Throws: ``StatusCode/resourceExhausted`` for a request message above the limit.
  func checkRequestSize(_ count: Int) throws(RPCError) {
    guard count <= maxRequestMessageSize else {
      throw RPCError(
        code: .resourceExhausted,
        message: "request message larger than the limit (max \(maxRequestMessageSize) bytes, actual \(count) bytes)")
    }
  }
}
