import ResoniteGRPC
import ResoniteIO

/// How the service commands (display, cursor, context-menu, grabber, auth) talk to the mod: one
/// ``ResoniteClient`` per run, connected as the reference connects (the version check once, a
/// mismatch a warning on stderr), and every failure turned into plain lines by
/// ``FailureReport``.
enum ServiceCall {
  /// How long connecting and each call may take; the reference waits forever, a CLI should not.
  static let timeout: Duration = .seconds(10)

  /// Call options whose deadline is `timeout` (``timeout`` unless given).
  static func options(timeout: Duration = ServiceCall.timeout) -> CallOptions {
    CallOptions(timeout: timeout)
  }

  /// Connects (within ``timeout``), runs `body` with the client and closes it
  /// (``ModCall/run(_:socket:connectTimeout:readinessHint:connectFirst:_:)``). A failure becomes a
  /// ``CommandFailure`` naming `command` (e.g. `display get`), a FAILED_PRECONDITION always with
  /// the "engine not ready" advice; Ctrl-C a cancellation.
  static func run<Result>(
    _ socket: SocketOptions, command: String, _ body: (ResoniteClient) async throws -> Result
  ) async throws -> Result {
    try await ModCall.run(command, socket: socket, connectTimeout: timeout, readinessHint: .always, body)
  }
}
