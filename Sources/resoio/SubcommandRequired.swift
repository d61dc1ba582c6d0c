import ArgumentParser

/// A command group (`display`, `cursor`, ...) run without a subcommand: a usage error (exit 2)
/// naming the choices, as argparse's required subparsers in the reference, rather than help
/// and exit 0.
protocol SubcommandRequired: AsyncParsableCommand {}

extension SubcommandRequired {
  func run() async throws {
    let name = Self.configuration.commandName ?? "\(Self.self)"
    let names = Self.configuration.subcommands.map { $0.configuration.commandName ?? "\($0)" }
    throw CommandFailure(
      lines: [
        "resoio \(name): a subcommand is required: one of \(names.joined(separator: ", "))",
        "see 'resoio \(name) --help'",
      ], exitCode: 2)
  }
}
