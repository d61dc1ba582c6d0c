import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// Trust by SO_PEERCRED: a server of another user is refused before anything is sent, unless
/// the caller opts out.
@Suite("Peer trust (SO_PEERCRED)")
struct PeerTrustTests {
  /// The user the foreign server runs as: `nobody`.
  static let otherUID: UInt32 = 65534

  /// Starting a process as another user needs root (setpriv changes uid only for root), and
  /// `setpriv` must exist. As an ordinary user the only servers a test can start run as that
  /// same user, which is trusted; those tests are then skipped rather than faked. They are
  /// skipped too when RESONITE_IO_TRUST_ANY_PEER is set in the test's own environment, which
  /// would (rightly) make the refusal disappear.
  static let canRunAsOtherUser =
    geteuid() == 0 && FileManager.default.isExecutableFile(atPath: ServerProcess.setpriv)
    && ProcessInfo.processInfo.environment[ChannelConfiguration.trustAnyPeerEnvironmentVariable] == nil

  /// Starts `resoio-test-server` as `nobody` in a world-writable directory.
  static func foreignServer(_ directory: TemporaryDirectory, arguments: [String] = []) async throws -> ServerProcess {
    try await ServerProcess.launch(
      socketPath: directory.socket(), arguments: arguments, uid: otherUID, scratch: directory.path)
  }

  @Test(
    "a server of another user is refused with PERMISSION_DENIED naming the socket, both uids and the opt-out",
    .enabled(if: canRunAsOtherUser, "needs root and setpriv to start a server as another user"))
  func otherUserRefused() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-faults", worldWritable: true)
    defer { directory.remove() }
    let server = try await Self.foreignServer(directory, arguments: ["--log-requests"])
    defer { server.kill(SIGKILL) }

    let channel = GRPCChannel(socketPath: server.socketPath)
    let (error, elapsed) = await timedRPCError { try channel.connect() }
    #expect(error?.code == .permissionDenied)
    #expect(elapsed < noHangBound)
    let cause = try #require(error?.cause as? ConnectionFailure)
    #expect(cause.path == server.socketPath)
    #expect(cause.kind == .untrustedPeer(uid: Self.otherUID, pid: server.pid))
    #expect(cause.whileConnecting)
    #expect(cause.reason.contains("uid \(geteuid())"), "\(cause.reason)")
    let message = error?.message ?? ""
    let parts = [
      server.socketPath, "uid \(Self.otherUID)", "uid \(geteuid())", "RESONITE_IO_TRUST_ANY_PEER=1", "trustAnyPeer",
    ]
    for part in parts {
      #expect(message.contains(part), "\(part) missing from: \(message)")
    }

    // A call is refused the same way, and the channel holds no connection afterwards.
    let callError = await timedRPCError { _ = try await channel.unaryRaw(echo, request: [1]) }.error
    #expect(callError?.code == .permissionDenied)
    #expect(!channel.isConnected)
    await channel.close()

    // The public client surfaces it unchanged, and waitForReady does not retry it: it throws
    // at once instead of waiting out its timeout.
    let client = ConnectionClient(socketPath: server.socketPath)
    await #expect(throws: RPCError.self) { try await client.connect() }
    let start = ContinuousClock.now
    do {
      _ = try await waitForReady(
        socketPath: server.socketPath, timeout: noHangBound, environment: [:], homeDirectory: nil)
      Issue.record("waitForReady accepted an untrusted server")
    } catch let error as RPCError {
      #expect(error.code == .permissionDenied)
      #expect((error.cause as? ConnectionFailure)?.kind == .untrustedPeer(uid: Self.otherUID, pid: server.pid))
    }
    #expect(ContinuousClock.now - start < noHangBound)

