import ResoniteIO

/// Turns library errors into one or two plain lines a person can act on.
///
/// The first line names the command and what went wrong (for a gRPC error its status name and
/// the server's decoded message, in full, each cause said once); the second, only where one
/// applies, says what to do. The same failure reads the same in every command: `wait`'s
/// timeout line describes its last attempt exactly as `ping` would describe that error.
enum FailureReport {
  /// The failure of subcommand `command` (`ping`, `wait`, `info`...) with `error`.
  static func failure(_ error: any Error, command: String) -> CommandFailure {
    CommandFailure(
      lines: ["resoio \(command): \(describe(error))"] + (hint(for: error, command: command).map { [$0] } ?? []))
  }

  /// One line for `error`, without the command's name.
  static func describe(_ error: any Error) -> String {
    switch error {
    case let rpc as RPCError:
      if rpc.code == .unavailable, let failure = connectFailure(rpc), let errno = failure.errno {
        return "UNAVAILABLE: cannot connect to \(failure.path): \(failure.reason) (errno \(errno))"
      }
      var line = rpc.code.name + ": " + (rpc.message.isEmpty ? "(the server sent no message)" : rpc.message)
      if let cause = rpc.cause, !rpc.message.contains(String(describing: cause)) { line += " (cause: \(cause))" }
      return line
    case let timeout as TimeoutError:
      let last = timeout.lastError.map(describe) ?? "no attempt finished"
      let seconds = Double(timeout.timeout.components.seconds) + Double(timeout.timeout.components.attoseconds) / 1e18
      return "Resonite IO was not ready within \(PingStatistics.format(seconds)) s "
        + "(\(timeout.attempts) attempt\(timeout.attempts == 1 ? "" : "s")); last error: \(last)"
    default:
      // SocketNotFoundError and AmbiguousSocketError name the pattern or the candidates and
      // what to do; ConnectionClientError says how to connect.
      return String(describing: error)
    }
  }

  /// What to do about `error` in `command`, when there is advice that applies.
  static func hint(for error: any Error, command: String) -> String? {
    switch error {
    case let rpc as RPCError:
      if rpc.code == .unavailable, let failure = connectFailure(rpc) { return hint(for: failure, command: command) }
      switch rpc.code {
      case .unavailable where connectionBroke(rpc):
        return "the connection to the mod broke: did the engine exit?"
      case .failedPrecondition where command != "wait":
        return "the engine is not ready yet; `resoio wait` waits until it is"
      default:
        return nil
      }
    case let timeout as TimeoutError:
      if let rpc = timeout.lastError as? RPCError, rpc.code == .failedPrecondition {
        return "the engine is still starting: raise -T/--timeout"
      }
      if let rpc = timeout.lastError as? RPCError, let failure = connectFailure(rpc), failure.kind == .notASocket {
        return hint(for: failure, command: command)
      }
      return "is Resonite running with the Resonite IO mod? if it is still starting, raise -T/--timeout"
    default:
      return nil
    }
  }

  /// The failure to connect behind `rpc`, when connecting is what failed.
  private static func connectFailure(_ rpc: RPCError) -> ConnectionFailure? {
    guard let failure = rpc.cause as? ConnectionFailure, failure.whileConnecting else { return nil }
    return failure
  }

  /// True when a connection that was made broke under the call (the server went away).
  private static func connectionBroke(_ rpc: RPCError) -> Bool {
    guard let failure = rpc.cause as? ConnectionFailure, !failure.whileConnecting else { return false }
    switch failure.kind {
    case .broken, .closedByPeer, .protocolError: return true
    default: return false
    }
  }

  private static func hint(for failure: ConnectionFailure, command: String) -> String? {
    switch failure.kind {
    case .permissionDenied:
      return "the socket exists but this user may not connect to it: check its owner and mode"
    case .notASocket:
      return "no server can answer at that path: check -s/--socket and RESONITE_IO_SOCKET"
    case .pathTooLong:
      return "use a shorter path: put the socket in a directory nearer the root (RESONITE_IO_SOCKET_DIR)"
    case .notFound, .refused:
      return command == "wait"
        ? "is Resonite running with the Resonite IO mod?"
        : "is Resonite running with the Resonite IO mod? try `resoio wait`"
    default:
      return nil
    }
  }
}
