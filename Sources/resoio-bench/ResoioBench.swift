// resoio-bench: issue 5's measurements with this package's client (ResoniteIO's
// ConnectionClient for Ping, ResoniteGRPC's GRPCChannel for the raw-bytes Echo) against any
// server that implements /resonite_io.v1.Connection/Ping over a Unix socket.
//
//   resoio-bench SOCKET [--label L] [--name N] [--calls N] [--warmup N]
//                [--only rtt,concurrency,bulk,cold,scaling] [--bulk-bytes 8388608] ...
//
// The measurements and the output format are in BenchHarness.swift (shared with
// Benchmarks/Sources/grpcswift-bench).
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
    abstract: "Measures this package's gRPC client against a Resonite IO server (issue 5's table).",
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
