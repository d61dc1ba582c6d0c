import Foundation
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Test server: knobs", .ownThread)
struct KnobTests {
  @Test("The first N pings answer FAILED_PRECONDITION, then pings succeed")
  func failFirstPings() throws {
    let server = try startServer {
      $0.failFirstPings = 2
      $0.notReadyMessage = "engine not ready"
    }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    for _ in 0..<2 {
      let response = client.call(path: TestServer.Path.ping, message: WireProto.string(1, "x"))
      #expect(response.grpcStatus == StatusCode.failedPrecondition.rawValue)
      #expect(response.rawGRPCMessage == "engine not ready")
      #expect(response.headersEndedStream)
    }
    let ok = client.call(path: TestServer.Path.ping, message: WireProto.string(1, "x"))
    #expect(ok.grpcStatus == 0)
    #expect(server.callCount(path: TestServer.Path.ping) == 3)
  }

  @Test("Fail-all sends the status with a percent-encoded message that decodes back")
  func failAll() throws {
    let text = "Ünïcödé 100% ✓ — done\nnext"
    let server = try startServer { $0.failAll = CallFailure(code: .unavailable, message: text) }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    for path in [TestServer.Path.ping, TestServer.Path.getServerInfo, "/x.Y/Z"] {
      let response = client.call(path: path, message: [])
      #expect(response.headersEndedStream)
      #expect(response.grpcStatus == StatusCode.unavailable.rawValue)
      let wire = try #require(response.rawGRPCMessage)
      #expect(wire.utf8.allSatisfy { (0x20...0x7E).contains($0) })
      #expect(wire.contains("%25"))
      #expect(PercentEncoding.decode(wire) == text)
    }
  }

  @Test("A delayed answer arrives late without holding up other streams")
  func delayedAnswer() throws {
    let server = try startServer { $0.responseDelay = .seconds(1) }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let start = ContinuousClock.now
    let ids = (0..<20).compactMap { _ in client.start(path: TestServer.Path.echo, message: [1]) }
    client.run { c in ids.allSatisfy { c.responses[$0]?.closed == true } }
    let elapsed = ContinuousClock.now - start
    #expect(ids.count == 20)
    #expect(ids.allSatisfy { client.responses[$0]?.grpcStatus == 0 })
    #expect(elapsed >= .seconds(1))
    #expect(elapsed < .seconds(10))  // concurrent, not 20 x 1 s
  }

  @Test("A grpc-timeout shorter than the delay gets DEADLINE_EXCEEDED at the deadline")
  func deadline() throws {
    let server = try startServer { $0.responseDelay = unreachedWait }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let start = ContinuousClock.now
    let headers = RawClient.requestHeaders(path: TestServer.Path.echo, extra: [HeaderField("grpc-timeout", "200m")])
    let response = client.call(path: TestServer.Path.echo, message: [1], headers: headers)
    let elapsed = ContinuousClock.now - start
    #expect(response.grpcStatus == StatusCode.deadlineExceeded.rawValue)
    #expect(elapsed >= .milliseconds(190))
    #expect(elapsed < noHangBound)  // at the deadline, not after the hour-long delay
  }

  @Test("Die-mid-call drops the connection with no response")
  func dieMidCall() throws {
    let server = try startServer { $0.dieMidCall = TestServer.DieMidCall() }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let id = try #require(client.start(path: TestServer.Path.ping, message: WireProto.string(1, "x")))
    client.run { $0.connectionEnded }
    #expect(client.connectionEnded)
    #expect([0, ECONNRESET, EPIPE].contains(client.endErrno), "errno \(client.endErrno)")
    #expect(client.responses[id]?.headers.isEmpty == true)
    #expect(client.responses[id]?.data.isEmpty == true)
    #expect(server.callCount(path: TestServer.Path.ping) == 1)
    #expect(server.observations.connectionsKilled == 1)
  }

