import ArgumentParser
import ResoniteIO

/// What a mod call answers that a leaf command prints: in the format the user asked for (human
/// lines or one JSON document), on stdout.
protocol PrintedAnswer {
  /// Prints the answer on stdout in `format`.
  func emit(as format: OutputFormat)
}

/// A leaf subcommand that calls the mod over one connection and prints the answer: `dash open`,
/// `auth status`, `context-menu list` and their like.
///
/// A conformer declares its configuration, its options and ``call(_:)``; connecting, turning
/// failures into plain lines (``ModCall``) and printing are this protocol's `run()`.
protocol LeafCommand: AsyncParsableCommand {
  associatedtype Answer: PrintedAnswer

  /// The command's words after `resoio`, which a failure names (`dash open`).
  var commandWords: String { get }
  /// The socket options the command was given.
  var socketOptions: SocketOptions { get }
  /// The output format asked for.
  var format: OutputFormat { get }
  /// How the command connects: ``LeafConnection/modCall`` unless the family says otherwise.
  static var connection: LeafConnection { get }

  /// Checks the arguments before anything connects (by default nothing): a usage error the
  /// reference reports before it sends anything.
  func checkBeforeConnecting() throws

  /// The call (or calls) on the connected client whose answer is printed.
  func call(_ mod: ResoniteClient) async throws -> Answer
}

/// How a ``LeafCommand`` connects and words a FAILED_PRECONDITION.
enum LeafConnection {
  /// ``ModCall``'s defaults: the library's connect timeout; the "engine not ready" hint only
  /// when the mod's message says so.
  case modCall
  /// ``ServiceCall``'s: connecting within its timeout; the hint on every FAILED_PRECONDITION.
  case serviceCall
}

extension LeafCommand {
  static var connection: LeafConnection { .modCall }

  func checkBeforeConnecting() throws {}

  /// Checks the arguments, connects, makes ``call(_:)``, closes and prints the answer (a
  /// failure becomes plain lines).
  func run() async throws {
    try checkBeforeConnecting()
    let answer =
      switch Self.connection {
      case .modCall: try await ModCall.run(commandWords, socket: socketOptions) { try await call($0) }
      case .serviceCall: try await ServiceCall.run(socketOptions, command: commandWords) { try await call($0) }
      }
    answer.emit(as: format)
  }
}
