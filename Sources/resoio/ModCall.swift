import ResoniteGRPC
import ResoniteIO

/// Runs one subcommand's calls over a ``ResoniteClient`` (so the version probe runs once, a
/// mismatch being a warning on stderr), and turns failures into plain lines: the one
/// connect, run, close and translate wrapper of the CLI (``ServiceCall/run(_:command:_:)`` and
/// `mic` use it with their settings).
enum ModCall {
  /// When a FAILED_PRECONDITION's failure carries the "engine not ready" advice.
  enum ReadinessHint {
    /// Always (the services whose FAILED_PRECONDITION means the engine is not ready).
    case always
    /// Only when the mod's message says "not ready": the world, session, inventory, contact
    /// and dash services also answer FAILED_PRECONDITION for what is not about readiness (not
    /// signed in, a folder without -r, an ambiguous user name, a world that failed to load).
    case whenMessageSaysNotReady
  }

  /// Connects to the socket `socket` names (or resolves one), runs `body`, and closes.
  ///
  /// - Parameters:
  ///   - connectTimeout: how long connecting may take (nil: the library's default).
  ///   - readinessHint: when a FAILED_PRECONDITION gets the "engine not ready" line.
  ///   - connectFirst: false when `body` connects the client itself, when it is ready to
  ///     (`mic` opens its input in between).
  ///
  /// A ``CommandFailure`` thrown by `body` passes through as it is; Ctrl-C becomes a
  /// `CancellationError` (exit 130); any other error becomes
  /// `resoio <command>: <STATUS>: <message>` (and a hint where one applies), exit 1.
  static func run<Result>(
    _ command: String, socket: SocketOptions, connectTimeout: Duration? = nil,
    readinessHint: ReadinessHint = .whenMessageSaysNotReady, connectFirst: Bool = true,
    _ body: (ResoniteClient) async throws -> Result
  ) async throws -> Result {
    let client = ResoniteClient(socketPath: socket.explicitPath)
    do {
      if connectFirst {
        if let connectTimeout {
          try await client.connect(timeout: connectTimeout)
        } else {
          try await client.connect()
        }
      }
      let result = try await body(client)
      await client.close()
      return result
    } catch {
      await client.close()
      throw translate(error, command: command, readinessHint: readinessHint)
    }
  }

  /// The error `run` rethrows for `error`.
  static func translate(
    _ error: any Error, command: String, readinessHint: ReadinessHint = .whenMessageSaysNotReady
  ) -> any Error {
    // Cancelled (Ctrl-C, or `record`'s --duration): whatever the body threw on the way out.
    if Task.isCancelled || error is CancellationError { return CancellationError() }
    if error is CommandFailure { return error }
    var failure = FailureReport.failure(error, command: command)
    if readinessHint == .whenMessageSaysNotReady, let rpc = error as? RPCError, rpc.code == .failedPrecondition,
      !rpc.message.lowercased().contains("not ready")
    {
      failure.lines = Array(failure.lines.prefix(1))
    }
    return failure
  }
}
