import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import ResoniteIOMessages
import Synchronization

/// A grpc-swift 2 server (HTTP/2 over NIO, plaintext, on a Unix domain socket) that plays the
/// Resonite IO mod for our client, plus a few test-only methods:
///
/// | method | behaviour |
/// |---|---|
/// | `/resonite_io.v1.Connection/Ping` | echoes `message`, sets `server_unix_nanos` |
/// | `/resonite_io.v1.Info/GetServerInfo` | a fixed `ServerInfo` message (see ``InteropContract``) |
/// | `/resonite_io.test.Echo/Echo` | answers with the request's bytes |
/// | `/resonite_io.test.Interop/Digest` | answers ``Payload/digest(_:)`` of the request (16 bytes) |
/// | `/resonite_io.test.Interop/Generate` | answers ``Payload/make(count:seed:)`` for the count and seed the request names |
/// | `/resonite_io.test.Interop/Fail` | fails with the status and message the request names (Trailers-Only) |
/// | `/resonite_io.test.Interop/FailAfterHeaders` | sends headers, then fails like `Fail` in the trailers |
/// | `/resonite_io.test.Interop/FailAfterMessage` | sends headers and the request as a message, then fails like `Fail` |
/// | `/resonite_io.test.Interop/TwoMessages` | answers the request twice, then OK (a unary cardinality violation) |
/// | `/resonite_io.test.Interop/NoMessage` | answers no message, then OK (a unary cardinality violation) |
/// | `/resonite_io.test.Interop/Sleep` | sleeps as long as the request says, then answers empty; stops early when the RPC is cancelled |
/// | `/resonite_io.test.Interop/Stall` | sleeps as long as the request says, ignoring RPC cancellation, then echoes the request |
/// | `/resonite_io.test.Interop/EchoMetadata` | records the request metadata, answers it back as initial metadata, and adds trailers |
/// | `/resonite_io.test.Interop/ServerStream` | server-streaming: the messages a ``InteropContract/serverStreamRequest(count:size:seed:failCode:failMessage:)`` names, then OK or the status it names |
/// | `/resonite_io.test.Interop/Endless` | server-streaming: a message every few milliseconds until the RPC is cancelled (``InteropContract/endlessRequest(size:intervalMilliseconds:)``) |
/// | `/resonite_io.test.Interop/ClientStream` | client-streaming: answers the 16-byte digests of the request messages (``InteropContract/clientStreamResponse(_:)``) once the client half-closes |
/// | `/resonite_io.test.Interop/BidiEcho` | bidirectional: answers each request message as it arrives, then OK when the client half-closes |
///
/// The streaming methods record how each call ended (``InteropRecorder/streamOutcome(ofCall:within:)``)
/// by its ``InteropContract/callIDKey``; `ClientStream` and `BidiEcho` fail after the number of
/// messages ``InteropContract/failAfterKey`` names.
///
/// Configured like a fair production server: 8 MiB HTTP/2 target window, 64 MiB messages.
public final class GRPCSwiftInteropServer: Sendable {
  /// The socket the server listens on.
  public let socketPath: String
  /// What the handlers saw.
  public let recorder: InteropRecorder

  private let server: GRPCServer<HTTP2ServerTransport.Posix>
  private let serveTask: Task<Void, any Error>

  /// The target HTTP/2 flow-control window of the server's connections and streams.
  public static let targetWindowSize = 8 << 20
  /// The largest request message the server accepts.
  public static let maxMessageSize = 64 << 20

  private init(
    socketPath: String, recorder: InteropRecorder, server: GRPCServer<HTTP2ServerTransport.Posix>,
    serveTask: Task<Void, any Error>
  ) {
    self.socketPath = socketPath
    self.recorder = recorder
    self.server = server
    self.serveTask = serveTask
  }

