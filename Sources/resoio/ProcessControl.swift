import ArgumentParser
import ResoniteLauncher

/// `-s/--socket` on the process-control commands: the reference puts it on every command, so
/// scripts may pass it; launch, terminate and terminate-all use no socket and ignore it.
struct IgnoredSocketOption: ParsableArguments {
  @Option(
    name: [.short, .customLong("socket")],
    help: ArgumentHelp(
      "Accepted like on every resoio command, and ignored: this command uses no socket.", valueName: "socket"))
  var socket: String?
}

/// The reference's wording of the process-control failures, as one plain line.
enum ProcessControlFailure {
  static func failure(_ error: LauncherError, command: String) -> CommandFailure {
    CommandFailure(lines: ["resoio \(command): \(error.message)"])
  }

  /// `--timeout` of terminate and terminate-all: a grace period, so not negative or NaN (the
  /// reference crashes on those after sending SIGTERM).
  static func validateGrace(_ seconds: Double) throws {
    if !(seconds >= 0) {
      throw ValidationError("--timeout must be a number of seconds, 0 or more (inf: never SIGKILL), not \(seconds)")
    }
  }
}

extension LaunchResult {
  /// `{"resonite_pid": ..., "renderer_pid": ...}`, the reference's dataclass as JSON.
  var json: JSONValue {
    .object([("resonite_pid", .integer(Int64(resonitePID))), ("renderer_pid", .integer(Int64(rendererPID)))])
  }
}
