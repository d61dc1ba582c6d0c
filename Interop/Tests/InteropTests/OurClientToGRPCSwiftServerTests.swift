import InteropSupport
import ResoniteGRPC
import ResoniteIO
import Testing

/// A. Our client (ResoniteGRPC's nghttp2 `GRPCChannel`) against a grpc-swift 2 server
/// (HTTP/2 over SwiftNIO), over a real Unix domain socket in a temporary directory.
@Suite("A. our GRPCChannel -> grpc-swift server", .serialized, .timeLimit(.minutes(2)))
struct OurClientToGRPCSwiftServerTests {
  private static let echo = MethodDescriptor(service: InteropContract.echoService, method: "Echo")
  private static let fail = MethodDescriptor(service: InteropContract.interopService, method: "Fail")
  private static let sleep = MethodDescriptor(service: InteropContract.interopService, method: "Sleep")
  private static let stall = MethodDescriptor(service: InteropContract.interopService, method: "Stall")
  private static let echoMetadata = MethodDescriptor(service: InteropContract.interopService, method: "EchoMetadata")
  private static let ping = MethodDescriptor(service: InteropContract.connectionService, method: "Ping")
  private static let getServerInfo = MethodDescriptor(service: InteropContract.infoService, method: "GetServerInfo")

  /// Runs `body` with a fresh grpc-swift server and a channel to it, then tears both down.
  private func withServer(
    _ body: (GRPCSwiftInteropServer, BoundedChannel) async throws -> Void
  ) async throws {
    try await withGRPCSwiftServerAndChannel { server, channel in
      try await body(server, BoundedChannel(channel))
    }
  }

  @Test("Connection/Ping echoes the message and stamps the server clock")
  func ping() async throws {
    try await withServer { _, channel in
      var request = ResoniteIo_V1_PingRequest()
      request.message = "hello from nghttp2 ✓"
      let before = unixNanosNow()
      let response = try await channel.unary(
        Self.ping, request: request, requestCodec: ProtobufCodec<ResoniteIo_V1_PingRequest>(),
        responseCodec: ProtobufCodec<ResoniteIo_V1_PingResponse>())
      let after = unixNanosNow()
      #expect(response.message.message == "hello from nghttp2 ✓")
      #expect(response.message.serverUnixNanos >= before)
      #expect(response.message.serverUnixNanos <= after)
    }
  }

  @Test("Info/GetServerInfo decodes every field")
  func getServerInfo() async throws {
    try await withServer { _, channel in
      let response = try await channel.unary(
        Self.getServerInfo, request: ResoniteIo_V1_GetServerInfoRequest(),
        requestCodec: ProtobufCodec<ResoniteIo_V1_GetServerInfoRequest>(),
        responseCodec: ProtobufCodec<ResoniteIo_V1_ServerInfo>())
      let info = response.message
      #expect(info.modVersion == InteropContract.modVersion)
      #expect(info.engineVersion == InteropContract.engineVersion)
      #expect(info.platform == .linux)
      #expect(info.isWine)
      #expect(info.resonitePid == 4242)
      #expect(info.rendererPid == 4343)
    }
  }

  @Test(
    "Echo round-trips messages byte-exact",
    arguments: [0, 1, 5, 16_384, 65_545, 1 << 20, 8 << 20, 40 << 20])
  func echo(size: Int) async throws {
    try await withServer { _, channel in
      let payload = Payload.make(count: size, seed: UInt64(size) &+ 1)
      let response = try await channel.unaryRaw(Self.echo, request: payload)
      #expect(response.message.count == size)
      #expect(Payload.equal(response.message, payload), "the echo of \(size) bytes differs")
    }
  }

  @Test("Sixteen concurrent calls share one connection")
  func concurrentEchoes() async throws {
    try await withServer { _, channel in
      try await withThrowingTaskGroup(of: Bool.self) { group in
        for index in 0..<16 {
          group.addTask {
            let payload = Payload.make(count: 256 << 10, seed: UInt64(index) + 7)
            let response = try await channel.unaryRaw(Self.echo, request: payload)
            return Payload.equal(response.message, payload)
          }
        }
        var matched = 0
        for try await ok in group where ok { matched += 1 }
        #expect(matched == 16)
      }
    }
  }