  /// Starts a server on `socketPath` and returns once it listens.
  public static func start(socketPath: String) async throws -> GRPCSwiftInteropServer {
    let transport = HTTP2ServerTransport.Posix(
      address: .unixDomainSocket(path: socketPath),
      transportSecurity: .plaintext,
      config: .defaults { config in
        config.http2.targetWindowSize = targetWindowSize
        config.rpc.maxRequestPayloadSize = maxMessageSize
      }
    )
    let recorder = InteropRecorder()
    let server = GRPCServer(transport: transport, services: [InteropService(recorder: recorder)])
    let serveTask = Task { try await server.serve() }
    do {
      _ = try await transport.listeningAddress
    } catch {
      serveTask.cancel()
      _ = await serveTask.result
      throw error
    }
    return GRPCSwiftInteropServer(socketPath: socketPath, recorder: recorder, server: server, serveTask: serveTask)
  }

  /// Stops the server: a graceful shutdown, cut short after two seconds.
  public func stop() async {
    server.beginGracefulShutdown()
    let serveTask = self.serveTask
    let watchdog = Task {
      try? await Task.sleep(for: .seconds(2))
      serveTask.cancel()
    }
    _ = await serveTask.result
    watchdog.cancel()
  }
}

/// One metadata value as a handler saw it.
public enum InteropMetadataValue: Sendable, Hashable {
  /// A text value.
  case string(String)
  /// A binary (`-bin`) value, decoded.
  case binary([UInt8])
}

/// One metadata entry.
public struct InteropMetadataPair: Sendable, Hashable {
  /// The key, lower-case.
  public var key: String
  /// The value.
  public var value: InteropMetadataValue

  /// Creates an entry.
  public init(key: String, value: InteropMetadataValue) {
    self.key = key
    self.value = value
  }
}

/// How a `Sleep` call ended on the server.
public enum SleepOutcome: Sendable, Hashable {
  /// The handler slept the whole time and answered.
  case completed
  /// gRPC cancelled the RPC first (the client reset the stream, or the deadline passed).
  case cancelled
}

/// How a streaming call ended on the grpc-swift server, with the messages the handler had sent
/// (server-streaming) or received (client-streaming, bidi) by then.
public enum StreamOutcome: Sendable, Hashable {
  /// The handler ended the RPC itself (OK or the status the test asked for).
  case completed(messages: Int)
  /// The RPC was cancelled first (the client reset the stream, or the deadline passed).
  case cancelled(messages: Int)
}

/// What the handlers saw, by call id (the ``InteropContract/callIDKey`` metadata value).
public final class InteropRecorder: Sendable {
  private struct State {
    var metadata: [String: [(key: String, value: InteropMetadataValue)]] = [:]
    var sleeps: [String: SleepOutcome] = [:]
    var streams: [String: StreamOutcome] = [:]
    var progress: [String: Int] = [:]
    var started: Set<String> = []
  }

  private let state = Mutex(State())

  init() {}

  func record(callID: String, metadata: [(key: String, value: InteropMetadataValue)]) {
    state.withLock { $0.metadata[callID] = metadata }
  }

  func recordStart(callID: String) {
    _ = state.withLock { $0.started.insert(callID) }
  }

