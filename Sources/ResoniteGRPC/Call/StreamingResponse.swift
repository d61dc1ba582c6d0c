/// The response of a server- or bidirectional-streaming call, as its body closure sees it.
///
/// Iterate ``messages`` once: it yields each message as it arrives, ends when the server ends
/// the call with OK, and throws ``RPCError`` (with the trailing metadata) for any other end.
/// While the loop is behind, the server is held back by HTTP/2 flow control: the call buffers
/// about ``ChannelConfiguration/bufferedResponseMessages`` messages plus one (the stream's
/// window is about one message), however long the stream runs.
///
/// ```swift
/// try await channel.serverStreaming(
///   MethodDescriptor(service: "resonite_io.v1.Camera", method: "StreamFrames"),
///   request: ResoniteIo_V1_CameraStreamRequest(), requestCodec: ProtobufCodec(),
///   responseCodec: ProtobufCodec<ResoniteIo_V1_CameraFrame>()
/// ) { response in
///   for try await frame in response.messages {
///     show(frame)
///     if done { break }  // resets the stream with RST_STREAM(CANCEL)
///   }
/// }
/// ```
public struct StreamingResponse<Message: Sendable>: Sendable {
  let call: ClientCall
  let deserialize: @Sendable ([UInt8]) throws -> Message

  /// The response messages.
  public var messages: Messages { Messages(call: call, deserialize: deserialize) }

  /// The custom metadata of the response headers; waits for them.
  ///
  /// - Throws: ``RPCError``: the call's error when it ended before response headers came (for
  ///   example a Trailers-Only error status). A call that ended OK without headers gives none.
  public var initialMetadata: Metadata {
    get async throws(RPCError) { try await call.initialMetadata() }
  }

  /// The custom metadata of the trailers; waits for the end of the call. For a call that ended
  /// with an error, the error's metadata (empty when the error was local, such as a deadline).
  public var trailingMetadata: Metadata {
    get async {
      switch await call.end() {
      case .success(let metadata): metadata
      case .failure(let error): error.metadata
      }
    }
  }

  /// The response messages, in order: an `AsyncSequence` that ends on OK and throws
  /// ``RPCError`` otherwise. Iterate it once: iterators share the call's one queue.
  public struct Messages: AsyncSequence, Sendable {
    public typealias Element = Message
    public typealias Failure = RPCError

    let call: ClientCall
    let deserialize: @Sendable ([UInt8]) throws -> Message

    public func makeAsyncIterator() -> AsyncIterator {
      AsyncIterator(call: call, deserialize: deserialize)
    }

    /// Takes the messages one by one; taking one lets the server send more.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
      let call: ClientCall
      let deserialize: @Sendable ([UInt8]) throws -> Message

      /// The next message, or nil after the server ended the call with OK.
      /// - Throws: ``RPCError``: the server's status when it is not OK (with its trailing
      ///   metadata), DEADLINE_EXCEEDED, CANCELLED, UNAVAILABLE when the connection broke,
      ///   RESOURCE_EXHAUSTED for a message above the limit, INTERNAL for a message the codec
      ///   cannot parse (the stream is then cancelled).
      public mutating func next() async throws(RPCError) -> Message? {
        try await Self.take(from: call, deserialize)
      }

      public mutating func next(isolation actor: isolated (any Actor)?) async throws(RPCError) -> Message? {
        try await Self.take(from: call, deserialize)
      }

      private static func take(
        from call: ClientCall, _ deserialize: @Sendable ([UInt8]) throws -> Message
      ) async throws(RPCError) -> Message? {
        guard let bytes = try await call.nextMessage() else { return nil }
        do {
          return try deserialize(bytes)
        } catch {
          call.cancel()
          throw RPCError(
            code: .internalError, message: "could not parse a response message (\(bytes.count) bytes): \(error)")
        }
      }
    }
  }
}
