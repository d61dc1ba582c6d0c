import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import ResoniteIOMessages

/// A grpc-swift 2 client (HTTP/2 over NIO, plaintext, on a Unix domain socket), wrapped so that
/// tests need not import GRPCCore next to ResoniteGRPC (both name `RPCError`, `Metadata`, ...).
///
/// Configured like a fair production client: 8 MiB HTTP/2 target window, 64 MiB messages each way.
public final class GRPCSwiftInteropClient: Sendable {
  private let client: GRPCClient<HTTP2ClientTransport.Posix>
  private let runTask: Task<Void, any Error>

  /// The largest message sent or accepted.
  public static let maxMessageSize = 64 << 20
  /// The timeout of a call that names none: tests fail rather than hang on a stuck peer.
  public static let defaultTimeout: Duration = .seconds(30)

  /// Creates a client for the socket at `socketPath` and starts its connection management.
  public init(socketPath: String) throws {
    let transport = try HTTP2ClientTransport.Posix(
      target: .unixDomainSocket(path: socketPath),
      transportSecurity: .plaintext,
      config: .defaults { config in
        config.http2.targetWindowSize = 8 << 20
      }
    )
    let client = GRPCClient(transport: transport)
    self.client = client
    self.runTask = Task { try await client.runConnections() }
  }

  /// Shuts the client down and waits for its connections to close.
  public func close() async {
    client.beginGracefulShutdown()
    let runTask = self.runTask
    let watchdog = Task {
      try? await Task.sleep(for: .seconds(2))
      runTask.cancel()
    }
    _ = await runTask.result
    watchdog.cancel()
  }

  private func options(timeout: Duration?, waitForReady: Bool) -> CallOptions {
    var options = CallOptions.defaults
    options.timeout = timeout ?? Self.defaultTimeout
    options.waitForReady = waitForReady
    options.maxRequestMessageBytes = Self.maxMessageSize
    options.maxResponseMessageBytes = Self.maxMessageSize
    return options
  }

  /// A unary call with raw bytes on `/service/method`.
  ///
  /// `waitForReady` false (gRPC's default) fails the call at once when the channel has no ready
  /// connection; true queues it until one is ready (or the timeout passes).
  ///
  /// - Throws: ``InteropStatus``, grpc-swift's status for the failed call.
  public func unaryRaw(
    service: String, method: String, request: [UInt8], timeout: Duration? = nil, metadata: [InteropMetadataPair] = [],
    waitForReady: Bool = false
  ) async throws(InteropStatus) -> [UInt8] {
    var requestMetadata = Metadata()
    for pair in metadata {
      switch pair.value {
      case .string(let text): requestMetadata.addString(text, forKey: pair.key)
      case .binary(let bytes): requestMetadata.addBinary(bytes, forKey: pair.key)
      }
    }
    return try await call(
      service: service, method: method, request: ClientRequest(message: request, metadata: requestMetadata),
      serializer: RawBytesSerializer(), deserializer: RawBytesDeserializer(), timeout: timeout,
      waitForReady: waitForReady)
  }

  /// `/resonite_io.v1.Connection/Ping`.
  public func ping(
    _ message: String, timeout: Duration? = nil, waitForReady: Bool = false
  ) async throws(InteropStatus) -> ResoniteIo_V1_PingResponse {
    var request = ResoniteIo_V1_PingRequest()
    request.message = message
    return try await call(
      service: InteropContract.connectionService, method: "Ping", request: ClientRequest(message: request),
      serializer: ProtobufSerializer<ResoniteIo_V1_PingRequest>(),
      deserializer: ProtobufDeserializer<ResoniteIo_V1_PingResponse>(), timeout: timeout,
      waitForReady: waitForReady)
  }

  /// `/resonite_io.v1.Info/GetServerInfo`.
  public func getServerInfo(timeout: Duration? = nil) async throws(InteropStatus) -> ResoniteIo_V1_ServerInfo {
    try await call(
      service: InteropContract.infoService, method: "GetServerInfo",
      request: ClientRequest(message: ResoniteIo_V1_GetServerInfoRequest()),
      serializer: ProtobufSerializer<ResoniteIo_V1_GetServerInfoRequest>(),
      deserializer: ProtobufDeserializer<ResoniteIo_V1_ServerInfo>(), timeout: timeout, waitForReady: false)
  }

  private static func metadata(_ pairs: [InteropMetadataPair]) -> Metadata {
    var metadata = Metadata()
    for pair in pairs {
      switch pair.value {
      case .string(let text): metadata.addString(text, forKey: pair.key)
      case .binary(let bytes): metadata.addBinary(bytes, forKey: pair.key)
      }
    }
    return metadata
  }

  /// A server-streaming call with raw bytes on `/service/method`. `onMessage` sees each response
  /// message in order and returns false to stop taking them: the client then leaves the stream
  /// (grpc-swift cancels the RPC with RST_STREAM). Returns the number of messages taken.
  ///
  /// - Throws: ``InteropStatus``, grpc-swift's status for the failed call (a non-OK status after
  ///   some messages too).
  public func serverStreamRaw(
    service: String, method: String, request: [UInt8], timeout: Duration? = nil,
    metadata: [InteropMetadataPair] = [], onMessage: @escaping @Sendable ([UInt8]) async throws -> Bool
  ) async throws(InteropStatus) -> Int {
    try await translatingErrors {
      try await client.serverStreaming(
        request: ClientRequest(message: request, metadata: Self.metadata(metadata)),
        descriptor: MethodDescriptor(fullyQualifiedService: service, method: method),
        serializer: RawBytesSerializer(), deserializer: RawBytesDeserializer(),
        options: options(timeout: timeout, waitForReady: true)
      ) { response in
        var taken = 0
        for try await message in response.messages {
          taken += 1
          if try await !onMessage(message) { break }
        }
        return taken
      }
    }
  }