  /// Waits up to `limit` for the `Sleep` or `Stall` handler of call `callID` to start; true
  /// when it has.
  public func waitForStart(ofCall callID: String, within limit: Duration) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while true {
      if state.withLock({ $0.started.contains(callID) }) { return true }
      if ContinuousClock.now >= deadline { return false }
      try? await Task.sleep(for: .milliseconds(5))
    }
  }

  func record(callID: String, sleep outcome: SleepOutcome) {
    state.withLock { $0.sleeps[callID] = outcome }
  }

  func record(callID: String, stream outcome: StreamOutcome) {
    state.withLock { $0.streams[callID] = outcome }
  }

  func record(callID: String, progress messages: Int) {
    state.withLock { $0.progress[callID] = messages }
  }

  /// How the streaming call `callID` ended, waiting up to `limit` for it to end; nil if it did not.
  public func streamOutcome(ofCall callID: String, within limit: Duration) async -> StreamOutcome? {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while true {
      if let outcome = state.withLock({ $0.streams[callID] }) { return outcome }
      if ContinuousClock.now >= deadline { return nil }
      try? await Task.sleep(for: .milliseconds(10))
    }
  }

  /// Waits up to `limit` until the streaming handler of `callID` has sent or received at least
  /// `messages` messages; true when it has.
  public func waitForProgress(ofCall callID: String, messages: Int, within limit: Duration) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while true {
      if state.withLock({ ($0.progress[callID] ?? 0) >= messages }) { return true }
      if ContinuousClock.now >= deadline { return false }
      try? await Task.sleep(for: .milliseconds(5))
    }
  }

  /// The request metadata the `EchoMetadata` handler saw on the call `callID`.
  public func metadata(ofCall callID: String) -> [(key: String, value: InteropMetadataValue)]? {
    state.withLock { $0.metadata[callID] }
  }

  /// How the `Sleep` call `callID` ended, waiting up to `limit` for it to end; nil if it did not.
  public func sleepOutcome(ofCall callID: String, within limit: Duration) async -> SleepOutcome? {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while true {
      if let outcome = state.withLock({ $0.sleeps[callID] }) { return outcome }
      if ContinuousClock.now >= deadline { return nil }
      try? await Task.sleep(for: .milliseconds(10))
    }
  }
}

private struct InteropService: RegistrableRPCService {
  let recorder: InteropRecorder

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.registerUnary(
      MethodDescriptor(fullyQualifiedService: InteropContract.connectionService, method: "Ping"),
      deserializer: ProtobufDeserializer<ResoniteIo_V1_PingRequest>(),
      serializer: ProtobufSerializer<ResoniteIo_V1_PingResponse>()
    ) { request, _ in
      var response = ResoniteIo_V1_PingResponse()
      response.message = request.message.message
      response.serverUnixNanos = unixNanosNow()
      return ServerResponse(message: response)
    }

    router.registerUnary(
      MethodDescriptor(fullyQualifiedService: InteropContract.infoService, method: "GetServerInfo"),
      deserializer: ProtobufDeserializer<ResoniteIo_V1_GetServerInfoRequest>(),
      serializer: ProtobufSerializer<ResoniteIo_V1_ServerInfo>()
    ) { _, _ in
      var info = ResoniteIo_V1_ServerInfo()
      info.modVersion = InteropContract.modVersion
      info.engineVersion = InteropContract.engineVersion
      info.platform = .linux
      info.isWine = true
      info.resonitePid = 4242
      info.rendererPid = 4343
      return ServerResponse(message: info)
    }

    router.registerRawUnary("Echo", of: InteropContract.echoService) { request, _ in
      ServerResponse(message: request.message)
    }

    router.registerRawUnary("Fail") { request, _ in
      throw Self.failure(from: request.message)
    }

    router.registerRawUnary("Sleep") { [recorder] request, context in
      guard let milliseconds = InteropContract.parseSleepRequest(request.message) else {
        throw RPCError(code: .invalidArgument, message: "Sleep wants a decimal number of milliseconds")
      }
      let callID = Self.callID(request.metadata)
      if let callID { recorder.recordStart(callID: callID) }
      // grpc-swift signals a cancelled RPC (stream reset by the client, deadline passed) through
      // `context.cancellation`, not by cancelling the handler's task: race the two.
      let completed = await withTaskGroup(of: Bool.self) { group in
        group.addTask { (try? await Task.sleep(for: .milliseconds(milliseconds))) != nil }
        group.addTask {
          try? await context.cancellation.cancelled
          return false
        }
        let first = await group.next() ?? false
        group.cancelAll()
        return first
      }
      if let callID { recorder.record(callID: callID, sleep: completed ? .completed : .cancelled) }
      guard completed else { throw RPCError(code: .cancelled, message: "the RPC was cancelled") }
      return ServerResponse(message: [])
    }

