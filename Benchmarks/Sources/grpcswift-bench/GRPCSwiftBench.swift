// grpcswift-bench: issue 5's measurements with a grpc-swift-2 client (GRPCNIOTransportHTTP2Posix,
// plaintext over a Unix socket), printing the same RESULT lines as `resoio-bench`. The
// measurements are BenchHarness.swift, a symlink to the root package's
// Sources/resoio-bench/BenchHarness.swift, so both clients run the same code.
//
// Configured fairly: 8 MiB HTTP/2 target window, 64 MiB messages each way; everything else is
// grpc-swift's default. Ping uses grpc-swift-protobuf's serializers on ResoniteIO's generated
// messages; Echo sends raw bytes.
import ArgumentParser
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import ResoniteIOMessages

struct RawBytesSerializer: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}

struct RawBytesDeserializer: MessageDeserializer {
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    serializedMessageBytes.withUnsafeBytes { [UInt8]($0) }
  }
}

/// One GRPCClient (one HTTP/2 connection to a Unix socket) with its connection-running task.
struct GRPCSwiftBenchConnection: BenchConnection {
  let client: GRPCClient<HTTP2ClientTransport.Posix>
  let runTask: Task<Void, any Error>

  static let pingMethod = MethodDescriptor(fullyQualifiedService: "resonite_io.v1.Connection", method: "Ping")
  static let echoMethod = MethodDescriptor(fullyQualifiedService: "resonite_io.test.Echo", method: "Echo")
  static let options: CallOptions = {
    var options = CallOptions.defaults
    options.maxRequestMessageBytes = 64 << 20
    options.maxResponseMessageBytes = 64 << 20
    // Like our client, which waits for its connection: the first call of a new client does
    // not fail while the connection is still being established.
    options.waitForReady = true
    return options
  }()

  func ping() async throws {
    var request = ResoniteIo_V1_PingRequest()
    request.message = "ping"
    _ = try await client.unary(
      request: ClientRequest(message: request), descriptor: Self.pingMethod,
      serializer: ProtobufSerializer<ResoniteIo_V1_PingRequest>(),
      deserializer: ProtobufDeserializer<ResoniteIo_V1_PingResponse>(), options: Self.options
    ) { response in try response.message }
  }

  func echo(_ bytes: [UInt8]) async throws -> Int {
    try await client.unary(
      request: ClientRequest(message: bytes), descriptor: Self.echoMethod, serializer: RawBytesSerializer(),
      deserializer: RawBytesDeserializer(), options: Self.options
    ) { response in try response.message.count }
  }

  func close() async {
    client.beginGracefulShutdown()
    _ = await runTask.result
  }
}

struct GRPCSwiftClientKind: BenchClientKind {
  func connect(socket: String) async throws -> GRPCSwiftBenchConnection {
    let transport = try HTTP2ClientTransport.Posix(
      target: .unixDomainSocket(path: socket),
      transportSecurity: .plaintext,
      config: .defaults { config in
        config.http2.targetWindowSize = 8 << 20
      }
    )
    let client = GRPCClient(transport: transport)
    let runTask = Task { try await client.runConnections() }
    return GRPCSwiftBenchConnection(client: client, runTask: runTask)
  }

  func isUnimplemented(_ error: any Error) -> Bool {
    (error as? RPCError)?.code == .unimplemented
  }
}

/// A CameraFrame as received: the message's bytes (copied once out of grpc-swift's buffer, as
/// any deserializer into an owned value must) and its parsed fields.
struct ReceivedCameraFrame: Sendable {
  var header: CameraFrameHeader
  var bytes: [UInt8]
}

struct CameraFrameDeserializer: MessageDeserializer {
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> ReceivedCameraFrame {
    let bytes = serializedMessageBytes.withUnsafeBytes { [UInt8]($0) }
    let header = try bytes.withUnsafeBytes { try CameraWire.parseFrame($0) }
    return ReceivedCameraFrame(header: header, bytes: bytes)
  }
}

@main
struct GRPCSwiftBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grpcswift-bench",
    abstract: "Measures a grpc-swift-2 client against a Resonite IO server; output as resoio-bench's.",
    subcommands: [Unary.self, StreamFrames.self],
    defaultSubcommand: Unary.self)

  struct Unary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "unary", abstract: "Issue 5's unary measurements (the default: `grpcswift-bench SOCKET ...`).")

    @OptionGroup var options: BenchOptions

    func run() async throws {
      try await BenchHarness(kind: GRPCSwiftClientKind(), options: options, name: options.name ?? "grpc-swift-2").run()
    }
  }

  struct StreamFrames: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stream-frames",
      abstract:
        "Camera/StreamFrames throughput (or, with --slow-consumer-ms, RSS and frame age) with grpc-swift-2's client.",
      discussion: "Output as `resoio-bench stream-frames`: see StreamFramesHarness.swift.")

    @OptionGroup var options: StreamFramesOptions

    func run() async throws {
      let connection = try await GRPCSwiftClientKind().connect(socket: options.camera.socket)
      let settings = options.settings(defaultName: "grpc-swift-2")
      do {
        try await connection.client.serverStreaming(
          request: ClientRequest(message: options.camera.request),
          descriptor: MethodDescriptor(fullyQualifiedService: CameraWire.service, method: CameraWire.method),
          serializer: RawBytesSerializer(), deserializer: CameraFrameDeserializer(),
          options: GRPCSwiftBenchConnection.options
        ) { response in
          var meter = StreamMeter(settings)
          for try await frame in response.messages {
            if try await !meter.take(frame.header) { return }
          }
          throw BenchFailure(description: "the stream ended before the measurement did")
        }
      } catch {
        await connection.close()
        throw error
      }
      await connection.close()
    }
  }
}
