import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// A description of a server unlike the test server's default one in every field.
let unusualServerInfo = ServerInfo(
  modVersion: "9.8.7-test", engineVersion: "2026.1.2.3 (tests) ✓", platform: .android, isWine: true,
  resonitePID: 4242, rendererPID: 2_147_483_647)

/// A `ServerInfo` message written byte by byte (not with the generated code): `mod_version`
/// (field 1) and `platform` (field 3) as the varint `platform`.
func handWrittenServerInfo(modVersion: String, platform: UInt8) -> [UInt8] {
  let version = Array(modVersion.utf8)
  return [0x0A, UInt8(version.count)] + version + [0x18, platform]
}

/// WIRE.md: `Info.GetServerInfo` as the one-shot `getServerInfo(socketPath:timeout:)`. It does
/// not connect a ConnectionClient, so it does not touch the version probe and runs in parallel.
@Suite("getServerInfo (one-shot)")
struct ServerInfoOneShotTests {
  @Test("Every field arrives as the server sent it; the one-shot connection is closed")
  func allFields() async throws {
    try await withServer({ $0.serverInfo = unusualServerInfo }) { server, _ in
      let info = try await getServerInfo(socketPath: server.socketPath)
      #expect(info == unusualServerInfo)
      #expect(info.modVersion == "9.8.7-test")
      #expect(info.engineVersion == "2026.1.2.3 (tests) ✓")
      #expect(info.platform == .android)
      #expect(info.isWine)
      #expect(info.resonitePID == 4242)
      #expect(info.rendererPID == Int32.max)
      #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
      #expect(server.callCount(path: TestServer.Path.ping) == 0)
      let closed = await server.waitUntil(timeout: eventuallyBound) {
        $0.connectionsAccepted == 1 && $0.connectionsClosed == 1
      }
      #expect(closed)
    }
  }

  @Test("The test server's default description: this mod version, Linux, not Wine, this pid")
  func defaultDescription() async throws {
    try await withServer { server, _ in
      let info = try await getServerInfo(socketPath: server.socketPath, timeout: noHangBound)
      #expect(info.modVersion == ResoniteIOContract.modVersion)
      #expect(info.platform == .linux)
      #expect(!info.isWine)
      #expect(info.resonitePID == getpid())
      #expect(info.rendererPID == 0)
    }
  }

  @Test(
    "ServerPlatform: each enum number maps to its case and lower-case name",
    arguments: [
      (UInt8(0), ServerPlatform.unspecified, "unspecified"),
      (1, .windows, "windows"),
      (2, .osx, "osx"),
      (3, .linux, "linux"),
      (4, .android, "android"),
      (5, .other, "other"),
      (9, .unrecognized(9), "unrecognized(9)"),
    ])
  func platformMapping(number: UInt8, platform: ServerPlatform, name: String) async throws {
    try await withServer { server, _ in
      server.register(path: TestServer.Path.getServerInfo) { _ in
        .response(handWrittenServerInfo(modVersion: "0.7.0", platform: number))
      }
      let info = try await getServerInfo(socketPath: server.socketPath)
      #expect(info.platform == platform)
      #expect(info.platform.description == name)
      #expect(info.modVersion == "0.7.0")
    }
  }

  @Test(
    "ServerPlatform round trip through the test server's own encoder",
    arguments: [ServerPlatform.unspecified, .windows, .osx, .linux, .android, .other])
  func platformRoundTrip(platform: ServerPlatform) async throws {
    var described = unusualServerInfo
    described.platform = platform
    try await withServer({ $0.serverInfo = described }) { server, _ in
      let info = try await getServerInfo(socketPath: server.socketPath)
      #expect(info == described)
    }
  }

