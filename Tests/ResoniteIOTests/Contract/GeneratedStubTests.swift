import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// The generated stubs make real calls: typed requests out, typed replies or `RPCError` back,
/// per-call options applied.
@Suite("Generated stubs")
struct GeneratedStubTests {
  @Test("A stub calls over the channel and decodes the typed reply")
  func stubCallsTheServer() async throws {
    let fixture = try Fixture()
    let server = try fixture.startServer()
    let channel = GRPCChannel(socketPath: server.socketPath)
    var request = ResoniteIo_V1_PingRequest()
    request.message = "from a stub ✓"
    let reply = try await ResoniteIo_V1_ConnectionStub(channel: channel).ping(request)
    #expect(reply.message == "from a stub ✓")
    #expect(reply.serverUnixNanos > 1_600_000_000_000_000_000)
    await channel.close()
    await fixture.tearDown()
  }

  @Test("A stub sends the call's metadata and timeout, and throws the server's status")
  func stubAppliesOptions() async throws {
    let fixture = try Fixture()
    let server = try fixture.startServer { $0.responseDelay = unreachedWait }
    let channel = GRPCChannel(socketPath: server.socketPath)
    var metadata = Metadata()
    metadata.addString("r2", forKey: "x-robot")
    let started = ContinuousClock.now
    let error = await #expect(throws: RPCError.self) {
      _ = try await ResoniteIo_V1_InfoStub(channel: channel).getServerInfo(
        ResoniteIo_V1_GetServerInfoRequest(), options: CallOptions(timeout: .milliseconds(200), metadata: metadata))
    }
    #expect(error?.code == .deadlineExceeded)
    #expect(ContinuousClock.now - started < noHangBound)
    let seen = server.observations.requests.last
    #expect(seen?.path == ResoniteIo_V1_InfoStub.Methods.getServerInfo.path)
    #expect(seen?.header("x-robot") == "r2")
    #expect(seen?.header("grpc-timeout") != nil)
    await channel.close()
    await fixture.tearDown()
  }
}
