// grpcswift-server: a grpc-swift-2 server on a Unix domain socket, the "production" peer of
// issue 5's table.
//
//   grpcswift-server PATH [--max-concurrent-streams N] [--camera-size WxH]
//
// Serves
//   /resonite_io.v1.Connection/Ping     echoes `message`, sets `server_unix_nanos`
//   /resonite_io.v1.Info/GetServerInfo  a fixed ServerInfo with this package's mod version
//                                       (so our client's version probe stays quiet)
//   /resonite_io.test.Echo/Echo         answers with the request's bytes
//   /resonite_io.v1.Camera/StreamFrames CameraFrames of the request's size (0x0: --camera-size,
//                                       default 1280x720), RGBA8, frame_id 0, 1, 2..., back to
//                                       back (no pacing, no latest-frame slot: each write waits
//                                       on grpc-swift's flow control); the pixels are fixed.
//                                       A reference peer only: run.sh measures the camera
//                                       stream against our test server.
//
// Configured fairly: 8 MiB HTTP/2 target window, 64 MiB messages; everything else is
// grpc-swift's default except SETTINGS_MAX_CONCURRENT_STREAMS (run.sh passes 100 to both
// servers so that the scaling run crosses it). Prints the socket path once it listens; stops
// on SIGTERM/SIGINT (the default action).
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import ResoniteIOMessages
import enum ResoniteIO.ResoniteIOContract

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

/// CameraFrame{width = 1, height = 2, format = 3, unix_nanos = 4, frame_id = 5, pixels = 6}, by hand.
func cameraFrame(width: Int, height: Int, frameID: Int64, pixels: [UInt8]) -> [UInt8] {
  var bytes: [UInt8] = []
  bytes.reserveCapacity(pixels.count + 48)
  func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }
  bytes.append(0x08)
  varint(UInt64(width))
  bytes.append(0x10)
  varint(UInt64(height))
  bytes.append(0x18)
  varint(1)
  bytes.append(0x20)
  varint(UInt64(bitPattern: unixNanosNow()))
  bytes.append(0x28)
  varint(UInt64(bitPattern: frameID))
  bytes.append(0x32)
  varint(UInt64(pixels.count))
  bytes.append(contentsOf: pixels)
  return bytes
}

/// CameraStreamRequest's width (1) and height (2); other fields skipped.
func parseCameraRequest(_ bytes: [UInt8]) -> (width: Int, height: Int) {
  var width = 0
  var height = 0
  var offset = 0
  func varint() -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while offset < bytes.count, shift < 64 {
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { break }
      shift += 7
    }
    return value
  }
  while offset < bytes.count {
    let key = varint()
    switch (key >> 3, key & 7) {
    case (1, 0): width = Int(Int32(truncatingIfNeeded: varint()))
    case (2, 0): height = Int(Int32(truncatingIfNeeded: varint()))
    case (_, 0): _ = varint()
    case (_, 5): offset += 4
    case (_, 1): offset += 8
    case (_, 2): offset += Int(varint())
    default: return (width, height)
    }
  }
  return (width, height)
}

struct BenchService: RegistrableRPCService {
  var cameraSize: (width: Int, height: Int)

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
    let cameraSize = self.cameraSize
    router.registerHandler(
      forMethod: MethodDescriptor(fullyQualifiedService: "resonite_io.v1.Camera", method: "StreamFrames"),
      deserializer: RawBytesDeserializer(),
      serializer: RawBytesSerializer()
    ) { request, context in
      let single = try await ServerRequest(stream: request)
      let asked = parseCameraRequest(single.message)
      let (width, height) = asked.width > 0 && asked.height > 0 ? asked : cameraSize
      let pixels = (0..<(width * height * 4)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
      return StreamingServerResponse(of: [UInt8].self) { writer in
        var frameID: Int64 = 0
        while !context.cancellation.isCancelled {
          try await writer.write(cameraFrame(width: width, height: height, frameID: frameID, pixels: pixels))
          frameID += 1
        }
        return [:]
      }
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
    var cameraSize = (width: 1280, height: 720)
    if let index = arguments.firstIndex(of: "--camera-size"), index + 1 < arguments.count {
      let parts = arguments[index + 1].split(separator: "x").compactMap { Int($0) }
      guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
        FileHandle.standardError.write(Data("grpcswift-server: --camera-size wants WxH\n".utf8))
        exit(2)
      }
      cameraSize = (parts[0], parts[1])
      arguments.removeSubrange(index...(index + 1))
    }
    guard arguments.count == 1 else {
      FileHandle.standardError.write(
        Data("usage: grpcswift-server PATH [--max-concurrent-streams N] [--camera-size WxH]\n".utf8))
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
    let server = GRPCServer(transport: transport, services: [BenchService(cameraSize: cameraSize)])
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      _ = try await transport.listeningAddress
      FileHandle.standardOutput.write(Data("\(path)\n".utf8))
    }
  }
}
