public import ResoniteHTTP2
@_spi(Fuzzing) public import ResoniteTransport

/// Entry points into the call layer's internals for the fuzz targets under `Fuzz/` (see
/// Fuzz/README.md). Not for production use: import with `@_spi(Fuzzing) import ResoniteGRPC`.
@_spi(Fuzzing)
public enum FuzzEntryPoints {
  // MARK: Response header blocks

  /// One header block as the connection hands it to a call.
  public struct HeaderBlock: Sendable {
    public var fields: [HeaderField]
    public var endStream: Bool

    public init(fields: [HeaderField], endStream: Bool) {
      self.fields = fields
      self.endStream = endStream
    }
  }

  /// What the call layer made of a response's header blocks.
  public struct HeadOutcome: Sendable {
    /// The status the call ends with (no message was received).
    public var code: StatusCode
    /// Its message.
    public var message: String
    /// Metadata of the status (trailers), or of the error.
    public var metadata: Metadata
    /// Custom metadata of the response headers.
    public var initialMetadata: Metadata
    /// True when a block was a protocol violation that makes the call reset the stream.
    public var resetByClient: Bool
    /// How many blocks were taken before the call stopped listening.
    public var blocksTaken: Int
  }

  /// Runs `blocks` through the response head parser the way a unary call does (it stops at the
  /// first violation), then decides the status as the call would when the stream closes with
  /// `closeCode` (`.noError` for a clean end, otherwise the RST_STREAM code).
  public static func interpretResponseHead(_ blocks: [HeaderBlock], closeCode: HTTP2ErrorCode) -> HeadOutcome {
    var parser = ResponseHeadParser()
    var taken = 0
    for block in blocks {
      parser.take(block.fields, endStream: block.endStream)
      taken += 1
      if let violation = parser.violation {
        return HeadOutcome(
          code: violation.code, message: violation.message, metadata: violation.metadata,
          initialMetadata: parser.initialMetadata, resetByClient: true, blocksTaken: taken)
      }
      if block.endStream { break }
    }
    let (code, message, metadata): (StatusCode, String, Metadata)
    if let received = parser.status {
      (code, message, metadata) = (received.code, received.message, received.metadata)
    } else if closeCode == .noError || closeCode == .streamClosed {
      let error = parser.statusWithoutTrailers
      (code, message, metadata) = (error.code, error.message, error.metadata)
    } else {
      (code, message, metadata) = (StatusInterpretation.code(forReset: closeCode), "reset", Metadata())
    }
    return HeadOutcome(
      code: code, message: message, metadata: metadata, initialMetadata: parser.initialMetadata,
      resetByClient: false, blocksTaken: taken)
  }

  /// `grpc-status` parsing (``StatusInterpretation``).
  public static func parseStatus(_ value: String, message: String) -> Status {
    StatusInterpretation.parseStatus(value, message: message)
  }

  /// The content-type check of response headers.
  public static func isGRPCContentType(_ value: String) -> Bool {
    StatusInterpretation.isGRPCContentType(value)
  }

  /// The custom metadata among header fields, as calls see it.
  public static func decodeMetadata(_ fields: [HeaderField]) -> Metadata {
    MetadataCoding.decode(fields)
  }

  /// Validates and encodes metadata into header fields, as requests do.
  public static func encodeMetadata(_ metadata: Metadata) throws(RPCError) -> [HeaderField] {
    var fields: [HeaderField] = []
    try MetadataCoding.encode(metadata, into: &fields)
    return fields
  }

  /// `-bin` metadata base64, both ways.
  public static func base64Encode(_ bytes: [UInt8]) -> String { Base64.encode(bytes) }
  public static func base64Decode(_ text: Substring) -> [UInt8]? { Base64.decode(text) }

  // MARK: The whole receive path

  /// Makes one unary call on `connection` (from ``HTTP2Connection/withoutLoop(fd:configuration:)``):
  /// opens its stream, then runs `deliver`, which hands the connection the server's bytes, then
  /// detaches the connection so that a call still open fails. The call runs through the same
  /// `ClientCall` as ``GRPCChannel/unaryRaw(_:request:options:)``.
  ///
  /// - Returns: the call's result.
  public static func unaryCall(
    on connection: HTTP2Connection, path: String, request: [UInt8], maxResponseMessageSize: Int,
    deliver: (HTTP2Connection) -> Void
  ) async -> Result<UnaryResponse<[UInt8]>, RPCError> {
    let call = ClientCall(
      mode: .single, socketPath: connection.path, maxResponseMessageSize: maxResponseMessageSize, deadline: nil)
    let body = MessageBody(messages: [GRPCMessage(bytes: request)])
    let stream = call.start { (call) throws(RPCError) -> HTTP2Stream in
      try open(on: connection, path: path, body: .fixed(body), call: call)
    }
    if stream != nil {
      deliver(connection)
      connection.detachForFuzzing()
    }
    return call.singleResponse()
  }

  /// What a streaming call made of the server's bytes.
  public struct StreamingOutcome: Sendable {
    /// The messages taken, in order.
    public var messages: [[UInt8]]
    /// How the messages ended: nil after OK, else the error.
    public var error: RPCError?
    /// The most received bytes held back from the stream's window at once.
    public var peakHeldBytes: Int
  }

  /// Makes one server-streaming call on `connection` the way ``GRPCChannel/serverStreamingRaw(_:request:options:body:)``
  /// does (a writable request body, half-closed after the request; responses queued with
  /// receive backpressure after `bufferedMessages`), runs `deliver`, then detaches the
  /// connection and takes every message the call queued, up to `maxMessages`.
  public static func serverStreamingCall(
    on connection: HTTP2Connection, path: String, request: [UInt8], maxResponseMessageSize: Int,
    bufferedMessages: Int, maxMessages: Int = 1 << 16, deliver: (HTTP2Connection, HTTP2Stream) -> Void
  ) async -> StreamingOutcome {
    let call = ClientCall(
      mode: .streaming(bufferedMessages: bufferedMessages), socketPath: connection.path,
      maxResponseMessageSize: maxResponseMessageSize, deadline: nil, requestIsWritable: true)
    let stream = call.start { (call) throws(RPCError) -> HTTP2Stream in
      try open(on: connection, path: path, body: .writable(maxQueuedBytes: 1 << 20), call: call)
    }
    var outcome = StreamingOutcome(messages: [], error: nil, peakHeldBytes: 0)
    if let stream {
      do {
        try await call.write(request)
      } catch {
        // The stream ended already; the messages below tell how.
      }
      call.finishRequest()
      deliver(connection, stream)
      outcome.peakHeldBytes = stream.heldReceiveBytes
      connection.detachForFuzzing()
    }
    do throws(RPCError) {
      while outcome.messages.count < maxMessages, let message = try await call.nextMessage() {
        outcome.messages.append(message)
      }
    } catch {
      outcome.error = error
    }
    return outcome
  }

  private static func open(
    on connection: HTTP2Connection, path: String, body: HTTP2StreamBody, call: ClientCall
  ) throws(RPCError) -> HTTP2Stream {
    let headers = try RequestHead.fields(
      path: path, authority: "localhost", userAgent: "resoio-fuzz", timeout: nil, metadata: Metadata())
    do {
      return try connection.openStream(headers: headers, body: body, handler: call)
    } catch {
      connection.detachForFuzzing()
      throw RPCError(code: .unavailable, message: "\(error)", cause: ConnectionFailure(error, path: connection.path))
    }
  }
}
