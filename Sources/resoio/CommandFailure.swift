import ResoniteGRPC
import ResoniteIO
import ResoniteTransport

/// A failed subcommand: the lines for stderr and the exit code (1 unless said otherwise).
struct CommandFailure: Error {
  var lines: [String]
  var exitCode: Int32 = 1
}

/// Turns library errors into one or two plain lines a person can act on.
///
/// The first line names the command and what went wrong (for a gRPC error its status name and the
/// server's decoded message, in full); the second, when there is one, says what to do.
enum FailureReport {
  /// The advice for a socket nobody answers on.
  static let notRunningHint = "is Resonite running with the Resonite IO mod? try `resoio wait`"

  /// Describes `error` from subcommand `command` (`ping`, `wait`, `info`).
  static func failure(_ error: any Error, command: String) -> CommandFailure {
    CommandFailure(lines: lines(for: error, command: command))
  }

  static func lines(for error: any Error, command: String) -> [String] {
    let prefix = "resoio \(command): "
    switch error {
    case let rpc as RPCError:
      return lines(for: rpc, prefix: prefix)
    case let notFound as SocketNotFoundError:
      // Its text names the pattern searched, the stale sockets skipped, and what to do.
      return [prefix + notFound.description]
    case let ambiguous as AmbiguousSocketError:
      return [prefix + ambiguous.description]
    case let timeout as TimeoutError:
      return [prefix + timeout.description]
    case let usage as ConnectionClientError:
      return [prefix + usage.description]
    default:
      return [prefix + String(describing: error)]
    }
  }

  private static func lines(for error: RPCError, prefix: String) -> [String] {
    if error.code == .unavailable, let socket = error.cause as? SocketError {
      let first = "\(prefix)UNAVAILABLE: cannot connect to \(socket.path): \(socket.reason) (errno \(socket.errno))"
      if socket.isPermissionDenied {
        return [first, "the socket exists but this user may not connect to it: check its owner and mode"]
      }
      return [first, notRunningHint]
    }
    var first = "\(prefix)\(error.code.name): \(error.message)"
    if let cause = error.cause { first += " (cause: \(cause))" }
    switch error.code {
    case .unavailable:
      return [first, "the connection to the mod broke; \(notRunningHint)"]
    case .failedPrecondition:
      return [first, "the engine is not ready yet; `resoio wait` waits until it is"]
    default:
      return [first]
    }
  }
}