    router.registerRawUnary("Digest") { request, _ in
      ServerResponse(message: Payload.digest(request.message))
    }

    router.registerRawUnary("Generate") { request, _ in
      guard let (count, seed) = InteropContract.parseGenerateRequest(request.message),
        count <= GRPCSwiftInteropServer.maxMessageSize
      else {
        throw RPCError(code: .invalidArgument, message: "Generate wants \"<count> <seed>\"")
      }
      return ServerResponse(message: Payload.make(count: count, seed: seed))
    }

    // Response shapes other than "one message then OK" or Trailers-Only.
    router.registerRawServerStreaming("FailAfterHeaders") { single, _ in
      let error = Self.failure(from: single.message)
      return StreamingServerResponse(of: [UInt8].self, metadata: ["x-stage": "headers"]) { _ in throw error }
    }
    router.registerRawServerStreaming("FailAfterMessage") { single, _ in
      let error = Self.failure(from: single.message)
      return StreamingServerResponse(of: [UInt8].self, metadata: ["x-stage": "message"]) { writer in
        try await writer.write(single.message)
        throw error
      }
    }
    router.registerRawServerStreaming("TwoMessages") { single, _ in
      return StreamingServerResponse(of: [UInt8].self) { writer in
        try await writer.write(single.message)
        try await writer.write(single.message)
        return [:]
      }
    }
    router.registerRawServerStreaming("NoMessage") { _, _ in
      StreamingServerResponse(of: [UInt8].self) { _ in [:] }
    }

    router.registerRawUnary("Stall") { [recorder] request, _ in
      if let callID = Self.callID(request.metadata) {
        recorder.recordStart(callID: callID)
      }
      // Like Sleep, but deaf to RPC cancellation: it answers after the time whatever happens
      // (for calls that must outlive the start of a graceful shutdown).
      guard let milliseconds = InteropContract.parseSleepRequest(request.message) else {
        throw RPCError(code: .invalidArgument, message: "Stall wants a decimal number of milliseconds")
      }
      try await Task.sleep(for: .milliseconds(milliseconds))
      return ServerResponse(message: request.message)
    }

    router.registerRawUnary("EchoMetadata") { [recorder] request, _ in
      var seen: [(key: String, value: InteropMetadataValue)] = []
      var initial = Metadata()
      for (key, value) in request.metadata {
        switch value {
        case .string(let text):
          seen.append((key, .string(text)))
          if key.hasPrefix("x-") { initial.addString(text, forKey: key) }
        case .binary(let bytes):
          seen.append((key, .binary(bytes)))
          if key.hasPrefix("x-") { initial.addBinary(bytes, forKey: key) }
        }
      }
      if let callID = Self.callID(request.metadata) {
        recorder.record(callID: callID, metadata: seen)
      }
      var trailing = Metadata()
      trailing.addString("done", forKey: "x-trailer")
      trailing.addBinary([0, 1, 2, 0xFE, 0xFF], forKey: "x-trailer-bin")
      return ServerResponse(message: request.message, metadata: initial, trailingMetadata: trailing)
    }