  /// Thrown by a request producer to cancel the call (grpc-swift resets the stream).
  public struct CancelledByTest: Error {}

  /// A client-streaming call with raw bytes: sends `messages` in order, then half-closes and
  /// returns the response. With `cancelAfter: n` it sends only the first `n` messages, waits
  /// `cancelDelay`, and then cancels instead (the producer throws, grpc-swift sends RST_STREAM);
  /// the call then fails. `interval` paces the sends (a pause before each message after the first).
  public func clientStreamRaw(
    service: String, method: String, messages: [[UInt8]], timeout: Duration? = nil,
    metadata: [InteropMetadataPair] = [], interval: Duration = .zero, cancelAfter: Int? = nil,
    cancelDelay: Duration = .zero
  ) async throws(InteropStatus) -> [UInt8] {
    try await translatingErrors {
      try await client.clientStreaming(
        request: StreamingClientRequest(of: [UInt8].self, metadata: Self.metadata(metadata)) { writer in
          for (index, message) in messages.enumerated() {
            if let cancelAfter, index >= cancelAfter { break }
            if index > 0 && interval > .zero { try await Task.sleep(for: interval) }
            try await writer.write(message)
          }
          if cancelAfter != nil {
            try await Task.sleep(for: cancelDelay)
            throw CancelledByTest()
          }
        },
        descriptor: MethodDescriptor(fullyQualifiedService: service, method: method),
        serializer: RawBytesSerializer(), deserializer: RawBytesDeserializer(),
        options: options(timeout: timeout, waitForReady: true)
      ) { response in
        try response.message
      }
    }
  }

  /// A bidirectional call with raw bytes: sends `messages` one at a time, each only after the
  /// response to the one before it has arrived (so the peer must answer before the request
  /// stream ends), then half-closes and returns every response message.
  public func bidiLockstepRaw(
    service: String, method: String, messages: [[UInt8]], timeout: Duration? = nil,
    metadata: [InteropMetadataPair] = []
  ) async throws(InteropStatus) -> [[UInt8]] {
    let (turns, turn) = AsyncStream.makeStream(of: Void.self)
    return try await translatingErrors {
      try await client.bidirectionalStreaming(
        request: StreamingClientRequest(of: [UInt8].self, metadata: Self.metadata(metadata)) { writer in
          var iterator = turns.makeAsyncIterator()
          for (index, message) in messages.enumerated() {
            if index > 0 { guard await iterator.next() != nil else { return } }
            try await writer.write(message)
          }
        },
        descriptor: MethodDescriptor(fullyQualifiedService: service, method: method),
        serializer: RawBytesSerializer(), deserializer: RawBytesDeserializer(),
        options: options(timeout: timeout, waitForReady: true)
      ) { response in
        defer { turn.finish() }
        var received: [[UInt8]] = []
        for try await message in response.messages {
          received.append(message)
          turn.yield()
        }
        return received
      }
    }
  }

  private func translatingErrors<Result: Sendable>(
    _ body: () async throws -> Result
  ) async throws(InteropStatus) -> Result {
    do {
      return try await body()
    } catch let error as RPCError {
      throw InteropStatus(error)
    } catch {
      throw InteropStatus(code: -1, codeName: "not an RPCError", message: "\(error)")
    }
  }

  private func call<Request: Sendable, Response: Sendable>(
    service: String, method: String, request: ClientRequest<Request>, serializer: some MessageSerializer<Request>,
    deserializer: some MessageDeserializer<Response>, timeout: Duration?, waitForReady: Bool
  ) async throws(InteropStatus) -> Response {
    do {
      return try await client.unary(
        request: request,
        descriptor: MethodDescriptor(fullyQualifiedService: service, method: method),
        serializer: serializer,
        deserializer: deserializer,
        options: options(timeout: timeout, waitForReady: waitForReady)
      ) { response in
        try response.message
      }
    } catch let error as RPCError {
      throw InteropStatus(error)
    } catch {
      throw InteropStatus(code: -1, codeName: "not an RPCError", message: "\(error)")
    }
  }
}

/// A failed call's status as grpc-swift reported it.
public struct InteropStatus: Error, Sendable, Hashable, CustomStringConvertible {
  /// The wire value of the status code (or -1 when grpc-swift threw something else).
  public var code: Int
  /// grpc-swift's name for the code.
  public var codeName: String
  /// The status message, decoded.
  public var message: String
  /// The trailing metadata that came with the status.
  public var metadata: [InteropMetadataPair] = []

  public var description: String { "\(codeName) (\(code)): \(message)" }

  public init(code: Int, codeName: String, message: String, metadata: [InteropMetadataPair] = []) {
    self.code = code
    self.codeName = codeName
    self.message = message
    self.metadata = metadata
  }

  init(_ error: RPCError) {
    self.init(
      code: error.code.rawValue, codeName: "\(error.code)", message: error.message,
      metadata: error.metadata.map { key, value in
        switch value {
        case .string(let text): InteropMetadataPair(key: key, value: .string(text))
        case .binary(let bytes): InteropMetadataPair(key: key, value: .binary(bytes))
        }
      })
  }
}
