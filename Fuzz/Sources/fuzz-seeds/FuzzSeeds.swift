// Writes the seed corpora of the fuzz targets: `fuzz-seeds OUTPUT_DIR` fills
// OUTPUT_DIR/FuzzDeframer, OUTPUT_DIR/FuzzResponseHead and OUTPUT_DIR/FuzzReceivePath.
//
// The FuzzReceivePath seeds are recordings: an in-process ResoniteTestServer is sent a Ping by
// a raw nghttp2 client, and every byte the server writes back, from its SETTINGS to the
// trailers, is saved (prefixed by the target's option byte). Besides the plain Ping answer, the
// server is made to answer errors, GOAWAY, resets and scripted malformed responses.
import Foundation
import Glibc
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteTestServer

@main
struct FuzzSeeds {
  static func main() throws {
    let arguments = CommandLine.arguments
    guard arguments.count == 2 else {
      FileHandle.standardError.write(Data("usage: fuzz-seeds OUTPUT_DIR\n".utf8))
      exit(2)
    }
    let output = URL(fileURLWithPath: arguments[1])
    try writeDeframerSeeds(to: output.appendingPathComponent("FuzzDeframer"))
    try writeResponseHeadSeeds(to: output.appendingPathComponent("FuzzResponseHead"))
    try writeReceivePathSeeds(to: output.appendingPathComponent("FuzzReceivePath"))
  }

  static func save(_ bytes: [UInt8], _ name: String, in directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(bytes).write(to: directory.appendingPathComponent(name))
  }

  // MARK: FuzzDeframer: [limit / 64, chunk size] + DATA bytes

  static func writeDeframerSeeds(to directory: URL) throws {
    let ping: [UInt8] = [0x0A, 0x05] + Array("hello".utf8) + [0x10, 0x80, 0xA8, 0xD6, 0xB9, 0x07]
    let seeds: [(String, [UInt8], [UInt8])] = [
      ("empty-message", [255, 0], GRPCMessage(bytes: []).framed),
      ("ping-response", [255, 0], GRPCMessage(bytes: ping).framed),
      ("ping-response-bytewise", [255, 1], GRPCMessage(bytes: ping).framed),
      ("two-messages", [255, 7], GRPCMessage(bytes: ping).framed + GRPCMessage(bytes: [1, 2, 3]).framed),
      ("compressed", [255, 0], GRPCMessage(bytes: ping, compressed: true).framed),
      ("partial-prefix", [255, 0], [0, 0, 0]),
      ("partial-body", [255, 3], Array(GRPCMessage(bytes: ping).framed.dropLast(4))),
      ("over-limit", [1, 0], GRPCMessage(bytes: [UInt8](repeating: 0x41, count: 100)).framed),
      ("at-limit", [1, 16], GRPCMessage(bytes: [UInt8](repeating: 0x42, count: 64)).framed),
      ("bad-flag", [255, 0], [2, 0, 0, 0, 1, 0]),
      ("huge-length", [255, 0], [0, 0xFF, 0xFF, 0xFF, 0xFF]),
      (
        "many-empty", [255, 2], Array([GRPCMessage](repeating: GRPCMessage(bytes: []), count: 8).map(\.framed).joined())
      ),
    ]
    for (name, options, bytes) in seeds { try save(options + bytes, name, in: directory) }
  }

  // MARK: FuzzResponseHead: text header blocks

  static func writeResponseHeadSeeds(to directory: URL) throws {
    let seeds: [(String, String)] = [
      ("ok", ":status: 200\ncontent-type: application/grpc\n\ngrpc-status: 0\n."),
      (
        "ok-metadata",
        ":status: 200\ncontent-type: application/grpc+proto\nx-id: 42\nx-trace-bin: AAEC\n\ngrpc-status: 0\nx-done: yes\n."
      ),
      (
        "trailers-only-error",
        ":status: 200\ncontent-type: application/grpc\ngrpc-status: 9\ngrpc-message: Resonite engine is not ready yet\n."
      ),
      (
        "percent-message",
        ":status: 200\ncontent-type: application/grpc\ngrpc-status: 13\ngrpc-message: caf%C3%A9 %E2%9C%93 100%25 %zz %4\n."
      ),
      ("informational", ":status: 100\n\n:status: 200\ncontent-type: application/grpc\n\ngrpc-status: 0\n."),
      ("http-404", ":status: 404\ncontent-type: text/html\n."),
      ("http-503-with-status", ":status: 503\ngrpc-status: 14\ngrpc-message: down\n."),
      ("not-grpc", ":status: 200\ncontent-type: application/json\n\ngrpc-status: 0\n."),
      ("no-content-type", ":status: 200\n\ngrpc-status: 0\n."),
      ("bad-status", ":status: 200\ncontent-type: application/grpc;charset=utf-8\n\ngrpc-status: 016\n."),
      ("no-trailers", ":status: 200\ncontent-type: application/grpc\n"),
      ("reset", ":status: 200\ncontent-type: application/grpc\n\nRST 8"),
      ("second-headers", ":status: 200\ncontent-type: application/grpc\n\nx-a: 1\n\ngrpc-status: 0\n."),
      (
        "bin-comma",
        ":status: 200\ncontent-type: application/grpc\ngrpc-status: 5\nx-bin: AAA=,QUJD,!!\ngrpc-timeout: 250m\n."
      ),
    ]
    for (name, text) in seeds { try save(Array(text.utf8), name, in: directory) }
  }

  // MARK: FuzzReceivePath: [option byte] + recorded server bytes

