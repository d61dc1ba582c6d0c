import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import SwiftProtobuf
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension ConnectingClients {
  /// WIRE.md "Reference client behaviour", ConnectionClient: against the real test server over
  /// real sockets in temporary directories, with injected environments.
  @Suite("ConnectionClient")
  struct ConnectionClientTests {
    // MARK: Deferred resolution and socketPath

    @Test("Resolution is deferred to connect: a socket that appears after init is found; socketPath is nil until then")
    func resolutionDeferredToConnect() async throws {
      try await withFixture { fixture in
        let client = ConnectionClient(
          socketPath: nil, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        #expect(client.socketPath == nil)
        #expect(!client.isConnected)
        // Resolving now would fail: nothing is bound yet.
        #expect(throws: SocketNotFoundError.self) {
          try resolveSocketPath(environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        }
        let server = try fixture.startServer()
        try await client.connect()
        #expect(client.socketPath == server.socketPath)
        #expect(client.socketPath == fixture.path(ownSocketName))
        #expect(client.isConnected)
        #expect(try await client.ping("deferred").message == "deferred")
        #expect(server.callCount(path: TestServer.Path.ping) == 1)
        await client.close()
      }
    }

    @Test("The socket directory is read at connect, not at init: a socket gone since init is not used, the new one is")
    func staleAtConnectIsSkipped() async throws {
      try await withFixture { fixture in
        let first = try fixture.startServer(named: "resonite-first.sock")
        let client = ConnectionClient(
          socketPath: nil, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        // Resolving at init would have picked `first`; it goes away, another appears.
        #expect(
          try resolveSocketPath(environment: fixture.environment, homeDirectory: unusedHomeDirectory)
            == first.socketPath)
        await stopServer(first)
        let second = try fixture.startServer(named: "resonite-second.sock")
        try await client.connect()
        #expect(client.socketPath == second.socketPath)
        _ = try await client.ping("which")
        #expect(second.callCount(path: TestServer.Path.ping) == 1)
        #expect(first.callCount(path: TestServer.Path.ping) == 0)
        await client.close()
      }
    }

    @Test("An explicit socket path is used as is and reported by socketPath after connect")
    func explicitPath() async throws {
      try await withServer { server, fixture in
        // The environment points at an empty place: the explicit path must win.
        let client = ConnectionClient(
          socketPath: server.socketPath, environment: ["RESONITE_IO_SOCKET_DIR": fixture.path("empty")],
          homeDirectory: unusedHomeDirectory)
        #expect(client.socketPath == nil)
        try await client.connect()
        #expect(client.socketPath == server.socketPath)
        let accepted = await server.waitUntil(timeout: eventuallyBound) { $0.connectionsAccepted == 1 }
        #expect(accepted)
        await client.close()
      }
    }

    @Test("RESONITE_IO_SOCKET in the injected environment is honoured at connect")
    func socketVariableHonoured() async throws {
      try await withFixture { fixture in
        let server = try fixture.startServer(named: "anything.sock")
        let client = ConnectionClient(
          socketPath: nil, environment: ["RESONITE_IO_SOCKET": server.socketPath],
          homeDirectory: unusedHomeDirectory)
        try await client.connect()
        #expect(client.socketPath == server.socketPath)
        await client.close()
      }
    }

    // MARK: Resolution errors at the connect site

    @Test("No socket: SocketNotFoundError at connect, naming the pattern searched; the client stays unconnected")
    func notFoundAtConnect() async throws {
      try await withFixture { fixture in
        let client = ConnectionClient(
          socketPath: nil, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        let error = try await #require(throws: SocketNotFoundError.self) { try await client.connect() }
        #expect(error.searchedDirectory == fixture.directory.path)
        #expect(error.searchedPattern == fixture.path("resonite-*.sock"))
        #expect(error.description.contains(fixture.path("resonite-*.sock")))
        #expect(error.description.contains("Is the Resonite IO mod running?"))
        #expect(client.socketPath == nil)
        #expect(!client.isConnected)
        await #expect(throws: ConnectionClientError.notConnected) { _ = try await client.ping("x") }
      }
    }

    @Test("Two live sockets: AmbiguousSocketError at connect, listing both; nothing is connected")
    func ambiguousAtConnect() async throws {
      try await withFixture { fixture in
        let own = try fixture.startServer()
        // A name without an integer pid cannot be judged stale, so it counts as live.
        let other = try fixture.startServer(named: "resonite-other.sock")
        let client = ConnectionClient(
          socketPath: nil, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        let error = try await #require(throws: AmbiguousSocketError.self) { try await client.connect() }
        #expect(error.candidates == [own.socketPath, other.socketPath])
        #expect(error.description.contains("RESONITE_IO_SOCKET"))
        #expect(client.socketPath == nil)
        #expect(!client.isConnected)
        #expect(own.connectionsAccepted == 0)
        #expect(other.connectionsAccepted == 0)
      }
    }

    @Test("A socket file that refuses connections: UNAVAILABLE at connect with the errno")
    func refusedAtConnect() async throws {
      try await withServer({ $0.listenDelay = .seconds(600) }) { server, _ in
        let client = ConnectionClient(socketPath: server.socketPath)
        let error = await expectRPCError { try await client.connect() }
        #expect(error?.code == .unavailable)
        #expect(error?.description.contains(server.socketPath) == true)
        #expect(!client.isConnected)
      }
    }

    // MARK: Ping

    @Test("Ping echoes the message and the server's wall clock, close to now")
    func pingRoundTrip() async throws {
      try await withServer { server, fixture in
        let client = ConnectionClient(
          socketPath: nil, environment: fixture.environment, homeDirectory: unusedHomeDirectory)
        try await client.connect()
        for message in ["hello", "", "grüß dich 100% ✓ 🦊", String(repeating: "x", count: 100_000)] {
          let before = wallClockNanos()
          let reply = try await client.ping(message)
          let after = wallClockNanos()
          #expect(reply.message == message)
          #expect(reply.serverUnixNanos > 0)
          // Same host, same clock: the reply was stamped between the two readings (with slack).
          #expect(reply.serverUnixNanos >= before - 5_000_000_000)
          #expect(reply.serverUnixNanos <= after + 5_000_000_000)
          #expect(abs(reply.serverTime.timeIntervalSinceNow) < 5)
        }
        #expect(server.callCount(path: TestServer.Path.ping) == 4)
        await client.close()
      }
    }

    @Test("server_unix_nanos above 2^53 arrives exactly (never through a Double)")
    func nanosAboveTwoToThe53AreExact() async throws {
      let nanos: Int64 = 1_700_000_000_123_456_789
      // The value is one a Double cannot hold, so a pass through Double would change it.
      #expect(nanos > 1 << 53)
      #expect(Int64(Double(nanos)) != nanos)
      try await withServer { server, _ in
        server.register(path: TestServer.Path.ping) { request in
          let ping = (try? ResoniteIo_V1_PingRequest(serializedBytes: request.message)) ?? ResoniteIo_V1_PingRequest()
          let response = ResoniteIo_V1_PingResponse.with {
            $0.message = ping.message
            $0.serverUnixNanos = nanos
          }
          do {
            let bytes: [UInt8] = try response.serializedBytes()
            return .response(bytes)
          } catch {
            return .status(.internalError, "\(error)")
          }
        }
        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        let reply = try await client.ping("exact")
        #expect(reply.message == "exact")
        #expect(reply.serverUnixNanos == nanos)
        #expect(reply == PingResponse(message: "exact", serverUnixNanos: 1_700_000_000_123_456_789))
        #expect(abs(reply.serverTime.timeIntervalSince1970 - 1_700_000_000.123_456_789) < 1e-5)
        await client.close()
      }
    }

    @Test("A per-call timeout ends a slow ping with DEADLINE_EXCEEDED (the client's own timer)")
    func pingTimeout() async throws {
      try await ConnectingClients.expectTimeoutEndsCall { client, timeout in
        _ = try await client.ping("slow", timeout: timeout)
      }
    }

    @Test("A per-call timeout the server honours also ends in DEADLINE_EXCEEDED")
    func pingTimeoutHonouredByServer() async throws {
      try await ConnectingClients.disarmVersionProbe()
      try await withServer({ $0.responseDelay = unreachedWait }) { server, _ in
        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        let (error, elapsed) = await timed {
          await expectRPCError { _ = try await client.ping("slow", timeout: .milliseconds(300)) }
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(elapsed < noHangBound)
        #expect(server.receivedRequests.last?.header("grpc-timeout") != nil)
        await client.close()
      }
    }

    @Test("A server failure reaches the caller as the RPCError the server sent")
    func pingServerFailure() async throws {
      try await ConnectingClients.disarmVersionProbe()
      try await withServer({ $0.failFirstPings = 1 }) { server, _ in
        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        let error = await expectRPCError { _ = try await client.ping("too early") }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == server.configuration.notReadyMessage)
        // The next one is answered.
        #expect(try await client.ping("now").message == "now")
        await client.close()
      }
    }

    @Test("A server that dies mid-call fails the ping with UNAVAILABLE")
    func pingPeerDies() async throws {
      try await ConnectingClients.disarmVersionProbe()
      try await withServer({ $0.dieMidCall = TestServer.DieMidCall(afterCalls: 0, times: 1) }) { server, _ in
        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        let error = await expectRPCError { _ = try await client.ping("drop me") }
        #expect(error?.code == .unavailable)
        #expect(server.callCount(path: TestServer.Path.ping) == 1)
        await client.close()
      }
    }

    // MARK: Usage errors

    @Test("Ping or getServerInfo before connect: ConnectionClientError.notConnected, saying how to connect")
    func notConnectedUsageError() async throws {
      let client = ConnectionClient(socketPath: "/nonexistent/resonite-1.sock")
      let error = try await #require(throws: ConnectionClientError.self) { _ = try await client.ping("early") }
      #expect(error == .notConnected)
      #expect(error.description.contains("connect()"))
      #expect(error.description.contains("withConnection"))
      #expect("\(error)".contains("not connected"))
      await #expect(throws: ConnectionClientError.notConnected) { _ = try await client.getServerInfo() }
    }

    // MARK: Connect, close, withConnection

    @Test("connect while connected does nothing: still one connection")
    func connectTwice() async throws {
      try await withServer { server, _ in
        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        try await client.connect()
        _ = try await client.ping("once")
        #expect(server.connectionsAccepted == 1)
        await client.close()
      }
    }

    @Test("close is idempotent; a closed client is not connected and its server sees the connection closed")
    func closeIdempotent() async throws {
      try await withServer { server, _ in
        let never = ConnectionClient(socketPath: server.socketPath)
        await never.close()
        await never.close()
        #expect(!never.isConnected)

        let client = ConnectionClient(socketPath: server.socketPath)
        try await client.connect()
        #expect(client.isConnected)
        await client.close()
        #expect(!client.isConnected)
        await client.close()
        await client.close()
        #expect(!client.isConnected)
        await #expect(throws: ConnectionClientError.notConnected) { _ = try await client.ping("after close") }
        let closed = await server.waitUntil(timeout: eventuallyBound) { $0.connectionsClosed == 1 }
        #expect(closed, "\(server.observations.connectionsClosed) of \(server.connectionsAccepted) closed")
        #expect(server.connectionsAccepted == 1)
        // It can connect again after close.
        try await client.connect()
        #expect(try await client.ping("again").message == "again")
        await client.close()
      }
    }

    @Test("withConnection connects, runs the body and closes")
    func withConnectionReturns() async throws {
      try await withServer { server, _ in
        var seen: ConnectionClient?
        let reply = try await ConnectionClient.withConnection(socketPath: server.socketPath) { client in
          seen = client
          #expect(client.isConnected)
          #expect(client.socketPath == server.socketPath)
          return try await client.ping("scoped")
        }
        #expect(reply.message == "scoped")
        #expect(seen?.isConnected == false)
        let closed = await server.waitUntil(timeout: eventuallyBound) { $0.connectionsClosed == $0.connectionsAccepted }
        #expect(closed)
        #expect(server.connectionsAccepted == 1)
      }
    }

    @Test("withConnection closes even when the body throws, and rethrows the body's error")
    func withConnectionClosesOnThrow() async throws {
      struct BodyFailed: Error, Equatable {}
      try await withServer { server, _ in
        var seen: ConnectionClient?
        await #expect(throws: BodyFailed()) {
          try await ConnectionClient.withConnection(socketPath: server.socketPath) { client in
            seen = client
            _ = try await client.ping("before throwing")
            throw BodyFailed()
          }
        }
        let client = try #require(seen)
        #expect(!client.isConnected)
        await #expect(throws: ConnectionClientError.notConnected) { _ = try await client.ping("after") }
        let closed = await server.waitUntil(timeout: eventuallyBound) {
          $0.connectionsAccepted == 1 && $0.connectionsClosed == 1
        }
        #expect(closed, "accepted \(server.connectionsAccepted), closed \(server.observations.connectionsClosed)")
      }
    }

    @Test("withConnection surfaces a connect failure and never runs the body")
    func withConnectionConnectFailure() async throws {
      try await withFixture { fixture in
        var ran = false
        let error = await expectRPCError {
          _ = try await ConnectionClient.withConnection(socketPath: fixture.path(ownSocketName)) { _ in ran = true }
        }
        #expect(error?.code == .unavailable)
        #expect(!ran)
      }
    }
  }
}