  @Test("An empty message: proto3 defaults (empty strings, UNSPECIFIED, false, 0)")
  func emptyMessage() async throws {
    try await withServer { server, _ in
      server.register(path: TestServer.Path.getServerInfo) { _ in .response([]) }
      let info = try await getServerInfo(socketPath: server.socketPath)
      #expect(
        info
          == ServerInfo(
            modVersion: "", engineVersion: "", platform: .unspecified, isWine: false, resonitePID: 0, rendererPID: 0))
    }
  }

  @Test("A mod older than the Info service: RPCError UNIMPLEMENTED")
  func oldModUnimplemented() async throws {
    try await withServer({ $0.serverInfoUnimplemented = true }) { server, _ in
      let error = await expectRPCError { _ = try await getServerInfo(socketPath: server.socketPath) }
      #expect(error?.code == .unimplemented)
      #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
    }
  }

  @Test("A timeout ends a slow answer with DEADLINE_EXCEEDED")
  func timeout() async throws {
    try await withServer({
      $0.responseDelay = unreachedWait
      $0.honoursClientTimeouts = false
    }) { server, _ in
      let (error, elapsed) = await timed {
        await expectRPCError { _ = try await getServerInfo(socketPath: server.socketPath, timeout: .milliseconds(300)) }
      }
      #expect(error?.code == .deadlineExceeded)
      #expect(elapsed < noHangBound)
    }
  }

  @Test("No socket at the path: RPCError UNAVAILABLE naming it")
  func noSocket() async throws {
    try await withFixture { fixture in
      let missing = fixture.path("resonite-missing.sock")
      let error = await expectRPCError { _ = try await getServerInfo(socketPath: missing) }
      #expect(error?.code == .unavailable)
      #expect(error?.description.contains(missing) == true)
    }
  }
}

extension ConnectingClients {
  /// WIRE.md: `Info.GetServerInfo` over an open ConnectionClient.
  @Suite("getServerInfo over an open connection")
  struct ServerInfoOverConnectionTests {
    @Test("Every field arrives; the call shares the client's one connection")
    func allFieldsOverConnection() async throws {
      try await ConnectingClients.disarmVersionProbe()
      try await withServer({ $0.serverInfo = unusualServerInfo }) { server, fixture in
        let client = ConnectionClient(
          socketPath: nil, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        try await client.connect()
        #expect(try await client.getServerInfo() == unusualServerInfo)
        #expect(try await client.getServerInfo(timeout: noHangBound).platform == .android)
        _ = try await client.ping("and a ping")
        #expect(server.callCount(path: TestServer.Path.getServerInfo) == 2)
        #expect(server.connectionsAccepted == 1)
        await client.close()
      }
    }

    @Test("ServerPlatform mapping over a connection, from hand-written bytes")
    func platformOverConnection() async throws {
      try await ConnectingClients.disarmVersionProbe()
      try await withServer { server, _ in
        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        let expected: [(UInt8, ServerPlatform)] = [
          (0, .unspecified), (1, .windows), (2, .osx), (3, .linux), (4, .android), (5, .other), (77, .unrecognized(77)),
        ]
        for (number, platform) in expected {
          server.register(path: TestServer.Path.getServerInfo) { _ in
            .response(handWrittenServerInfo(modVersion: "x", platform: number))
          }
          #expect(try await client.getServerInfo().platform == platform, "enum number \(number)")
        }
        await client.close()
      }
    }

    @Test("A mod older than the Info service: UNIMPLEMENTED; the connection stays usable")
    func oldModOverConnection() async throws {
      try await ConnectingClients.disarmVersionProbe()
      try await withServer({ $0.serverInfoUnimplemented = true }) { server, _ in
        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        let error = await expectRPCError { _ = try await client.getServerInfo() }
        #expect(error?.code == .unimplemented)
        #expect(client.isConnected)
        #expect(try await client.ping("still here").message == "still here")
        await client.close()
      }
    }

    @Test("A timeout over a connection: DEADLINE_EXCEEDED; the connection stays usable")
    func timeoutOverConnection() async throws {
      try await ConnectingClients.expectTimeoutEndsCall { client, timeout in
        _ = try await client.getServerInfo(timeout: timeout)
      }
    }
  }
}
