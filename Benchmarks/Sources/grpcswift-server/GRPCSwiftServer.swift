// grpcswift-server: a grpc-swift-2 server on a Unix domain socket, the "production" peer of
// issue 5's table.
//
//   grpcswift-server PATH [--max-concurrent-streams N]
//
// Serves
//   /resonite_io.v1.Connection/Ping     echoes `message`, sets `server_unix_nanos`
//   /resonite_io.v1.Info/GetServerInfo  a fixed ServerInfo with this package's mod version
//                                       (so our client's version probe stays quiet)
//   /resonite_io.test.Echo/Echo         answers with the request's bytes
//
// Configured fairly: 8 MiB HTTP/2 target window, 64 MiB messages; everything else is
// grpc-swift's default except SETTINGS_MAX_CONCURRENT_STREAMS (run.sh passes 100 to both
// servers so that the scaling run crosses it). Prints the socket path once it listens; stops
// on SIGTERM/SIGINT (the default action).
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import ResoniteIO

struct RawBytesSerializer: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}

struct RawBytesDeserializer: MessageDeserializer {
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    serializedMessageBytes.withUnsafeBytes { [UInt8]($0) }
  }
}

func unixNanosNow() -> Int64 {
  var ts = timespec()
  clock_gettime(CLOCK_REALTIME, &ts)
  return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

struct BenchService: RegistrableRPCService {
  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.registerHandler(
      forMethod: MethodDescriptor(fullyQualifiedService: "resonite_io.v1.Connection", method: "Ping"),
      deserializer: ProtobufDeserializer<ResoniteIo_V1_PingRequest>(),
      serializer: ProtobufSerializer<ResoniteIo_V1_PingResponse>()
    ) { request, _ in
      let single = try await ServerRequest(stream: request)
      var response = ResoniteIo_V1_PingResponse()
      response.message = single.message.message
      response.serverUnixNanos = unixNanosNow()
      return StreamingServerResponse(single: ServerResponse(message: response))
    }
    router.registerHandler(
      forMethod: MethodDescriptor(fullyQualifiedService: "resonite_io.v1.Info", method: "GetServerInfo"),
      deserializer: ProtobufDeserializer<ResoniteIo_V1_GetServerInfoRequest>(),
      serializer: ProtobufSerializer<ResoniteIo_V1_ServerInfo>()
    ) { request, _ in
      _ = try await ServerRequest(stream: request)
      var info = ResoniteIo_V1_ServerInfo()
      info.modVersion = ResoniteIOContract.modVersion
      info.engineVersion = "grpcswift-server (Benchmarks)"
      info.platform = .linux
      info.resonitePid = Int32(getpid())
      return StreamingServerResponse(single: ServerResponse(message: info))
    }
    router.registerHandler(
      forMethod: MethodDescriptor(fullyQualifiedService: "resonite_io.test.Echo", method: "Echo"),
      deserializer: RawBytesDeserializer(),
      serializer: RawBytesSerializer()
    ) { request, _ in
      let single = try await ServerRequest(stream: request)
      return StreamingServerResponse(single: ServerResponse(message: single.message))
    }
  }
}

@main
struct GRPCSwiftServer {
  static func main() async throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    var maxConcurrentStreams: Int?
    if let index = arguments.firstIndex(of: "--max-concurrent-streams"), index + 1 < arguments.count {
      maxConcurrentStreams = Int(arguments[index + 1])
      arguments.removeSubrange(index...(index + 1))
    }
    guard arguments.count == 1 else {
      FileHandle.standardError.write(Data("usage: grpcswift-server PATH [--max-concurrent-streams N]\n".utf8))
      exit(2)
    }
    let path = arguments[0]
    unlink(path)
    let transport = HTTP2ServerTransport.Posix(
      address: .unixDomainSocket(path: path),
      transportSecurity: .plaintext,
      config: .defaults { config in
        config.http2.targetWindowSize = 8 << 20
        config.http2.maxConcurrentStreams = maxConcurrentStreams
        config.rpc.maxRequestPayloadSize = 64 << 20
      }
    )
    let server = GRPCServer(transport: transport, services: [BenchService()])
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      _ = try await transport.listeningAddress
      FileHandle.standardOutput.write(Data("\(path)\n".utf8))
    }
  }
}
