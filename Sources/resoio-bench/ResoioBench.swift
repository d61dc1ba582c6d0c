// resoio-bench: issue 5's measurements with this package's client (ResoniteIO's
// ConnectionClient for Ping, ResoniteGRPC's GRPCChannel for the raw-bytes Echo) against any
// server that implements /resonite_io.v1.Connection/Ping over a Unix socket.
//
//   resoio-bench SOCKET [--label L] [--name N] [--calls N] [--warmup N]
//                [--only rtt,concurrency,bulk,cold,scaling] [--bulk-bytes 8388608] ...
//   resoio-bench stream-frames --socket PATH [--seconds N] [--slow-consumer-ms MS] [--label L]
//   resoio-bench camera-frames --socket PATH [--seconds N] [--slow-consumer-ms MS] [--label L]
//   resoio-bench mic-jitter --socket PATH [--seconds N]
//
// The measurements and the output format are in BenchHarness.swift and StreamFramesHarness.swift
// (shared with Benchmarks/Sources/grpcswift-bench).
import ArgumentParser
import ResoniteGRPC
import ResoniteIO

/// Our client: a ConnectionClient for Ping, and a GRPCChannel (own connection, opened on first
/// use) for Echo, which ConnectionClient does not offer.
struct ResoniteBenchConnection: BenchConnection {
  let client: ConnectionClient
  let echoChannel: GRPCChannel

  static let echoMethod = MethodDescriptor(service: "resonite_io.test.Echo", method: "Echo")

  func ping() async throws {
    _ = try await client.ping("ping")
  }

  func echo(_ bytes: [UInt8]) async throws -> Int {
    try await echoChannel.unaryRaw(Self.echoMethod, request: bytes).message.count
  }

  func close() async {
    await client.close()
    await echoChannel.close()
  }
}

struct ResoniteClientKind: BenchClientKind {
  func connect(socket: String) async throws -> ResoniteBenchConnection {
    let client = ConnectionClient(socketPath: socket)
    try await client.connect()
    return ResoniteBenchConnection(client: client, echoChannel: GRPCChannel(socketPath: socket))
  }

  func isUnimplemented(_ error: any Error) -> Bool {
    (error as? RPCError)?.code == .unimplemented
  }
}

@main
struct ResoioBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resoio-bench",
    abstract: "Measures this package's gRPC client against a Resonite IO server (issues 5 and 10).",
    subcommands: [Unary.self, StreamFrames.self, CameraFrames.self, StreamMemory.self, MicJitter.self],
    defaultSubcommand: Unary.self)

  struct Unary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "unary",
      abstract: "Issue 5's unary measurements (the default: `resoio-bench SOCKET ...`).",
      discussion: """
        Prints one RESULT line per measurement (rtt, concurrency, bulk, cold, one per scaling \
        level) with the keys name server rtt_p50_us rtt_p99_us calls_per_s mb_per_s cold_ms \
        rtt_cpu_us measure in_flight ("nan" where a key does not apply), and INFO lines. \
        Benchmarks/run.sh runs it beside the other peers.
        """)

    @OptionGroup var options: BenchOptions

    func run() async throws {
      try await BenchHarness(kind: ResoniteClientKind(), options: options, name: options.name ?? "resoio-swift").run()
    }
  }

  struct StreamFrames: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stream-frames",
      abstract: "Camera/StreamFrames throughput, or with --slow-consumer-ms peak RSS and frame age.",
      discussion: """
        Opens /resonite_io.v1.Camera/StreamFrames (width and height 0: the server's size), \
        warms up 1 s, counts frames for --seconds and prints one line: RESULT name=resoio-swift \
        client=resoio-swift server=LABEL width=W height=H frames_per_s mb_per_s cpu_ms_per_frame \
        rss_peak_mb (MB = 10^6 pixel bytes; CPU and RSS of this process). With \
        --slow-consumer-ms MS it sleeps MS after taking each frame and prints slow_rss_peak_mb \
        and slow_age_ms_p50 (now minus the frame's unix_nanos when taken) instead.
        """)

    @OptionGroup var options: StreamFramesOptions

    func run() async throws {
      try await streamFrames(options)
    }
  }

  struct CameraFrames: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "camera-frames",
      abstract: "stream-frames through the public Camera API (ResoniteClient + mod.camera.frames).",
      discussion: """
        The same measurement and RESULT line as stream-frames (name=resoio-camera-api), but each \
        frame comes from `mod.camera.frames` as a CameraFrame, whose pixels are touched in place \
        (one byte per row). The API requests the server's size: --width/--height do not apply.
        """)

    @OptionGroup var options: StreamFramesOptions

    func run() async throws {
      try await cameraFrames(options)
    }
  }

  struct StreamMemory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stream-memory",
      abstract: "A slow consumer's VmRSS and VmHWM over time on Camera/StreamFrames.",
      discussion: """
        Takes a frame, reads VmRSS and VmHWM (/proc/self/status), sleeps --consumer-ms (1000), \
        for --seconds (30); prints an INFO line per frame and RESULT name=resoio-swift \
        measure=stream-memory ... frame_mb rss_before_mb rss_first_mb rss_last_mb rss_max_mb \
        hwm_mb growth_mb held_frames age_ms_p50 (MB = 10^6 B).
        """)

    @OptionGroup var options: StreamMemoryOptions

    func run() async throws {
      try await streamMemory(options)
    }
  }

  struct MicJitter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "mic-jitter",
      abstract: "Microphone pacing: send time against the ideal schedule, through mod.microphone's sendPaced.",
      discussion: """
        Sends 48 kHz mono float32 chunks (--chunk-samples, 1024) with sendPaced for --seconds of \
        audio and prints RESULT name=resoio-mic-pacing chunks seconds drift_ms jitter_ms_p50 \
        jitter_ms_p99 max_late_ms (jitter = send time minus the chunk's ideal time; drift = the \
        least-squares trend of the jitter, end minus start).
        """)

    @OptionGroup var options: MicJitterOptions

    func run() async throws {
      try await micJitter(options)
    }
  }
}
