import Logging
import ResoniteGRPC
import ResoniteIO
import ResoniteIOStubs
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Lifecycle service and shutdown(socketPath:)")
struct LifecycleTests {
  static let shutdownPath = ResoniteIo_V1_LifecycleStub.Methods.shutdown.path

  @Test("shutdown() is accepted the first time, and not while a shutdown is already running")
  func acceptedOnce() async throws {
    try await withMod { mod, server async throws in
      #expect(try await mod.lifecycle.shutdown() == ShutdownResponse(accepted: true))
      #expect(server.mod.lifecycle.shutdownRequested)
      #expect(try await mod.lifecycle.shutdown() == ShutdownResponse(accepted: false))
      #expect(server.mod.lifecycle.shutdownCalls == 2)
    }
  }

  @Test("shutdown(socketPath:) returns the engine pid from Info and requests the shutdown")
  func helperReturnsPID() async throws {
    try await withServer({ $0.serverInfo.resonitePID = 4242 }) { server, _ in
      let logs = LogCapture()
      let pid = await shutdown(socketPath: server.socketPath, logger: logs.logger)
      #expect(pid == 4242)
      #expect(logs.all.map(\.message) == ["Lifecycle.Shutdown accepted=true"])
      #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
      #expect(server.callCount(path: Self.shutdownPath) == 1)
      #expect(server.mod.lifecycle.shutdownRequested)
    }
  }

  @Test("shutdown(socketPath:) with nothing listening returns nil")
  func helperWithoutServer() async throws {
    try await withFixture { fixture in
      let logs = LogCapture()
      let pid = await shutdown(
        socketPath: fixture.path("resonite-1.sock"), options: CallOptions(timeout: noHangBound), logger: logs.logger)
      #expect(pid == nil)
      #expect(logs.all.map(\.level) == [.info])
      #expect(logs.all.first?.message.hasPrefix("No reachable Resonite engine to shut down (UNAVAILABLE: ") == true)
    }
  }

  @Test(
    "shutdown(socketPath:) returns nil without sending Shutdown when GetServerInfo fails",
    arguments: [false, true])
  func helperInfoFails(oldMod: Bool) async throws {
    try await withServer({
      if oldMod {
        $0.serverInfoUnimplemented = true
      } else {
        $0.failures[TestServer.Path.getServerInfo] = CallFailure(
          code: .internalError, message: "Info bridge faulted: x")
      }
    }) { server, _ in
      let logs = LogCapture()
      #expect(await shutdown(socketPath: server.socketPath, logger: logs.logger) == nil)
      #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
      #expect(server.callCount(path: Self.shutdownPath) == 0)
      #expect(!server.mod.lifecycle.shutdownRequested)
    }
  }

  @Test("shutdown(socketPath:) swallows a Shutdown that fails with a status")
  func helperSwallowsStatus() async throws {
    try await withServer({
      $0.serverInfo.resonitePID = 77
      $0.failures[Self.shutdownPath] = CallFailure(code: .internalError, message: "Lifecycle bridge faulted: boom")
    }) { server, _ in
      let logs = LogCapture()
      #expect(await shutdown(socketPath: server.socketPath, logger: logs.logger) == 77)
      #expect(server.callCount(path: Self.shutdownPath) == 1)
    }
  }

  @Test("shutdown(socketPath:) swallows the engine dropping the connection as it exits")
  func helperSwallowsDisconnect() async throws {
    // Call 0 is GetServerInfo (no version probe); call 1, the Shutdown, loses its connection.
    try await withServer({
      $0.serverInfo.resonitePID = 31337
      $0.dieMidCall = TestServer.DieMidCall(afterCalls: 1)
    }) { server, _ in
      let logs = LogCapture()
      #expect(await shutdown(socketPath: server.socketPath, logger: logs.logger) == 31337)
      #expect(server.callCount(path: Self.shutdownPath) == 1)
      #expect(server.observations.connectionsKilled == 1)
      #expect(logs.all.last?.message.hasPrefix("Lifecycle.Shutdown connection ended (UNAVAILABLE: ") == true)
      #expect(server.mod.lifecycle.shutdownCalls == 0)
    }
  }

  @Test("a reported pid of 0 gives nil, after the Shutdown was still sent (Python's `pid or None`)")
  func helperZeroPID() async throws {
    try await withServer({ $0.serverInfo.resonitePID = 0 }) { server, _ in
      let logs = LogCapture()
      #expect(await shutdown(socketPath: server.socketPath, logger: logs.logger) == nil)
      #expect(server.mod.lifecycle.shutdownRequested)
    }
  }

  @Test("a second helper call still returns the pid: accepted=false is not an error")
  func helperTwice() async throws {
    try await withServer({ $0.serverInfo.resonitePID = 5 }) { server, _ in
      let logs = LogCapture()
      #expect(await shutdown(socketPath: server.socketPath, logger: logs.logger) == 5)
      #expect(await shutdown(socketPath: server.socketPath, logger: logs.logger) == 5)
      #expect(server.mod.lifecycle.shutdownCalls == 2)
    }
  }
}
