import ArgumentParser
import Foundation

/// A command group whose subcommand is required, as argparse's `required=True` subparsers:
/// with none given it exits 2 with the choices and its usage on stderr (ArgumentParser alone
/// would print the help and exit 0).
protocol RequiresSubcommand: AsyncParsableCommand {}

extension RequiresSubcommand {
  mutating func run() async throws {
    var names: [String] = []
    for subcommand in Self.configuration.subcommands {
      let configuration = subcommand.configuration
      if configuration.shouldDisplay { names.append(subcommand._commandName) }
    }
    let usage = Resoio.usageString(for: Self.self)
    throw CommandFailure(
      lines: [
        "Error: a subcommand is required: one of \(names.joined(separator: ", "))",
        "Usage: \(usage)",
        "  See '\(usage.components(separatedBy: " <").first ?? "resoio") --help' for more information.",
      ],
      exitCode: 2)
  }
}