    registerStreamingMethods(with: &router)
  }

  private func registerStreamingMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let recorder = self.recorder
    router.registerRawServerStreaming("ServerStream") { single, context in
      guard let spec = InteropContract.parseServerStreamRequest(single.message),
        spec.size <= GRPCSwiftInteropServer.maxMessageSize
      else {
        throw RPCError(
          code: .invalidArgument, message: "ServerStream wants \"<count> <size> <seed> [<code> <message>]\"")
      }
      let callID = Self.callID(single.metadata)
      return StreamingServerResponse(of: [UInt8].self) { writer in
        var sent = StreamTally(recorder: recorder, callID: callID)
        try await sent.run(context) { sent in
          for index in 0..<spec.count {
            try await writer.write(InteropContract.streamMessage(size: spec.size, seed: spec.seed, index: index))
            sent.count()
          }
        }
        if spec.failCode != 0 { throw Self.failure(code: spec.failCode, message: spec.failMessage) }
        return [:]
      }
    }

    router.registerRawServerStreaming("Endless") { single, context in
      guard let spec = InteropContract.parseEndlessRequest(single.message),
        spec.size <= GRPCSwiftInteropServer.maxMessageSize
      else {
        throw RPCError(code: .invalidArgument, message: "Endless wants \"<size> <interval-ms>\"")
      }
      let callID = Self.callID(single.metadata)
      if let callID { recorder.recordStart(callID: callID) }
      return StreamingServerResponse(of: [UInt8].self) { writer in
        var sent = StreamTally(recorder: recorder, callID: callID)
        // grpc-swift tells a handler of a cancelled RPC through `context.cancellation` (and a
        // failing write), not by cancelling its task: poll it between messages.
        while !context.cancellation.isCancelled {
          do {
            try await writer.write(InteropContract.streamMessage(size: spec.size, seed: 0, index: sent.messages))
          } catch {
            break
          }
          sent.count()
          let until = ContinuousClock.now.advanced(by: .milliseconds(spec.intervalMilliseconds))
          while !context.cancellation.isCancelled, ContinuousClock.now < until {
            try? await Task.sleep(for: .milliseconds(min(spec.intervalMilliseconds, 5)))
          }
        }
        sent.record(cancelled: true)
        throw RPCError(code: .cancelled, message: "the RPC was cancelled")
      }
    }

    router.registerRawStreaming("ClientStream") { request, context in
      let callID = Self.callID(request.metadata)
      let failAfter = Self.failAfter(request.metadata)
      var digests: [UInt8] = []
      var received = StreamTally(recorder: recorder, callID: callID)
      try await received.run(context) { received in
        for try await message in request.messages {
          digests += Payload.digest(message)
          received.count()
          if let failAfter, received.messages >= failAfter.count { break }
        }
      }
      if let failAfter, received.messages >= failAfter.count { throw failAfter.error }
      return StreamingServerResponse(single: ServerResponse(message: digests))
    }

    router.registerRawStreaming("BidiEcho") { request, context in
      let callID = Self.callID(request.metadata)
      let failAfter = Self.failAfter(request.metadata)
      return StreamingServerResponse(of: [UInt8].self) { writer in
        var received = StreamTally(recorder: recorder, callID: callID)
        try await received.run(context) { received in
          for try await message in request.messages {
            received.count()
            if let failAfter, received.messages > failAfter.count { break }
            try await writer.write(message)
          }
        }
        if let failAfter { throw failAfter.error }
        return [:]
      }
    }
  }

  private static func callID(_ metadata: Metadata) -> String? {
    metadata[stringValues: InteropContract.callIDKey].first(where: { _ in true })
  }

  /// The `x-interop-fail-*` metadata of a client- or bidi-streaming call.
  private static func failAfter(_ metadata: Metadata) -> (count: Int, error: RPCError)? {
    guard let text = metadata[stringValues: InteropContract.failAfterKey].first(where: { _ in true }),
      let count = Int(text)
    else { return nil }
    let code = metadata[stringValues: InteropContract.failCodeKey].first(where: { _ in true }).flatMap { Int($0) } ?? 13
    let message = metadata[stringValues: InteropContract.failMessageKey].first(where: { _ in true }) ?? ""
    return (count, failure(code: code, message: message))
  }
}

/// The messages one streaming handler has sent or received, recorded for its call id (when the
/// call has one): the progress as each message passes, and how the call ended.
private struct StreamTally {
  let recorder: InteropRecorder
  let callID: String?
  private(set) var messages = 0

  init(recorder: InteropRecorder, callID: String?) {
    self.recorder = recorder
    self.callID = callID
  }

  /// One more message sent or received.
  mutating func count() {
    messages += 1
    if let callID { recorder.record(callID: callID, progress: messages) }
  }

