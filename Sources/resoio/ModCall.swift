import ResoniteGRPC
import ResoniteIO

/// Runs one subcommand's calls over a ``ResoniteClient`` (so the version probe runs once, a
/// mismatch being a warning on stderr), and turns failures into plain lines.
enum ModCall {
  /// Connects to the socket `socket` names (or resolves one), runs `body`, and closes.
  ///
  /// A ``CommandFailure`` thrown by `body` passes through as it is; Ctrl-C becomes a
  /// `CancellationError` (exit 130); any other error becomes
  /// `resoio <command>: <STATUS>: <message>` (and a hint where one applies), exit 1.
  static func run<Result>(
    _ command: String, socket: SocketOptions, _ body: (ResoniteClient) async throws -> Result
  ) async throws -> Result {
    let client = ResoniteClient(socketPath: socket.explicitPath)
    do {
      try await client.connect()
      let result = try await body(client)
      await client.close()
      return result
    } catch {
      await client.close()
      throw translate(error, command: command)
    }
  }

  /// The error `run` rethrows for `error`.
  static func translate(_ error: any Error, command: String) -> any Error {
    switch error {
    case let failure as CommandFailure:
      return failure
    case is CancellationError:
      return error
    case let rpc as RPCError where rpc.code == .cancelled && Task.isCancelled:
      return CancellationError()
    default:
      if Task.isCancelled { return CancellationError() }
      var failure = FailureReport.failure(error, command: command)
      // These services also answer FAILED_PRECONDITION for what is not about readiness (not
      // signed in, a folder without -r, an ambiguous user name, a world that failed to load):
      // the "engine not ready" advice only fits a message that says so.
      if let rpc = error as? RPCError, rpc.code == .failedPrecondition,
        !rpc.message.lowercased().contains("not ready")
      {
        failure.lines = Array(failure.lines.prefix(1))
      }
      return failure
    }
  }
}
