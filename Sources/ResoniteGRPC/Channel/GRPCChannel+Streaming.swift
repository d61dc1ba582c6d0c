import ResoniteHTTP2
import ResoniteTransport

/// Server-, client- and bidirectional-streaming calls: thin shapes over the one call type
/// (``ClientCall``), which unary calls use too.
///
/// Every shape runs its body on the caller's task and actor (the functions are
/// `nonisolated(nonsending)`: a body called from the main actor may touch main-actor state),
/// and the call lives exactly as long as the body: when the body returns, throws, or its task is cancelled while the stream is still
/// open, the stream is reset at once with RST_STREAM(CANCEL) (a client-streaming body's return
/// is the exception: it finishes the request stream and waits for the response). The call's
/// ``CallOptions/timeout`` covers all of it.
extension GRPCChannel {
  // MARK: Server streaming

  /// Makes a server-streaming call: sends one request, then runs `body` with the response
  /// stream.
  ///
  /// ```swift
  /// let frames = try await channel.serverStreaming(
  ///   MethodDescriptor(service: "resonite_io.v1.Camera", method: "StreamFrames"),
  ///   request: ResoniteIo_V1_CameraStreamRequest(), requestCodec: ProtobufCodec(),
  ///   responseCodec: ProtobufCodec<ResoniteIo_V1_CameraFrame>()
  /// ) { response in
  ///   var count = 0
  ///   for try await _ in response.messages {
  ///     count += 1
  ///     if count == 100 { break }
  ///   }
  ///   return count
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - method: the method to call.
  ///   - request: the one request message.
  ///   - requestCodec: serializes the request.
  ///   - responseCodec: parses each response message.
  ///   - options: timeout (for the whole call), metadata, size limits (per message), buffering.
  ///   - body: consumes the response; its result is returned. Leaving it (return, break out
  ///     of the loop and return, throw, task cancellation) while the stream is open cancels
  ///     the stream with RST_STREAM(CANCEL).
  /// - Returns: what `body` returned.
  /// - Throws: what `body` throws, typically the ``RPCError`` that ``StreamingResponse/messages``
  ///   throws for a call that did not end OK; ``RPCError`` before `body` runs when the request
  ///   cannot be serialized or is too large, or the timeout had already passed.
  nonisolated(nonsending) public func serverStreaming<RequestCodec: MessageCodec, ResponseCodec: MessageCodec, Result>(
    _ method: MethodDescriptor, request: RequestCodec.Message, requestCodec: RequestCodec,
    responseCodec: ResponseCodec, options: CallOptions = CallOptions(),
    body: (StreamingResponse<ResponseCodec.Message>) async throws -> Result
  ) async throws -> Result where ResponseCodec.Message: Sendable {
    let setup = try CallSetup(channel: self, method: method, options: options)
    let bytes = try Self.serialize(request, with: requestCodec)
    try setup.checkRequestSize(bytes.count)
    let call = makeStreamingCall(setup, responseStreams: true)
    return try await withTaskCancellationHandler {
      if start(call, setup) != nil {
        // A call that ended already (Trailers-Only error, deadline) fails the write: the
        // response's messages throw that end.
        try? await call.write(bytes)
        call.finishRequest()
      }
      defer { call.cancel() }
      return try await body(StreamingResponse(call: call, deserialize: { try responseCodec.deserialize($0) }))
    } onCancel: {
      call.cancel()
    }
  }

  /// ``serverStreaming(_:request:requestCodec:responseCodec:options:body:)`` with raw message
  /// bytes both ways (no codec; the response messages are the received buffers, not copied).
  nonisolated(nonsending) public func serverStreamingRaw<Result>(
    _ method: MethodDescriptor, request: [UInt8], options: CallOptions = CallOptions(),
    body: (StreamingResponse<[UInt8]>) async throws -> Result
  ) async throws -> Result {
    try await serverStreaming(
      method, request: request, requestCodec: RawCodec(), responseCodec: RawCodec(), options: options, body: body)
  }

  // MARK: Client streaming

  /// Makes a client-streaming call: `body` sends the request messages through the writer, and
  /// the one response comes back.
  ///
  /// ```swift
  /// let summary = try await channel.clientStreaming(
  ///   MethodDescriptor(service: "resonite_io.v1.Microphone", method: "StreamAudio"),
  ///   requestCodec: ProtobufCodec<ResoniteIo_V1_MicrophoneAudioFrame>(),
  ///   responseCodec: ProtobufCodec<ResoniteIo_V1_MicrophoneStreamSummary>()
  /// ) { writer in
  ///   for frame in frames { try await writer.send(frame) }
  /// }  // returning finishes (half-close); the summary is the response
  /// ```
  ///
  /// - Parameters:
  ///   - method: the method to call.
  ///   - requestCodec: serializes each request message.
  ///   - responseCodec: parses the response message(s).
  ///   - options: timeout (for the whole call), metadata, size limits (per message), buffering.
  ///   - body: sends the requests. Returning from it **finishes** the request stream
  ///     (half-close, END_STREAM) and waits for the response; ``RequestStreamWriter/cancel()``,
  ///     an error thrown from it, or cancelling the task **cancels** (RST_STREAM(CANCEL)).
  /// - Returns: the response message and the metadata around it.
  /// - Throws: ``RPCError`` as ``unary(_:request:requestCodec:responseCodec:options:)`` does
  ///   (CANCELLED after a cancel); an error `body` threw, after cancelling the call. When the
  ///   body throws the error a ``RequestStreamWriter/send(_:)`` threw because the call had
  ///   ended (the server answered early, the deadline passed), the call's own outcome comes
  ///   out instead: its response when the server answered OK, else its error.
  nonisolated(nonsending) public func clientStreaming<RequestCodec: MessageCodec, ResponseCodec: MessageCodec>(
    _ method: MethodDescriptor, requestCodec: RequestCodec, responseCodec: ResponseCodec,
    options: CallOptions = CallOptions(),
    body: (RequestStreamWriter<RequestCodec.Message>) async throws -> Void
  ) async throws -> UnaryResponse<ResponseCodec.Message> where ResponseCodec.Message: Sendable {
    let setup = try CallSetup(channel: self, method: method, options: options)
    let call = makeStreamingCall(setup, responseStreams: false)
    let raw: Swift.Result<UnaryResponse<[UInt8]>, RPCError> = try await withTaskCancellationHandler {
      if let stream = start(call, setup) {
        let writer = RequestStreamWriter(
          call: call, serialize: { try requestCodec.serialize($0) }, maxMessageSize: setup.maxRequestMessageSize)
        do {
          try await body(writer)
        } catch {
          // A body that gave up because the call had ended (a send threw the call's end: the
          // server answered, the deadline passed) gets the call's outcome, OK or not.
          if !call.isWriteEndError(error) {
            call.cancel()
            await stream.awaitClose()
            throw error
          }
        }
        call.finishRequest()
        await stream.awaitClose()
      }
      return call.singleResponse()
    } onCancel: {
      call.cancel()
    }
    return try Self.deserialize(try raw.get(), with: responseCodec)
  }