  @Test("Four concurrent 8 MiB requests (the server answers their digests)")
  func concurrentLargeRequests() async throws {
    try await withServer { _, channel in
      try await withThrowingTaskGroup(of: Bool.self) { group in
        for index in 0..<4 {
          group.addTask {
            let payload = Payload.make(count: 8 << 20, seed: UInt64(index) + 100)
            let response = try await channel.unaryRaw(
              MethodDescriptor(service: InteropContract.interopService, method: "Digest"), request: payload)
            return response.message == Payload.digest(payload)
          }
        }
        var matched = 0
        for try await ok in group where ok { matched += 1 }
        #expect(matched == 4)
      }
    }
  }

  @Test("Four concurrent 8 MiB responses")
  func concurrentLargeResponses() async throws {
    try await withServer { _, channel in
      try await withThrowingTaskGroup(of: Bool.self) { group in
        for index in 0..<4 {
          group.addTask {
            let seed = UInt64(index) + 300
            let response = try await channel.unaryRaw(
              MethodDescriptor(service: InteropContract.interopService, method: "Generate"),
              request: InteropContract.generateRequest(count: 8 << 20, seed: seed))
            return Payload.equal(response.message, Payload.make(count: 8 << 20, seed: seed))
          }
        }
        var matched = 0
        for try await ok in group where ok { matched += 1 }
        #expect(matched == 4)
      }
    }
  }

  @Test("Four concurrent 8 MiB echoes, large in both directions at once")
  func concurrentLargeEchoes() async throws {
    try await withServer { _, channel in
      // grpc-swift-nio-transport 2.9.2 with swift-nio-http2 1.46 sometimes breaks here (about
      // one run in ten on a loaded two-core machine): a stream-level WINDOW_UPDATE that NIOHTTP2
      // buffered while the socket was full goes out after that stream's END_STREAM arrived;
      // NIOHTTP2 fires BadStreamStateTransition(halfClosedRemoteLocalIdle), and grpc-swift either
      // closes the whole connection (ServerConnectionManagementHandler.errorCaught, no GOAWAY) or
      // leaves that call unanswered. A wire tap showed our client's frames in order and within
      // the windows. Only those two outcomes are tolerated, and the deadline keeps a stuck call
      // short.
      try await withKnownIssue(
        "grpc-swift's server drops the connection or a call on a stream-level NIOHTTP2 error",
        isIntermittent: true
      ) {
        try await withThrowingTaskGroup(of: Bool.self) { group in
          for index in 0..<4 {
            group.addTask {
              let payload = Payload.make(count: 8 << 20, seed: UInt64(index) + 200)
              let response = try await channel.unaryRaw(
                Self.echo, request: payload, options: CallOptions(timeout: .seconds(15)))
              return Payload.equal(response.message, payload)
            }
          }
          var matched = 0
          for try await ok in group where ok { matched += 1 }
          #expect(matched == 4)
        }
      } matching: { issue in
        guard let error = issue.error as? RPCError else { return false }
        return error.code == .unavailable || error.code == .deadlineExceeded
      }
    }
  }

