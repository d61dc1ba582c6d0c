/// Sends the request messages of a client- or bidirectional-streaming call.
///
/// ``send(_:)`` suspends while the call's send queue is full
/// (``ChannelConfiguration/maxQueuedRequestBytes``), which it stays while the server does not
/// read: a producer faster than the server waits instead of filling memory.
///
/// How the request stream ends is the caller's choice, and the two ends mean different things
/// to a server (the mod's Locomotion keeps moving after a finish and stops on a cancel):
/// - **finish** (``finish()``, or returning from a client-streaming body): half-close, END_STREAM;
///   the server sees the end of the requests and answers.
/// - **cancel** (``cancel()``, an error thrown from the body, or task cancellation):
///   RST_STREAM(CANCEL); the call ends with CANCELLED.
public struct RequestStreamWriter<Message>: Sendable {
  let call: ClientCall
  let serialize: @Sendable (Message) throws -> [UInt8]
  let maxMessageSize: Int

  /// Sends one message, suspending while the send queue is full.
  ///
  /// - Throws: ``RPCError``: the call's end when it is over (the server's status when it
  ///   answered early, DEADLINE_EXCEEDED, CANCELLED, UNAVAILABLE); RESOURCE_EXHAUSTED for a
  ///   message above ``CallOptions/maxRequestMessageSize`` (nothing is sent; the call goes on);
  ///   INTERNAL when the message cannot be serialized or the stream was finished.
  public func send(_ message: Message) async throws(RPCError) {
    let bytes: [UInt8]
    do {
      bytes = try serialize(message)
    } catch {
      throw RPCError(code: .internalError, message: "could not serialize a request message: \(error)")
    }
    guard bytes.count <= maxMessageSize else {
      throw RPCError(
        code: .resourceExhausted,
        message: "request message larger than the limit (max \(maxMessageSize) bytes, actual \(bytes.count) bytes)")
    }
    try await call.write(bytes)
  }

  /// Sends every message of `messages`, in order, with ``send(_:)``'s backpressure.
  /// - Throws: what ``send(_:)`` throws, or what the sequence throws.
  public func send<Messages: AsyncSequence>(contentsOf messages: Messages) async throws
  where Messages.Element == Message {
    for try await message in messages {
      try await send(message)
    }
  }

  /// Sends every message of `messages`, in order.
  public func send<Messages: Sequence>(contentsOf messages: Messages) async throws(RPCError)
  where Messages.Element == Message {
    for message in messages {
      try await send(message)
    }
  }

  /// Finishes the request stream (half-close): END_STREAM goes out after the queued messages;
  /// the response goes on. Later sends throw INTERNAL. Idempotent.
  public func finish() {
    call.finishRequest()
  }

  /// Cancels the call: RST_STREAM(CANCEL) at once, queued messages are dropped, and the call
  /// ends with CANCELLED.
  public func cancel() {
    call.cancel()
  }
}
