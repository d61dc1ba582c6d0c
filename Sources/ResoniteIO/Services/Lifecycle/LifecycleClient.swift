public import ResoniteGRPC
import ResoniteIOStubs

/// The `Lifecycle` service: ask the engine to quit gracefully, the way its own Quit button does
/// (the reference client's `LifecycleClient`). Reach it as ``ResoniteClient/lifecycle``.
///
/// The engine schedules the shutdown on its next update and answers at once; it does not wait
/// for the process to end, and the connection usually drops soon after. Graceful shutdown is
/// best-effort: an engine can hang while tearing down. For "make it stop, tell me which pid",
/// use ``shutdown(socketPath:options:logger:)``.
public struct LifecycleClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  /// Asks the engine to shut down gracefully (Python: `shutdown()`).
  ///
  /// ```swift
  /// let reply = try await mod.lifecycle.shutdown()
  /// print(reply.accepted ? "quitting" : "already quitting")
  /// ```
  ///
  /// - Parameter options: timeout and metadata.
  /// - Returns: ``ShutdownResponse/accepted`` true when this call scheduled the shutdown, false
  ///   when one was already running.
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError`. The mod lists no status of its
  ///   own here, but the engine may drop the connection as it exits, so `.unavailable` right
  ///   after a shutdown was requested usually means it worked.
  public func shutdown(options: CallOptions = CallOptions()) async throws -> ShutdownResponse {
    let reply = try await ResoniteIo_V1_LifecycleStub(channel: client.channel()).shutdown(
      ResoniteIo_V1_ShutdownRequest(), options: options)
    return ShutdownResponse(accepted: reply.accepted)
  }
}
