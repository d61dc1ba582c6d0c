import Foundation
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Test server: gRPC over HTTP/2", .ownThread)
struct ProtocolTests {
  @Test("Ping echoes the message with a positive wall-clock timestamp")
  func pingEcho() throws {
    let server = try startServer()
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let before = Int64(Date().timeIntervalSince1970 * 1e9)
    let response = client.call(path: TestServer.Path.ping, message: WireProto.string(1, "hello ✓"))

    #expect(response.headers.first { $0.name == ":status" }?.value == "200")
    #expect(response.headers.first { $0.name == "content-type" }?.value == "application/grpc")
    #expect(!response.headersEndedStream)
    #expect(response.trailers == [HeaderField("grpc-status", "0")])
    #expect(response.closeCode == .noError)
    #expect(response.messages.count == 1)
    let fields = WireProto.decode(response.messages.first ?? [])
    #expect(WireProto.stringField(fields, 1) == "hello ✓")
    let nanos = Int64(bitPattern: WireProto.varintField(fields, 2) ?? 0)
    #expect(nanos > 0)
    #expect(nanos >= before - 1_000_000_000 && nanos <= before + 60_000_000_000)
    #expect(server.callCount(path: TestServer.Path.ping) == 1)
  }

  @Test("An unknown path answers UNIMPLEMENTED as Trailers-Only")
  func unknownPath() throws {
    let server = try startServer()
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let response = client.call(path: "/no.such.Service/Nope", message: [1, 2, 3])

    #expect(response.headersEndedStream)
    #expect(response.trailers.isEmpty)
    #expect(response.data.isEmpty)
    #expect(response.headers.first { $0.name == ":status" }?.value == "200")
    #expect(response.headers.first { $0.name == "content-type" }?.value == "application/grpc")
    #expect(response.grpcStatus == StatusCode.unimplemented.rawValue)
    #expect(response.rawGRPCMessage?.contains("Nope") == true)
  }

  @Test("GetServerInfo answers the mod's defaults, and UNIMPLEMENTED for an old mod")
  func serverInfo() throws {
    let server = try startServer()
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let response = client.call(path: TestServer.Path.getServerInfo)
    #expect(response.grpcStatus == 0)
    let fields = WireProto.decode(response.messages.first ?? [])
    #expect(WireProto.stringField(fields, 1) == "0.7.0")
    #expect(WireProto.stringField(fields, 2)?.isEmpty == false)
    #expect(WireProto.varintField(fields, 3) == 3)  // SERVER_PLATFORM_LINUX
    #expect(WireProto.varintField(fields, 4) == nil)  // is_wine false (default, not sent)
    #expect(WireProto.varintField(fields, 5) == UInt64(getpid()))
    #expect(WireProto.varintField(fields, 6) == nil)  // renderer_pid 0

    let old = try startServer { $0.serverInfoUnimplemented = true }
    defer { old.stop() }
    let oldResponse = try RawClient(path: old.socketPath).call(path: TestServer.Path.getServerInfo)
    #expect(oldResponse.headersEndedStream)
    #expect(oldResponse.grpcStatus == StatusCode.unimplemented.rawValue)
  }

  @Test("Request headers are recorded in order, any :authority accepted")
  func recordedHeaders() throws {
    let server = try startServer()
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let headers = RawClient.requestHeaders(
      path: TestServer.Path.echo, authority: "%2Ftmp%2Fodd.sock",
      extra: [HeaderField("grpc-timeout", "10100m"), HeaderField("x-trace", "abc")])
    let response = client.call(path: TestServer.Path.echo, message: [9, 8, 7], headers: headers)
    #expect(response.grpcStatus == 0)
    #expect(response.messages == [[9, 8, 7]])

    let recorded = try #require(server.receivedRequests.first)
    #expect(recorded.headers == headers)
    #expect(recorded.path == TestServer.Path.echo)
    #expect(recorded.header("grpc-timeout") == "10100m")
    #expect(recorded.header(":authority") == "%2Ftmp%2Fodd.sock")
    #expect(recorded.header("te") == "trailers")
    #expect(recorded.header("user-agent") == "raw-client-test/1.0")
    #expect(recorded.header(":scheme") == "http")
    #expect(recorded.connectionID == 1)
    #expect(recorded.streamID == 1)
    #expect(server.connectionsAccepted == 1)
  }

