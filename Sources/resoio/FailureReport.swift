import ResoniteGRPC
import ResoniteIO
import ResoniteTransport

/// Turns library errors into one or two plain lines a person can act on.
///
/// The first line names the command and what went wrong (for a gRPC error its status name and
/// the server's decoded message, in full, each cause said once); the second, only where one
/// applies, says what to do. The same failure reads the same in every command: `wait`'s
/// timeout line describes its last attempt exactly as `ping` would describe that error.
enum FailureReport {
  /// The failure of subcommand `command` (`ping`, `wait`, `info`...) with `error`.
  static func failure(_ error: any Error, command: String) -> CommandFailure {
    CommandFailure(lines: ["resoio \(command): \(describe(error))"] + (hint(for: error, command: command).map { [$0] } ?? []))
  }

  /// One line for `error`, without the command's name.
  static func describe(_ error: any Error) -> String {
    switch error {
    case let rpc as RPCError:
      if rpc.code == .unavailable, let socket = rpc.cause as? SocketError {
        return "UNAVAILABLE: cannot connect to \(socket.path): \(socket.reason) (errno \(socket.errno))"
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
      if rpc.code == .unavailable, let socket = rpc.cause as? SocketError { return hint(for: socket, command: command) }
      switch rpc.code {
      case .unavailable where rpc.cause is ConnectionLostError:
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
      if let rpc = timeout.lastError as? RPCError, let socket = rpc.cause as? SocketError, socket.isNotASocket {
        return hint(for: socket, command: command)
      }
      return "is Resonite running with the Resonite IO mod? if it is still starting, raise -T/--timeout"
    default:
      return nil
    }
  }

  private static func hint(for socket: SocketError, command: String) -> String? {
    if socket.isPermissionDenied {
      return "the socket exists but this user may not connect to it: check its owner and mode"
    }
    if socket.isNotASocket {
      return "no server can answer at that path: check -s/--socket and RESONITE_IO_SOCKET"
    }
    if socket.isPathTooLong {
      return "use a shorter path: put the socket in a directory nearer the root (RESONITE_IO_SOCKET_DIR)"
    }
    if socket.isNotFound || socket.isRefused {
      return command == "wait"
        ? "is Resonite running with the Resonite IO mod?"
        : "is Resonite running with the Resonite IO mod? try `resoio wait`"
    }
    return nil
  }
}