  @Test(
    "An error status and its exact non-ASCII message come through",
    arguments: FailureCase.cases(includingContinuation: true))
  func errorStatus(failure: FailureCase) async throws {
    let code = failure.code
    let message = failure.message
    try await withServer { _, channel in
      let request = InteropContract.failRequest(code: code.rawValue, message: message)
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(Self.fail, request: request)
      }
      #expect(error?.code == code)
      #expect(error?.message == message)
      // The failure is the call's alone: the connection takes the next call.
      let after = try await channel.unaryRaw(Self.echo, request: [1, 2, 3])
      #expect(after.message == [1, 2, 3])
    }
  }

  @Test("A deadline shorter than the handler's sleep gives DEADLINE_EXCEEDED promptly")
  func deadlineExceeded() async throws {
    try await withServer { server, channel in
      let clock = ContinuousClock()
      let start = clock.now
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(
          Self.sleep, request: InteropContract.sleepRequest(milliseconds: 10_000),
          options: CallOptions(timeout: .milliseconds(250), metadata: [InteropContract.callIDKey: "deadline"]))
      }
      let elapsed = clock.now - start
      #expect(error?.code == .deadlineExceeded)
      #expect(elapsed >= .milliseconds(240))
      // Promptly: far sooner than the 10 s sleep (the bound is loose for a loaded 2-core machine).
      #expect(elapsed < .seconds(5), "DEADLINE_EXCEEDED took \(elapsed)")
      // If the handler started, it was told too (by the reset stream or its own grpc-timeout timer).
      if await server.recorder.waitForStart(ofCall: "deadline", within: .milliseconds(100)) {
        #expect(await server.recorder.sleepOutcome(ofCall: "deadline", within: .seconds(5)) == .cancelled)
      }
      // The channel is still usable.
      let after = try await channel.unaryRaw(Self.echo, request: [7])
      #expect(after.message == [7])
    }
  }

  @Test("Cancelling the calling task gives CANCELLED and cancels the handler (RST_STREAM reaches grpc-swift)")
  func taskCancellation() async throws {
    try await withServer { server, channel in
      let call = Task {
        try await channel.unaryRaw(
          Self.sleep, request: InteropContract.sleepRequest(milliseconds: 10_000),
          options: CallOptions(metadata: [InteropContract.callIDKey: "cancel"]))
      }
      #expect(await server.recorder.waitForStart(ofCall: "cancel", within: .seconds(10)))
      call.cancel()
      let result = await call.result
      #expect(throws: RPCError.self) { try result.get() }
      if case .failure(let error as RPCError) = result {
        #expect(error.code == .cancelled)
      }
      // The call's deadline is 30 s away, so only our RST_STREAM(CANCEL) can have told the handler.
      #expect(await server.recorder.sleepOutcome(ofCall: "cancel", within: .seconds(5)) == .cancelled)
      let after = try await channel.unaryRaw(Self.echo, request: [8])
      #expect(after.message == [8])
    }
  }

  @Test("A deadline longer than the handler's sleep lets the call finish (grpc-timeout accepted)")
  func deadlineNotReached() async throws {
    try await withServer { _, channel in
      let response = try await channel.unaryRaw(
        Self.sleep, request: InteropContract.sleepRequest(milliseconds: 50),
        options: CallOptions(timeout: .seconds(10)))
      #expect(response.message.isEmpty)
    }
  }

  @Test(
    "An unknown method or service gives UNIMPLEMENTED",
    arguments: [
      MethodDescriptor(service: InteropContract.connectionService, method: "Pong"),
      MethodDescriptor(service: "resonite_io.v1.NoSuchService", method: "Ping"),
    ])
  func unimplemented(method: MethodDescriptor) async throws {
    try await withServer { _, channel in
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(method, request: [])
      }
      #expect(error?.code == .unimplemented)
    }
  }

  @Test("Metadata sent by our client reaches the handler; the handler's metadata comes back")
  func metadata() async throws {
    try await withServer { server, channel in
      var metadata = Metadata()
      metadata.addString("call-42", forKey: InteropContract.callIDKey)
      metadata.addString("a value with spaces, commas; and symbols !#$&'*+/=?^_`|~", forKey: "x-text")
      metadata.addString("first", forKey: "x-repeated")
      metadata.addString("second", forKey: "x-repeated")
      metadata.addBinary([0, 1, 2, 3, 0x7F, 0x80, 0xFE, 0xFF], forKey: "x-blob-bin")
      metadata.addBinary([0xAB], forKey: "x-one-byte-bin")
      metadata.addBinary([0, 0xFF, 0x10, 0x80, 0x7F, 0x3E], forKey: "x-six-bytes-bin")
      let response = try await channel.unaryRaw(
        Self.echoMetadata, request: [9, 9], options: CallOptions(metadata: metadata))
      #expect(response.message == [9, 9])

      let seen = try #require(server.recorder.metadata(ofCall: "call-42"))
      func values(_ key: String) -> [InteropMetadataValue] { seen.filter { $0.key == key }.map(\.value) }
      #expect(values(InteropContract.callIDKey) == [.string("call-42")])
      #expect(values("x-text") == [.string("a value with spaces, commas; and symbols !#$&'*+/=?^_`|~")])
      #expect(values("x-repeated") == [.string("first"), .string("second")])
      // A binary value whose length is a multiple of 3 has no base64 padding to omit.
      #expect(values("x-six-bytes-bin") == [.binary([0, 0xFF, 0x10, 0x80, 0x7F, 0x3E])])
      // Other lengths: we send base64 without padding, as PROTOCOL-HTTP2 says to ("should emit
      // un-padded values"; receivers "MUST accept padded and un-padded values").
      // grpc-swift-nio-transport 2.9.2 decodes `-bin` values with padding required and, failing
      // that, hands the handler the raw text (`Metadata(headers:)` in GRPCStreamStateMachine).
      withKnownIssue("grpc-swift-nio-transport 2.9.2 does not decode un-padded base64 in -bin metadata") {
        #expect(values("x-blob-bin") == [.binary([0, 1, 2, 3, 0x7F, 0x80, 0xFE, 0xFF])])
        #expect(values("x-one-byte-bin") == [.binary([0xAB])])
      }
      // What it hands over instead is exactly our un-padded base64 of the right bytes.
      #expect(values("x-blob-bin") == [.string("AAECA3+A/v8")])
      #expect(values("x-one-byte-bin") == [.string("qw")])
      guard case .string(let userAgent)? = values("user-agent").first else {
        Issue.record("the server saw no text user-agent")
        return
      }
      #expect(userAgent.hasPrefix("resonite-io-swift/"))

      // The handler answers the x- keys as initial metadata and adds trailers.
      #expect(
        response.initialMetadata.firstString(forKey: "x-text")
          == "a value with spaces, commas; and symbols !#$&'*+/=?^_`|~")
      #expect(response.initialMetadata["x-repeated"] == [.string("first"), .string("second")])
      #expect(response.initialMetadata["x-six-bytes-bin"] == [.binary([0, 0xFF, 0x10, 0x80, 0x7F, 0x3E])])
      #expect(response.trailingMetadata.firstString(forKey: "x-trailer") == "done")
      #expect(response.trailingMetadata["x-trailer-bin"] == [.binary([0, 1, 2, 0xFE, 0xFF])])
      #expect(response.trailingMetadata["grpc-status"].isEmpty)
    }
  }

  @Test("A request above the grpc-swift server's 64 MiB limit is refused promptly; the connection survives")
  func requestAboveServerLimit() async throws {
    try await withServer { _, channel in
      let payload = [UInt8](repeating: 0x5A, count: GRPCSwiftInteropServer.maxMessageSize + 1)
      let clock = ContinuousClock()
      let start = clock.now
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(Self.echo, request: payload, options: CallOptions(timeout: .seconds(20)))
      }
      // grpc-swift's server sends no status here: it closes the stream, which NIOHTTP2 turns into
      // RST_STREAM(CANCEL), and PROTOCOL-HTTP2 maps a server's CANCEL to CANCELLED.
      #expect(error?.code == .cancelled)
      #expect(clock.now - start < .seconds(5))
      let after = try await channel.unaryRaw(Self.echo, request: [6])
      #expect(after.message == [6])
    }
  }

  @Test("A response above our per-call limit gives RESOURCE_EXHAUSTED; the connection survives")
  func responseAboveOurLimit() async throws {
    try await withServer { _, channel in
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(
          Self.echo, request: Payload.make(count: (1 << 20) + 1),
          options: CallOptions(maxResponseMessageSize: 1 << 20))
      }
      #expect(error?.code == .resourceExhausted)
      let after = try await channel.unaryRaw(Self.echo, request: Payload.make(count: 1 << 20))
      #expect(after.message.count == 1 << 20)
    }
  }

  @Test("A graceful shutdown (GOAWAY) lets the in-flight call finish; a restarted server is reached again")
  func gracefulShutdownAndRestart() async throws {
    let directory = try TemporarySocketDirectory()
    defer { directory.remove() }
    let path = directory.socketPath()
    let first = try await GRPCSwiftInteropServer.start(socketPath: path)
    let channel = BoundedChannel(GRPCChannel(socketPath: path))
    do {
      _ = try await channel.unaryRaw(Self.echo, request: [1])
      let inFlight = Task {
        try await channel.unaryRaw(
          Self.stall, request: InteropContract.sleepRequest(milliseconds: 600),
          options: CallOptions(metadata: [InteropContract.callIDKey: "stall"]))
      }
      #expect(await first.recorder.waitForStart(ofCall: "stall", within: .seconds(10)))
      let stopping = Task { await first.stop() }
      let response = try await inFlight.value
      #expect(response.message == InteropContract.sleepRequest(milliseconds: 600))
      await stopping.value

      // Nobody listens now: the call fails fast with UNAVAILABLE.
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(Self.echo, request: [2], options: CallOptions(timeout: .seconds(5)))
      }
      #expect(error?.code == .unavailable)

      // A new server on the same path: the same channel connects again.
      let second = try await GRPCSwiftInteropServer.start(socketPath: path)
      do {
        let again = try await channel.unaryRaw(Self.echo, request: [3])
        #expect(again.message == [3])
      } catch {
        await second.stop()
        throw error
      }
      await channel.close()
      await second.stop()
    } catch {
      await channel.close()
      await first.stop()
      throw error
    }
  }

  @Test("An error in trailers after response headers (not Trailers-Only) comes through")
  func failAfterHeaders() async throws {
    try await withServer { _, channel in
      let message = "after headers: ünïcödé 100%"
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(
          MethodDescriptor(service: InteropContract.interopService, method: "FailAfterHeaders"),
          request: InteropContract.failRequest(code: StatusCode.dataLoss.rawValue, message: message))
      }
      #expect(error?.code == .dataLoss)
      #expect(error?.message == message)
    }
  }

  @Test("An error status after a response message wins over the message")
  func failAfterMessage() async throws {
    try await withServer { _, channel in
      let message = "after a message: 世界"
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(
          MethodDescriptor(service: InteropContract.interopService, method: "FailAfterMessage"),
          request: InteropContract.failRequest(code: StatusCode.unavailable.rawValue, message: message))
      }
      #expect(error?.code == .unavailable)
      #expect(error?.message == message)
    }
  }

  @Test(
    "A unary response with other than one message is UNIMPLEMENTED (cardinality violation)",
    arguments: ["TwoMessages", "NoMessage"])
  func cardinalityViolation(method: String) async throws {
    try await withServer { _, channel in
      let error = await #expect(throws: RPCError.self) {
        try await channel.unaryRaw(
          MethodDescriptor(service: InteropContract.interopService, method: method), request: [1, 2])
      }
      #expect(error?.code == .unimplemented)
    }
  }
}