  /// ``clientStreaming(_:requestCodec:responseCodec:options:body:)`` with raw message bytes.
  nonisolated(nonsending) public func clientStreamingRaw(
    _ method: MethodDescriptor, options: CallOptions = CallOptions(),
    body: (RequestStreamWriter<[UInt8]>) async throws -> Void
  ) async throws -> UnaryResponse<[UInt8]> {
    try await clientStreaming(method, requestCodec: RawCodec(), responseCodec: RawCodec(), options: options, body: body)
  }

  // MARK: Bidirectional streaming

  /// Makes a bidirectional-streaming call: `body` gets the request writer and the response
  /// stream at once, and uses them in any order (or from child tasks: both are `Sendable`).
  ///
  /// ```swift
  /// let echoed = try await channel.bidirectionalStreaming(
  ///   method, requestCodec: RawCodec(), responseCodec: RawCodec()
  /// ) { writer, response in
  ///   var replies: [[UInt8]] = []
  ///   for message in messages {
  ///     try await writer.send(message)
  ///   }
  ///   writer.finish()
  ///   for try await reply in response.messages { replies.append(reply) }
  ///   return replies
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - method: the method to call.
  ///   - requestCodec: serializes each request message.
  ///   - responseCodec: parses the response message(s).
  ///   - options: timeout (for the whole call), metadata, size limits (per message), buffering.
  ///   - body: runs the call. ``RequestStreamWriter/finish()`` half-closes; returning, throwing
  ///     or cancelling the task while the stream is still open cancels it (RST_STREAM(CANCEL)),
  ///     so read the response to its end first to see the server's status.
  /// - Returns: what `body` returned.
  /// - Throws: what `body` throws (typically the ``RPCError`` of the response's messages).
  nonisolated(nonsending) public func bidirectionalStreaming<
    RequestCodec: MessageCodec, ResponseCodec: MessageCodec, Result
  >(
    _ method: MethodDescriptor, requestCodec: RequestCodec, responseCodec: ResponseCodec,
    options: CallOptions = CallOptions(),
    body: (RequestStreamWriter<RequestCodec.Message>, StreamingResponse<ResponseCodec.Message>) async throws -> Result
  ) async throws -> Result where ResponseCodec.Message: Sendable {
    let setup = try CallSetup(channel: self, method: method, options: options)
    let call = makeStreamingCall(setup, responseStreams: true)
    return try await withTaskCancellationHandler {
      _ = start(call, setup)
      defer { call.cancel() }
      let writer = RequestStreamWriter(
        call: call, serialize: { try requestCodec.serialize($0) }, maxMessageSize: setup.maxRequestMessageSize)
      return try await body(writer, StreamingResponse(call: call, deserialize: { try responseCodec.deserialize($0) }))
    } onCancel: {
      call.cancel()
    }
  }

  /// ``bidirectionalStreaming(_:requestCodec:responseCodec:options:body:)`` with raw message bytes.
  nonisolated(nonsending) public func bidirectionalStreamingRaw<Result>(
    _ method: MethodDescriptor, options: CallOptions = CallOptions(),
    body: (RequestStreamWriter<[UInt8]>, StreamingResponse<[UInt8]>) async throws -> Result
  ) async throws -> Result {
    try await bidirectionalStreaming(
      method, requestCodec: RawCodec(), responseCodec: RawCodec(), options: options, body: body)
  }

  // MARK: Helpers

  private func makeStreamingCall(_ setup: CallSetup, responseStreams: Bool) -> ClientCall {
    ClientCall(
      mode: responseStreams ? .streaming(bufferedMessages: setup.bufferedResponseMessages) : .single,
      socketPath: socketPath, maxResponseMessageSize: setup.maxResponseMessageSize, deadline: setup.deadline,
      requestIsWritable: true,
      minimumReceiveWindow: min(ResponseWindow.minimum, Int(configuration.connection.initialStreamWindowSize)))
  }

  /// Opens `call`'s stream with a writable body; nil when the call ended already.
  private func start(_ call: ClientCall, _ setup: CallSetup) -> HTTP2Stream? {
    call.start { (call) throws(RPCError) -> HTTP2Stream in
      try open(
        headers: setup.headers, body: .writable(maxQueuedBytes: setup.maxQueuedRequestBytes), handler: call,
        deadline: setup.deadline)
    }
  }
}