  @Test("Custom handlers see the request and can answer metadata and errors")
  func customHandler() throws {
    let server = try startServer()
    defer { server.stop() }
    server.register(path: "/custom.Svc/Double") { request in
      var trailing = Metadata()
      trailing.addString(request.metadata.firstString(forKey: "x-tag") ?? "none", forKey: "x-echo-tag")
      return .response(request.message + request.message, trailingMetadata: trailing)
    }
    server.register(path: "/custom.Svc/Fail") { _ in .status(.permissionDenied, "nope") }
    let client = try RawClient(path: server.socketPath)
    let response = client.call(
      path: "/custom.Svc/Double", message: [1, 2],
      headers: RawClient.requestHeaders(path: "/custom.Svc/Double", extra: [HeaderField("x-tag", "t1")]))
    #expect(response.messages == [[1, 2, 1, 2]])
    #expect(response.trailers.contains(HeaderField("x-echo-tag", "t1")))
    let failed = client.call(path: "/custom.Svc/Fail", message: [])
    #expect(failed.grpcStatus == StatusCode.permissionDenied.rawValue)
    #expect(failed.rawGRPCMessage == "nope")
  }

  @Test("A compressed request message is refused with UNIMPLEMENTED")
  func compressedRequest() throws {
    let server = try startServer()
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let id = try #require(client.start(path: TestServer.Path.echo, message: [1, 2, 3], compressed: true))
    let response = client.wait(for: id)
    #expect(response.grpcStatus == StatusCode.unimplemented.rawValue)
    #expect(response.headersEndedStream)
  }

  @Test("A message above the receive limit gets RESOURCE_EXHAUSTED")
  func tooLarge() throws {
    let server = try startServer { $0.maxReceiveMessageSize = 1000 }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let response = client.call(path: TestServer.Path.echo, message: [UInt8](repeating: 7, count: 5000))
    #expect(response.grpcStatus == StatusCode.resourceExhausted.rawValue)
  }

  @Test("Many concurrent streams on one connection are all answered")
  func concurrentStreams() throws {
    let server = try startServer()
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    var ids: [Int32: [UInt8]] = [:]
    for i in 0..<200 {
      let message = [UInt8](repeating: UInt8(i & 0xFF), count: i * 100)
      ids[try #require(client.start(path: TestServer.Path.echo, message: message))] = message
    }
    client.run { c in ids.keys.allSatisfy { c.responses[$0]?.closed == true } }
    for (id, message) in ids {
      #expect(client.responses[id]?.grpcStatus == 0)
      #expect(client.responses[id]?.messages == [message])
    }
    #expect(server.callCount(path: TestServer.Path.echo) == 200)
  }

  @Test("A 64 MiB message is echoed intact")
  func largeEcho() throws {
    let server = try startServer()
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    var message = [UInt8](repeating: 0, count: 64 << 20)
    for i in stride(from: 0, to: message.count, by: 4096) { message[i] = UInt8(truncatingIfNeeded: i >> 12) }
    let response = client.call(path: TestServer.Path.echo, message: message, timeout: noHangBound)
    #expect(response.grpcStatus == 0)
    #expect(response.data.count == message.count + 5)
    #expect(response.messages.first == message)
  }

  @Test("RST_STREAM codes from clients are recorded and can be awaited")
  func resetsRecorded() throws {
    let server = try startServer()
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let id = try #require(client.start(path: TestServer.Path.echo, message: [1], endsStream: false))
    client.run(timeout: .milliseconds(200)) { _ in false }
    client.reset(id, code: .cancel)
    client.run(timeout: .milliseconds(100)) { _ in false }
    #expect(server.waitForResets(count: 1, timeout: eventuallyBound))
    #expect(server.resetsReceived == [RecordedReset(connectionID: 1, streamID: id, errorCode: .cancel)])
  }
}
