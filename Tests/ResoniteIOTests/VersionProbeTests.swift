import Foundation
import Logging
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

extension ConnectingClients {
  /// WIRE.md "Reference client behaviour": the once-per-process version probe. The probe is
  /// process-wide state; this suite is nested in the serialized ``ConnectingClients``, so no
  /// other test of this target connects a client while one of these runs, and each test starts
  /// by re-arming the probe and capturing its logger.
  @Suite("Version probe")
  struct VersionProbeTests {
    /// Re-arms the probe and sends its log to a fresh capture.
    private func armedProbe() -> LogCapture {
      let capture = LogCapture()
      VersionProbe.shared.reset()
      VersionProbe.shared.logger = capture.logger
      return capture
    }

    private func connect(_ server: TestServer) async throws -> ConnectionClient {
      let client = ConnectionClient(socketPath: server.socketPath)
      try await client.connect()
      return client
    }

    @Test("A different mod version: one warning naming both versions and where to get a matching mod")
    func mismatchWarns() async throws {
      let capture = armedProbe()
      #expect(VersionProbe.shared.isArmed)
      try await withServer({ $0.serverInfo.modVersion = "0.6.0" }) { server, _ in
        let client = try await connect(server)
        #expect(client.isConnected)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(!VersionProbe.shared.isArmed)
        let warnings = capture.warnings
        try #require(warnings.count == 1, "\(capture.all)")
        let warning = warnings[0]
        #expect(warning.level == .warning)
        #expect(warning.message.contains("0.6.0"), "\(warning.message)")
        #expect(warning.message.contains(ResoniteIOContract.modVersion), "\(warning.message)")
        #expect(warning.message.contains(ResoniteIOContract.modReleasesHint), "\(warning.message)")
        #expect(warning.metadata["server_mod_version"] == "0.6.0")
        #expect(warning.metadata["client_mod_version"] == ResoniteIOContract.modVersion)
        // The connect was not failed by the mismatch.
        #expect(try await client.ping("still fine").message == "still fine")
        await client.close()
      }
    }

    @Test("UNIMPLEMENTED (a mod older than the Info service): a 'too old' warning; the connect succeeds")
    func oldModWarnsTooOld() async throws {
      let capture = armedProbe()
      try await withServer({ $0.serverInfoUnimplemented = true }) { server, _ in
        let client = try await connect(server)
        #expect(client.isConnected)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(!VersionProbe.shared.isArmed)
        let warnings = capture.warnings
        try #require(warnings.count == 1, "\(capture.all)")
        #expect(warnings[0].message.contains("too old"), "\(warnings[0].message)")
        #expect(warnings[0].message.contains(ResoniteIOContract.modVersion), "\(warnings[0].message)")
        #expect(try await client.ping("ok").message == "ok")
        await client.close()
      }
    }

    @Test("The matching mod version: no warning at all, and the probe is disarmed")
    func matchingVersionIsQuiet() async throws {
      let capture = armedProbe()
      try await withServer { server, _ in
        #expect(server.configuration.serverInfo.modVersion == ResoniteIOContract.modVersion)
        let client = try await connect(server)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(!VersionProbe.shared.isArmed)
        #expect(capture.warnings.isEmpty, "\(capture.all)")
        await client.close()
      }
    }

    @Test("Once per process: later connects, to the same or another server, do not call GetServerInfo")
    func oncePerProcess() async throws {
      let capture = armedProbe()
      try await withServer({ $0.serverInfo.modVersion = "0.6.0" }) { server, fixture in
        let first = try await connect(server)
        await first.close()
        let second = ConnectionClient(
          socketPath: nil, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        try await second.connect()
        _ = try await second.ping("second")
        await second.close()
        // A second server, also mismatched, never hears the probe either.
        let other = try fixture.startServer(named: "other.sock") { $0.serverInfo.modVersion = "0.5.0" }
        let third = try await connect(other)
        await third.close()

        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(other.callCount(path: TestServer.Path.getServerInfo) == 0)
        #expect(server.connectionsAccepted == 2)
        #expect(capture.warnings.count == 1, "\(capture.all)")
        #expect(!capture.warnings.contains { $0.message.contains("0.5.0") })
      }
    }

    @Test("Clients connecting at the same moment probe once between them")
    func concurrentConnectsProbeOnce() async throws {
      let capture = armedProbe()
      try await withServer({ $0.serverInfo.modVersion = "0.6.0" }) { server, _ in
        let clients = (0..<4).map { _ in ConnectionClient(socketPath: server.socketPath) }
        try await withThrowingTaskGroup(of: Void.self) { group in
          for client in clients { group.addTask { try await client.connect() } }
          try await group.waitForAll()
        }
        #expect(clients.allSatisfy { $0.isConnected })
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(capture.warnings.count == 1, "\(capture.all)")
        for client in clients { await client.close() }
      }
    }

    @Test(
      "A dropped connection during the probe: the connect succeeds, the probe stays armed, and a later connect retries")
    func connectionLossLeavesArmed() async throws {
      let capture = armedProbe()
      // The server's first call is the probe's GetServerInfo: the server drops the connection
      // on receiving it, with no answer.
      try await withServer({
        $0.dieMidCall = TestServer.DieMidCall(afterCalls: 0, times: 1)
        $0.serverInfo.modVersion = "0.6.0"
      }) { server, _ in
        let first = try await connect(server)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(VersionProbe.shared.isArmed)
        #expect(capture.warnings.isEmpty, "\(capture.all)")
        // The client still works: its channel connects again.
        #expect(try await first.ping("after the drop").message == "after the drop")
        await first.close()

        let second = try await connect(server)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 2)
        #expect(!VersionProbe.shared.isArmed)
        #expect(capture.warnings.count == 1, "\(capture.all)")
        #expect(capture.warnings.first?.message.contains("0.6.0") == true)
        await second.close()

        // Disarmed now: a third connect does not probe.
        let third = try await connect(server)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 2)
        await third.close()
      }
    }