/// The channel under test with every call bounded, 30 s unless the test sets a timeout, so that
/// a stuck peer fails one test instead of hanging the suite.
struct BoundedChannel: Sendable {
  static let defaultTimeout: Duration = .seconds(30)

  let channel: GRPCChannel

  init(_ channel: GRPCChannel) {
    self.channel = channel
  }

  func unaryRaw(
    _ method: MethodDescriptor, request: [UInt8], options: CallOptions = CallOptions()
  ) async throws(RPCError) -> UnaryResponse<[UInt8]> {
    try await channel.unaryRaw(method, request: request, options: Self.bounded(options))
  }

  func unary<RequestCodec: MessageCodec, ResponseCodec: MessageCodec>(
    _ method: MethodDescriptor, request: RequestCodec.Message, requestCodec: RequestCodec,
    responseCodec: ResponseCodec, options: CallOptions = CallOptions()
  ) async throws(RPCError) -> UnaryResponse<ResponseCodec.Message> where ResponseCodec.Message: Sendable {
    try await channel.unary(
      method, request: request, requestCodec: requestCodec, responseCodec: responseCodec, options: Self.bounded(options)
    )
  }

  func close() async {
    await channel.close()
  }

  private static func bounded(_ options: CallOptions) -> CallOptions {
    var options = options
    if options.timeout == nil { options.timeout = defaultTimeout }
    return options
  }
}
