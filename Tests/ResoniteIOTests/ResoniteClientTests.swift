import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

extension ConnectingClients {
  /// ResoniteClient: one connection, deferred resolution, the probe bounded, clear misuse errors.
  @Suite("ResoniteClient")
  struct ResoniteClientTests {
    @Test("Resolves at connect, pings and reads server info over one connection, and closes")
    func connectPingInfoClose() async throws {
      try await withFixture { fixture in
        let client = ResoniteClient(
          socketPath: nil, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        #expect(client.socketPath == nil)
        let server = try fixture.startServer()
        try await client.connect()
        #expect(client.socketPath == server.socketPath)
        #expect(try await client.ping("one").message == "one")
        let info = try await client.getServerInfo()
        #expect(info.modVersion == ResoniteIOContract.modVersion)
        #expect(server.connectionsAccepted == 1)
        await client.close()
        #expect(!client.isConnected)
      }
    }

    @Test("A call before connect() throws ResoniteClientError.notConnected, naming the fix")
    func notConnected() async throws {
      let client = ResoniteClient(socketPath: "/nonexistent/resonite-1.sock")
      do {
        _ = try await client.ping()
        Issue.record("ping succeeded without a connection")
      } catch let error as ResoniteClientError {
        #expect(error == .notConnected)
        #expect(error.description.contains("connect()"))
      }
    }

    @Test("connect(timeout:) bounds the version probe against a server that stalls")
    func probeBoundedByConnectTimeout() async throws {
      VersionProbe.shared.reset()
      defer { VersionProbe.shared.reset() }
      try await withServer({
        $0.responseDelay = unreachedWait; $0.honoursClientTimeouts = false
      }) { server, _ in
        let client = ResoniteClient(socketPath: server.socketPath)
        let (_, elapsed) = try await timed { try await client.connect(timeout: .milliseconds(300)) }
        #expect(elapsed < noHangBound)
        #expect(client.isConnected)
        #expect(VersionProbe.shared.isArmed)  // timed out: armed again for a later connect
        await client.close()
      }
    }

    @Test("probeTimeout bounds the probe when connect has no timeout")
    func probeTimeoutIsConfigurable() async throws {
      VersionProbe.shared.reset()
      defer { VersionProbe.shared.reset() }
      try await withServer({
        $0.responseDelay = unreachedWait; $0.honoursClientTimeouts = false
      }) { server, _ in
        let client = ResoniteClient(socketPath: server.socketPath, probeTimeout: .milliseconds(200))
        let (_, elapsed) = try await timed { try await client.connect() }
        #expect(elapsed < noHangBound)
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
        await client.close()
      }
    }
  }
}
