import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// The one home of every test in this target that connects a ``ConnectionClient``.
///
/// A connect fires the process-wide ``VersionProbe`` (or finds it disarmed), so tests that
/// connect in parallel would race the version-probe tests for its state. This suite is
/// serialized, and the trait reaches every suite nested in it (ConnectionClient, ServerInfo
/// over a connection, Version probe), so while a test in it runs, no other test of this target
/// connects a client: tests elsewhere in the target (the resolver, waitForReady, the one-shot
/// getServerInfo) never touch the probe. A new test that connects a ConnectionClient belongs in
/// a suite nested here.
@Suite("Connecting clients (serialized: the version probe is process-wide)", .serialized)
struct ConnectingClients {
  /// Disarms the version probe by letting it run against a healthy server (same version), so
  /// that a test's own connect does not make the probe's GetServerInfo call (whose answer a
  /// slow or failing server would hold up or spoil). Only sound inside this serialized suite.
  static func disarmVersionProbe() async throws {
    try await withServer { server, _ in
      let client = ConnectionClient(socketPath: server.socketPath)
      try await client.connect()
      await client.close()
    }
    try #require(!VersionProbe.shared.isArmed, "the probe should be disarmed by a healthy server's answer")
  }

  /// Makes `call` on a connected ``ConnectionClient`` with a per-call timeout of 300 ms, against
  /// a server that never answers in time and ignores `grpc-timeout`: the client's own timer must
  /// end the call with DEADLINE_EXCEEDED, no sooner than the timeout and without a hang, and the
  /// connection must survive the timed-out call.
  static func expectTimeoutEndsCall(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ call: (ConnectionClient, _ timeout: Duration) async throws -> Void
  ) async throws {
    try await disarmVersionProbe()
    try await withServer({
      $0.responseDelay = unreachedWait
      $0.honoursClientTimeouts = false
    }) { server, _ in
      let client = ConnectionClient(socketPath: server.socketPath)
      try await client.connect()
      let timeout = Duration.milliseconds(300)
      let (error, elapsed) = await timedRPCError(sourceLocation: sourceLocation) { try await call(client, timeout) }
      #expect(error?.code == .deadlineExceeded, sourceLocation: sourceLocation)
      #expect(elapsed >= timeout, sourceLocation: sourceLocation)
      #expect(elapsed < noHangBound, sourceLocation: sourceLocation)
      #expect(client.isConnected, "the connection survives a timed-out call", sourceLocation: sourceLocation)
      await client.close()
    }
  }
}