  static func writeReceivePathSeeds(to directory: URL) throws {
    let ok = ScriptedResponse.okHeaders
    let message = GRPCMessage(bytes: [0x0A, 0x02, 0x68, 0x69, 0x10, 0x01]).framed
    let cases: [(String, (inout TestServer.Configuration) -> Void, UnaryResult?)] = [
      ("ping", { _ in }, nil),
      ("not-ready", { $0.failFirstPings = 1 }, nil),
      ("fail-all-unicode", { $0.failAll = CallFailure(code: .unavailable, message: "engine gone ✗ 100%") }, nil),
      ("goaway-refused", { $0.goAwayAfterStreams = 0 }, nil),
      ("goaway-after-answer", { $0.goAwayAfterStreams = 1 }, nil),
      ("trailers-metadata", { _ in }, .response([1, 2, 3], trailingMetadata: ["x-a": "b"])),
      (
        "informational", { _ in },
        .scripted(
          ScriptedResponse(
            informational: [HeaderField(":status", "100")], headers: ok, body: message,
            trailers: [HeaderField("grpc-status", "0")]))
      ),
      (
        "split-data", { _ in },
        .scripted(
          ScriptedResponse(
            headers: ok, body: message, maxFrameBytes: 3, trailers: [HeaderField("grpc-status", "0")]))
      ),
      (
        "two-messages", { _ in },
        .scripted(
          ScriptedResponse(
            headers: ok, body: message + message, trailers: [HeaderField("grpc-status", "0")]))
      ),
      ("http-404", { _ in }, .scripted(ScriptedResponse(headers: [HeaderField(":status", "404")]))),
      ("no-trailers", { _ in }, .scripted(ScriptedResponse(headers: ok, body: message))),
      ("reset-cancel", { _ in }, .scripted(.reset(.cancel))),
      (
        "bin-metadata", { _ in },
        .scripted(
          ScriptedResponse(
            headers: ok + [HeaderField("x-trace-bin", "AAECAw")], body: message,
            trailers: [HeaderField("grpc-status", "3"), HeaderField("grpc-message", "bad%20arg")]))
      ),
    ]
    for (name, configure, answer) in cases {
      let recording = try record(configure: configure, answer: answer)
      print("recorded \(name): \(recording.count) bytes")
      try save([0] + recording, name, in: directory)
    }
    // The plain answer again, delivered in 5-byte pieces and after a prepended preface.
    let ping = try record(configure: { _ in }, answer: nil)
    try save([5] + ping, "ping-pieces-5", in: directory)
    // The same without the server's own SETTINGS frame (its 24-bit length, then 9 header bytes).
    if ping.count >= 9 {
      let firstFrame = 9 + (Int(ping[0]) << 16 | Int(ping[1]) << 8 | Int(ping[2]))
      try save([0x80] + ping.dropFirst(firstFrame), "ping-preface-prepended", in: directory)
    }
  }

  /// Starts a test server, sends it one Ping over a raw nghttp2 client session, and returns
  /// every byte the server wrote until the stream closed (or the connection ended).
  static func record(
    configure: (inout TestServer.Configuration) -> Void, answer: UnaryResult?
  ) throws -> [UInt8] {
    let socketPath = NSTemporaryDirectory() + "resoio-seeds-\(getpid()).sock"
    var configuration = TestServer.Configuration(socketPath: socketPath)
    configure(&configuration)
    if let answer { configuration.handlers[TestServer.Path.ping] = { _ in answer } }
    let server = try TestServer.start(configuration)
    defer { server.stop() }

    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SeedError("socket: errno \(errno)") }
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      let path = Array(socketPath.utf8)
      raw.copyBytes(from: path)
      raw[path.count] = 0
    }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    guard connected == 0 else { throw SeedError("connect: errno \(errno)") }

    let events = ClientEvents()
    let session = try HTTP2Session(role: .client, settings: [.enablePush(false)], delegate: events)
    let request: [UInt8] = GRPCMessage(bytes: [0x0A, 0x02, 0x68, 0x69]).framed
    let body = FixedBody(request)
    _ = try session.submitRequest(
      headers: [
        HeaderField(":method", "POST"), HeaderField(":scheme", "http"),
        HeaderField(":path", TestServer.Path.ping), HeaderField(":authority", "localhost"),
        HeaderField("content-type", "application/grpc"), HeaderField("te", "trailers"),
      ], body: body)

    var recording: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64 << 10)
    let deadline = ContinuousClock.now.advanced(by: .seconds(5))
    while !events.closed && ContinuousClock.now < deadline {
      try session.send { bytes in _ = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
      var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&pfd, 1, 200) > 0 else { continue }
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n <= 0 { break }
      recording += buffer[0..<n]
      do {
        _ = try buffer.withUnsafeBytes { try session.receive(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      } catch {
        break
      }
    }
    // Whatever the server still had in flight (a GOAWAY after the trailers, say).
    var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    while poll(&pfd, 1, 50) > 0 {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
      if n <= 0 { break }
      recording += buffer[0..<n]
    }
    return recording
  }
}

struct SeedError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

final class ClientEvents: HTTP2SessionDelegate {
  var closed = false
  func session(_ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory)
    -> Bool
  { true }
  func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent) {}
  func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32) {}
  func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode) { closed = true }
}

final class FixedBody: HTTP2BodySource {
  let bytes: [UInt8]
  var offset = 0
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    let n = min(bytes.count - offset, buffer.count)
    bytes.withUnsafeBytes { source in
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + n)]))
    }
    offset += n
    return .bytes(count: n, endOfBody: offset == bytes.count, endStream: true)
  }
}
