import ArgumentParser
import PythonCompatibility
import ResoniteIO

/// `resoio cursor set|center|get|release`: the desktop cursor (the Cursor service).
struct CursorCommand: SubcommandRequired {
  static let configuration = CommandConfiguration(
    commandName: "cursor",
    abstract: "Move / hold / read the desktop cursor (set/center/get/release).",
    discussion: """
      'set' needs normalized x y in [0,1] and holds the cursor there until
      'release'; 'center' moves to (0.5, 0.5) and holds; 'get' prints the
      position and hold state; 'release' ends the hold. The resulting state is
      printed after every action: x=X y=Y window=WxH held=True|False, or with
      --format json one object {"x", "y", "window_width", "window_height",
      "held"}.
      """,
    subcommands: [CursorSet.self, CursorCenter.self, CursorGet.self, CursorRelease.self])

  static func emit(_ state: CursorState, format: OutputFormat) {
    switch format {
    case .human:
      Console.out(
        "x=\(PythonText.float(state.x)) y=\(PythonText.float(state.y)) "
          + "window=\(state.windowWidth)x\(state.windowHeight) held=\(PythonText.bool(state.held))")
    case .json:
      Console.out(
        JSONValue.object([
          ("x", .number(Double(state.x))),
          ("y", .number(Double(state.y))),
          ("window_width", .integer(Int64(state.windowWidth))),
          ("window_height", .integer(Int64(state.windowHeight))),
          ("held", .bool(state.held)),
        ]).text)
    }
  }

  static let leafDiscussion = """
    Connecting and the call each give up after 10 seconds; a failure is one or
    two lines on stderr naming the gRPC status and the mod's message (exit 1).


    """ + socketResolutionHelp
}

/// `resoio cursor set X Y`.
struct CursorSet: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set",
    abstract: "Move the cursor to normalized (x, y) and hold it until 'release'.",
    discussion: """
      X and Y are normalized window coordinates (0,0 = top left, 1,1 = bottom
      right). Either outside [0,1] (or NaN) exits 2 before anything is sent.
      Negative numbers are read as values, not options.


      """ + CursorCommand.leafDiscussion)

  // Collected unparsed so that `-0.5` reads as a number (and fails the range check, exit 2)
  // rather than as an unknown option.
  @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Normalized x and y in [0,1].", valueName: "x y"))
  var coordinates: [String] = []

  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human (one line) or json (one object).")
  var format: OutputFormat = .human

  private func point() throws -> (x: Double, y: Double) {
    guard coordinates.count == 2 else {
      let missing = coordinates.count < 2 ? ["x", "y"].suffix(2 - coordinates.count).joined(separator: ", ") : nil
      throw ValidationError(
        missing.map { "the following arguments are required: \($0)" }
          ?? "unrecognized arguments: \(coordinates.dropFirst(2).joined(separator: " "))")
    }
    var values: [Double] = []
    for (name, text) in zip(["x", "y"], coordinates) {
      guard let value = PythonText.parseFloat(text) else {
        throw ValidationError("argument \(name): invalid float value: \(PythonText.repr(text))")
      }
      values.append(value)
    }
    return (values[0], values[1])
  }

  func validate() throws {
    _ = try point()
  }

  func run() async throws {
    let (x, y) = try point()
    guard (0...1).contains(x), (0...1).contains(y) else {
      throw CommandFailure(
        lines: ["resoio cursor set: x and y must be in [0,1], got (\(PythonText.float(x)), \(PythonText.float(y)))"],
        exitCode: 2)
    }
    let state = try await ServiceCall.run(socketOptions, command: "cursor set") { client in
      try await client.cursor.setPosition(x: Float(x), y: Float(y), options: ServiceCall.options())
    }
    CursorCommand.emit(state, format: format)
  }
}

/// `resoio cursor center`.
struct CursorCenter: CursorStateLeaf {
  static let configuration = leaf("center", "Move the cursor to (0.5, 0.5) and hold it until 'release'.")
  @OptionGroup var options: CursorOptions
  func call(_ cursor: CursorClient, _ options: CallOptions) async throws -> CursorState {
    try await cursor.setPosition(x: 0.5, y: 0.5, options: options)
  }
}

/// `resoio cursor get`.
struct CursorGet: CursorStateLeaf {
  static let configuration = leaf("get", "Print the current cursor position and hold state (no movement).")
  @OptionGroup var options: CursorOptions
  func call(_ cursor: CursorClient, _ options: CallOptions) async throws -> CursorState {
    try await cursor.position(options: options)
  }
}

/// `resoio cursor release`.
struct CursorRelease: CursorStateLeaf {
  static let configuration = leaf("release", "Release the cursor hold (idempotent).")
  @OptionGroup var options: CursorOptions
  func call(_ cursor: CursorClient, _ options: CallOptions) async throws -> CursorState {
    try await cursor.release(options: options)
  }
}

/// The options of the cursor leaves that only call and print.
struct CursorOptions: ParsableArguments {
  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human (one line) or json (one object).")
  var format: OutputFormat = .human
}

/// A cursor leaf that makes one call and prints the state it answers.
protocol CursorStateLeaf: AsyncParsableCommand {
  var options: CursorOptions { get }
  /// The leaf's call; `options` carry the ``ServiceCall`` deadline.
  func call(_ cursor: CursorClient, _ options: CallOptions) async throws -> CursorState
}

extension CursorStateLeaf {
  /// A leaf's configuration: its name and abstract, and the discussion all leaves share.
  static func leaf(_ name: String, _ abstract: String) -> CommandConfiguration {
    CommandConfiguration(commandName: name, abstract: abstract, discussion: CursorCommand.leafDiscussion)
  }

  func run() async throws {
    let command = "cursor \(Self.configuration.commandName ?? "")"
    let state = try await ServiceCall.run(options.socketOptions, command: command) { client in
      try await call(client.cursor, ServiceCall.options())
    }
    CursorCommand.emit(state, format: options.format)
  }
}