    // Nothing, not even the HTTP/2 preface, reached the server: it logged no request.
    #expect(!server.stderrText().contains("stream"), "\(server.stderrText())")
  }

  @Test(
    "trustAnyPeer = true accepts the same server: connect, echo and ping",
    .enabled(if: canRunAsOtherUser, "needs root and setpriv to start a server as another user"))
  func optOutConnects() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-faults", worldWritable: true)
    defer { directory.remove() }
    let server = try await Self.foreignServer(directory)
    defer { server.kill(SIGKILL) }

    var configuration = ChannelConfiguration()
    configuration.trustAnyPeer = true
    let channel = GRPCChannel(socketPath: server.socketPath, configuration: configuration)
    let reply = try await channel.unaryRaw(echo, request: [1, 2, 3], options: CallOptions(timeout: noHangBound))
    #expect(reply.message == [1, 2, 3])
    await channel.close()
    // ConnectionClient passes the same configuration to its channel. It is not connected here:
    // its first connect fires the process-wide version probe, which ResoniteIOTests'
    // serialized probe suite must have to itself.
  }

  @Test(
    "RESONITE_IO_TRUST_ANY_PEER=1 opts a whole process out (the resoio CLI as the client); other values do not",
    .enabled(if: canRunAsOtherUser, "needs root and setpriv to start a server as another user"))
  func environmentOptOut() async throws {
    #expect(ChannelConfiguration.trustAnyPeerEnvironmentVariable == "RESONITE_IO_TRUST_ANY_PEER")
    let directory = try TemporaryDirectory(prefix: "resoio-faults", worldWritable: true)
    defer { directory.remove() }
    let server = try await Self.foreignServer(directory)
    defer { server.kill(SIGKILL) }
    // A child process, so this test never changes the environment of the test process.
    let arguments = ["ping", "--socket", server.socketPath, "--timeout", "20"]
    let refused = try await ClientProcess.resoio(arguments, scratch: directory.path)
    #expect(refused.status != 0, "\(refused)")
    #expect(refused.stderr.contains("uid \(Self.otherUID)"), "\(refused)")
    #expect(refused.stderr.contains("RESONITE_IO_TRUST_ANY_PEER=1"), "\(refused)")
    let wrongValue = try await ClientProcess.resoio(
      arguments, environment: ["RESONITE_IO_TRUST_ANY_PEER": "yes"], scratch: directory.path)
    #expect(wrongValue.status != 0, "\(wrongValue)")
    let trusted = try await ClientProcess.resoio(
      arguments, environment: ["RESONITE_IO_TRUST_ANY_PEER": "1"], scratch: directory.path)
    #expect(trusted.status == 0, "\(trusted)")
  }

  @Test(
    "a root server is trusted by a client of another user",
    .enabled(if: canRunAsOtherUser, "needs root to run the server as root and the client as another user"))
  func rootPeerTrusted() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-faults", worldWritable: true)
    defer { directory.remove() }
    let server = try TestServer.start(TestServer.Configuration(socketPath: directory.socket()))
    defer { server.stop() }
    #expect(server.observations.isListening)
    // Let `nobody` connect (connecting needs write permission on the socket file).
    #expect(chmod(server.socketPath, 0o777) == 0)
    let outcome = try await ClientProcess.resoio(
      ["ping", "--socket", server.socketPath, "--timeout", "20"], uid: Self.otherUID, scratch: directory.path)
    #expect(outcome.status == 0, "\(outcome)")
    #expect(server.observations.totalCalls >= 1)
  }

  @Test(
    "connect permission denied: UNAVAILABLE naming the socket and errno 13 (EACCES), not retried as 'not there yet'",
    .enabled(if: canRunAsOtherUser, "needs root to run the client as another user"))
  func connectPermissionDenied() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-faults", worldWritable: true)
    defer { directory.remove() }
    let server = try TestServer.start(TestServer.Configuration(socketPath: directory.socket()))
    defer { server.stop() }
    // Connecting needs write permission on the socket file: `nobody` has none here.
    #expect(chmod(server.socketPath, 0o700) == 0)
    let outcome = try await ClientProcess.resoio(
      ["ping", "--socket", server.socketPath, "--timeout", "20"], uid: Self.otherUID, scratch: directory.path)
    #expect(outcome.status == 1, "\(outcome)")
    #expect(outcome.stderr.contains("UNAVAILABLE"), "\(outcome)")
    #expect(outcome.stderr.contains("errno 13"), "\(outcome)")
    #expect(outcome.stderr.contains(server.socketPath), "\(outcome)")
    #expect(server.observations.totalCalls == 0)
  }

  @Test("a server of this process's own user is trusted with the default configuration")
  func ownUserTrusted() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-faults")
    defer { directory.remove() }
    let server = try TestServer.start(TestServer.Configuration(socketPath: directory.socket()))
    defer { server.stop() }
    let configuration = ChannelConfiguration()
    #expect(configuration.trustAnyPeer == false)
    let channel = GRPCChannel(socketPath: server.socketPath, configuration: configuration)
    let reply = try await channel.unaryRaw(echo, request: [7], options: CallOptions(timeout: noHangBound))
    #expect(reply.message == [7])
    await channel.close()
  }
}