  /// Records how the call ended, with the messages counted so far.
  func record(cancelled: Bool) {
    guard let callID else { return }
    recorder.record(callID: callID, stream: cancelled ? .cancelled(messages: messages) : .completed(messages: messages))
  }

  /// Runs `body`, which calls ``count()`` per message, then records the outcome: cancelled when
  /// `body` throws (rethrown) or gRPC cancelled the RPC meanwhile, completed otherwise.
  mutating func run(_ context: ServerContext, _ body: (inout StreamTally) async throws -> Void) async throws {
    do {
      try await body(&self)
    } catch {
      record(cancelled: true)
      throw error
    }
    record(cancelled: context.cancellation.isCancelled)
  }
}

extension InteropService {
  /// The error for a status code (wire value) and message; INVALID_ARGUMENT for an unknown code.
  static func failure(code rawCode: Int, message: String) -> RPCError {
    guard let status = Status.Code(rawValue: rawCode), let code = RPCError.Code(status) else {
      return RPCError(code: .invalidArgument, message: "no such status code \(rawCode)")
    }
    return RPCError(code: code, message: message)
  }

  /// The error a `Fail`-style request names (see ``InteropContract/failRequest(code:message:)``).
  static func failure(from request: [UInt8]) -> RPCError {
    guard let (rawCode, message) = InteropContract.parseFailRequest(request),
      let status = Status.Code(rawValue: rawCode), let code = RPCError.Code(status)
    else {
      return RPCError(code: .invalidArgument, message: "Fail wants a status code byte (1...16) and a message")
    }
    return RPCError(code: code, message: message)
  }
}

extension RPCRouter {
  /// Registers a unary handler (one request message in, one response out).
  fileprivate mutating func registerUnary<Input: Sendable, Output: Sendable>(
    _ descriptor: MethodDescriptor,
    deserializer: some MessageDeserializer<Input>,
    serializer: some MessageSerializer<Output>,
    handler: @escaping @Sendable (ServerRequest<Input>, ServerContext) async throws -> ServerResponse<Output>
  ) {
    registerHandler(forMethod: descriptor, deserializer: deserializer, serializer: serializer) { request, context in
      let single = try await ServerRequest(stream: request)
      return StreamingServerResponse(single: try await handler(single, context))
    }
  }

  /// Registers a unary handler on raw bytes for `method` of `service`.
  fileprivate mutating func registerRawUnary(
    _ method: String, of service: String = InteropContract.interopService,
    handler: @escaping @Sendable (ServerRequest<[UInt8]>, ServerContext) async throws -> ServerResponse<[UInt8]>
  ) {
    registerUnary(
      MethodDescriptor(fullyQualifiedService: service, method: method), deserializer: RawBytesDeserializer(),
      serializer: RawBytesSerializer(), handler: handler)
  }

  /// Registers a handler on raw bytes that takes one request message and answers a stream (any
  /// number of messages, then a status) for `method` of the interop service.
  fileprivate mutating func registerRawServerStreaming(
    _ method: String,
    handler:
      @escaping @Sendable (ServerRequest<[UInt8]>, ServerContext) async throws -> StreamingServerResponse<[UInt8]>
  ) {
    registerRawStreaming(method) { request, context in
      try await handler(try await ServerRequest(stream: request), context)
    }
  }

  /// Registers a handler on raw bytes, streaming both ways, for `method` of the interop service.
  fileprivate mutating func registerRawStreaming(
    _ method: String,
    handler:
      @escaping @Sendable (StreamingServerRequest<[UInt8]>, ServerContext) async throws -> StreamingServerResponse<
        [UInt8]
      >
  ) {
    registerHandler(
      forMethod: MethodDescriptor(fullyQualifiedService: InteropContract.interopService, method: method),
      deserializer: RawBytesDeserializer(), serializer: RawBytesSerializer(), handler: handler)
  }
}