  @Test("Die-mid-call after N calls answers the first N normally")
  func dieAfterCalls() throws {
    let server = try startServer { $0.dieMidCall = TestServer.DieMidCall(afterCalls: 2, times: 1) }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    #expect(client.call(path: TestServer.Path.echo, message: [1]).grpcStatus == 0)
    #expect(client.call(path: TestServer.Path.echo, message: [2]).grpcStatus == 0)
    let dropped = client.call(path: TestServer.Path.echo, message: [3])
    #expect(client.connectionEnded)
    #expect(dropped.headers.isEmpty && dropped.grpcStatus == nil)
    // Only one call dies: a new connection is served again.
    let again = try RawClient(path: server.socketPath)
    #expect(again.call(path: TestServer.Path.echo, message: [4]).grpcStatus == 0)
  }

  @Test("GOAWAY after N streams names the last processed stream and refuses later ones")
  func goAwayAfterStreams() throws {
    let server = try startServer { $0.goAwayAfterStreams = 2 }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    #expect(client.call(path: TestServer.Path.echo, message: [1]).grpcStatus == 0)
    #expect(client.goAway == nil)
    #expect(client.call(path: TestServer.Path.echo, message: [2]).grpcStatus == 0)
    client.run(timeout: eventuallyBound) { $0.goAway != nil }
    let goAway = try #require(client.goAway)
    #expect(goAway.lastStreamID == 3)
    #expect(goAway.errorCode == .noError)
    #expect(!client.isRequestAllowed)
    let refused = client.call(path: TestServer.Path.echo, message: [3])
    #expect(refused.grpcStatus == nil)
    #expect(refused.notSent || refused.closeCode == .refusedStream)
    // The server closes the drained connection.
    client.run(timeout: eventuallyBound) { $0.connectionEnded }
    #expect(client.connectionEnded)
    #expect(server.callCount(path: TestServer.Path.echo) == 2)
    #expect(server.observations.goAwaysSent == 1)
  }

  @Test("GOAWAY after N streams also covers streams already in flight")
  func goAwayWithStreamsInFlight() throws {
    let server = try startServer { $0.goAwayAfterStreams = 2 }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    let ids = (0..<4).compactMap { _ in client.start(path: TestServer.Path.echo, message: [1]) }
    client.run { c in ids.allSatisfy { c.responses[$0]?.closed == true } }
    #expect(client.goAway?.lastStreamID == 3)
    #expect(client.responses[1]?.grpcStatus == 0)
    #expect(client.responses[3]?.grpcStatus == 0)
    #expect(client.responses[5]?.grpcStatus == nil)
    #expect(client.responses[7]?.grpcStatus == nil)
    #expect(server.callCount(path: TestServer.Path.echo) == 2)
  }

  @Test("SETTINGS advertise MAX_CONCURRENT_STREAMS and the big windows")
  func settingsAdvertised() throws {
    let server = try startServer { $0.maxConcurrentStreams = 7 }
    defer { server.stop() }
    let client = try RawClient(path: server.socketPath)
    client.run { !$0.settingsReceived.isEmpty }
    let settings = try #require(client.settingsReceived.first)
    #expect(settings.contains(.maxConcurrentStreams(7)))
    #expect(settings.contains(.initialWindowSize(16 << 20)))

    let unlimited = try startServer()
    defer { unlimited.stop() }
    let other = try RawClient(path: unlimited.socketPath)
    other.run { !$0.settingsReceived.isEmpty }
    #expect(other.settingsReceived.first?.contains { $0.id == HTTP2Setting.maxConcurrentStreams(0).id } == false)
  }

  @Test("With a listen delay the socket exists but refuses, then accepts")
  func listenDelay() throws {
    // Long enough that the refusals below come before it ends, however loaded the machine.
    let server = try startServer { $0.listenDelay = .seconds(3) }
    defer { server.stop() }
    #expect(fileExists(server.socketPath))
    #expect(!server.isListening)
    #expect(throws: ConnectFailure.self) { try RawClient(path: server.socketPath) }
    do {
      _ = try RawClient(path: server.socketPath)
      Issue.record("connected before the server listened")
    } catch let failure as ConnectFailure {
      #expect(failure.errno == ECONNREFUSED)
    }
    #expect(server.waitUntilListening(timeout: noHangBound))
    let client = try RawClient(path: server.socketPath)
    #expect(client.call(path: TestServer.Path.ping, message: WireProto.string(1, "late")).grpcStatus == 0)
  }
}
