public import ArgumentParser
import Foundation

/// How every executable of this package exits: ArgumentParser's messages and codes, except
/// that a usage error exits 2, as the reference CLI's argparse does (ArgumentParser's own code
/// for it is 64, EX_USAGE).
public enum UsageExit {
  /// Prints ArgumentParser's message for `error` (help and version on stdout, errors on stderr)
  /// and exits: 0 for help and version, 2 for a usage or validation error, otherwise the
  /// error's own code (1 for a plain failure).
  public static func exit<Command: ParsableCommand>(_ command: Command.Type, for error: any Error) -> Never {
    let code = Command.exitCode(for: error)
    let text = Command.fullMessage(for: error)
    if code.isSuccess {
      if !text.isEmpty { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
      Foundation.exit(0)
    }
    if !text.isEmpty { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
  }
}

extension ParsableCommand {
  /// Parses the process's arguments, runs the command, and exits as ``UsageExit`` says.
  public static func mainExitingTwoOnUsageErrors() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      UsageExit.exit(Self.self, for: error)
    }
  }
}

extension AsyncParsableCommand {
  /// Parses the process's arguments, runs the command, and exits as ``UsageExit`` says.
  public static func mainExitingTwoOnUsageErrors() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      UsageExit.exit(Self.self, for: error)
    }
  }
}