    @Test("A probe call that times out: the connect still succeeds, and the probe stays armed")
    func probeTimeoutLeavesArmed() async throws {
      let capture = armedProbe()
      try await withFixture { fixture in
        let slow = try fixture.startServer(named: "slow.sock") {
          $0.responseDelay = unreachedWait
          $0.honoursClientTimeouts = false
        }
        let (client, elapsed) = try await timed { try await connect(slow) }
        #expect(client.isConnected)
        #expect(slow.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(elapsed >= VersionProbe.defaultTimeout)
        #expect(elapsed < VersionProbe.defaultTimeout + .seconds(30))
        #expect(VersionProbe.shared.isArmed)
        #expect(capture.warnings.isEmpty, "\(capture.all)")
        await client.close()

        // The next connect, to a server that answers, probes again.
        let healthy = try fixture.startServer(named: "healthy.sock") { $0.serverInfo.modVersion = "0.6.0" }
        let later = try await connect(healthy)
        #expect(healthy.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(!VersionProbe.shared.isArmed)
        #expect(capture.warnings.count == 1, "\(capture.all)")
        await later.close()
      }
    }

    @Test("Any other server answer (an INTERNAL status) disarms it without failing the connect or warning")
    func serverErrorDisarms() async throws {
      let capture = armedProbe()
      try await withServer { server, _ in
        server.register(path: TestServer.Path.getServerInfo) { _ in .status(.internalError, "boom") }
        let client = try await connect(server)
        #expect(client.isConnected)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        #expect(!VersionProbe.shared.isArmed)
        #expect(capture.warnings.isEmpty, "\(capture.all)")
        await client.close()
        let again = try await connect(server)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        await again.close()
      }
    }

    @Test("The probe never fails the connect, whatever the server does", arguments: ProbeTrouble.allCases)
    func probeNeverFailsConnect(trouble: ProbeTrouble) async throws {
      _ = armedProbe()
      try await withServer(trouble.configure) { server, _ in
        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        #expect(client.isConnected)
        #expect(client.socketPath == server.socketPath)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        await client.close()
      }
    }

    @Test("waitForReady does not fire the probe")
    func waitForReadyDoesNotProbe() async throws {
      _ = armedProbe()
      try await withServer({ $0.serverInfo.modVersion = "0.6.0" }) { server, fixture in
        let path = try await waitForReady(
          timeout: noHangBound, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        #expect(path == server.socketPath)
        let explicit = try await waitForReady(
          socketPath: server.socketPath, timeout: noHangBound, environment: [:], homeDirectory: unusedHomeDirectory)
        #expect(explicit == server.socketPath)
        #expect(server.callCount(path: TestServer.Path.ping) == 2)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 0)
        #expect(VersionProbe.shared.isArmed)
      }
    }

    @Test("reset re-arms the probe: the next connect probes again")
    func resetRearms() async throws {
      _ = armedProbe()
      try await withServer { server, _ in
        let first = try await connect(server)
        await first.close()
        #expect(!VersionProbe.shared.isArmed)
        VersionProbe.shared.reset()
        #expect(VersionProbe.shared.isArmed)
        let second = try await connect(server)
        await second.close()
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 2)
      }
    }
  }
}

/// Ways a server can spoil the probe's GetServerInfo call.
enum ProbeTrouble: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case mismatchedVersion, unimplemented, internalError, unavailableStatus, droppedConnection, garbageResponse

  var testDescription: String { rawValue }

  var configure: @Sendable (inout TestServer.Configuration) -> Void {
    switch self {
    case .mismatchedVersion:
      { $0.serverInfo.modVersion = "0.0.1" }
    case .unimplemented:
      { $0.serverInfoUnimplemented = true }
    case .internalError:
      { $0.handlers[TestServer.Path.getServerInfo] = { _ in .status(.internalError, "broken") } }
    case .unavailableStatus:
      { $0.handlers[TestServer.Path.getServerInfo] = { _ in .status(.unavailable, "shutting down") } }
    case .droppedConnection:
      { $0.dieMidCall = TestServer.DieMidCall(afterCalls: 0, times: 1) }
    case .garbageResponse:
      // Not a ServerInfo message: field 1 claims 100 bytes that are not there.
      { $0.handlers[TestServer.Path.getServerInfo] = { _ in .response([0x0A, 100, 1, 2]) } }
    }
  }
}
