import ArgumentParser
import PythonCompatibility
import ResoniteIO

/// `resoio grabber ACTION`: grab and operate objects (the Grabber service). One flat command,
/// as in the reference, so the flags work before or after the action.
struct GrabberCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grabber",
    abstract: "Grab and operate objects (grab/use/equip/...).",
    discussion: """
      ACTION is one of:
        grab         grab what is within --radius of the cursor ray's hit point
                     (desktop mode only); prints grabbed=True|False, then the state
        release      release everything the hand holds
        state        print the hand's hold state
        use          press --button and hold it down (left click aligns a held
                     object, activates an equipped tool); --strength 0..1
        unuse        release the held --button
        click        press and release --button once
        equip        equip a held tool into the hand
        dequip       put the equipped tool away
        interactive  a key-driven loop on a terminal (see below)
      Flags work before or after ACTION (`grabber --hand left use` = `grabber
      use --hand left`). After every action the hand's state is printed:
        hand=H is_holding=True|False objects=[a, b] equipped=True|False tool=NAME held=[primary] unix_nanos=N
      or with --format json one object (grab: {"grabbed", "hand", "is_holding",
      "object_names", "is_tool_equipped", "equipped_tool_name", "held_buttons",
      "unix_nanos"}; the others: {"hand", "is_holding", "object_names",
      "unix_nanos", "is_tool_equipped", "equipped_tool_name", "held_buttons"}).

      INTERACTIVE
        Keys (no Enter needed on a terminal): g grab, r release, s state,
        u/U use primary/secondary, i/I unuse, c/C click, e equip, d dequip,
        q quit; other keys are ignored. The keymap goes to stderr, one state
        line per key to stdout. On a terminal, input is read unbuffered and
        unechoed, and the terminal is restored on q, end of input (Ctrl-D),
        Ctrl-C (exit 130) and on a failure. Keys can also be piped:
          printf 'gsq' | resoio grabber interactive
        It uses the flags' --hand, the default radius, strength 1. --format
        json is refused (exit 2): its output is for people.

      Unlike the reference, which crashes packing them, a --radius or
      --strength beyond a 32-bit float is refused (exit 2). Connecting and
      each call give up after 10 seconds; a failure is one or two lines on
      stderr naming the gRPC status and the mod's message (exit 1).


      """ + socketResolutionHelp)

  enum Action: String, ExpressibleByArgument, CaseIterable {
    case grab, release, state, use, unuse, click, equip, dequip, interactive
  }

  enum ButtonArgument: String, ExpressibleByArgument, CaseIterable {
    case primary, secondary

    var button: GrabberButton { self == .primary ? .primary : .secondary }
  }

  @Argument(help: "The grab action to perform.")
  var action: Action

  @Option(help: "Target hand / interaction handler.")
  var hand: HandArgument = .primary

  @Option(
    parsing: .unconditional, help: "Grab sphere radius in metres (<= 0 uses the server default).",
    transform: PythonNumber.float)
  var radius: Double = 0

  @Option(help: "Button for use/unuse/click (primary = left click).")
  var button: ButtonArgument = .primary

  @Option(
    parsing: .unconditional,
    help: "Primary press strength 0..1 for use/click; ignored for other actions and the secondary button.",
    transform: PythonNumber.float)
  var strength: Double = 1.0

  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human (lines) or json (one object); not with interactive.")
  var format: OutputFormat = .human

  func validate() throws {
    // The reference crashes (OverflowError) packing these; refused here as usage errors.
    for (name, value) in [("--radius", radius), ("--strength", strength)] where !PythonText.fitsFloat32(value) {
      throw ValidationError("\(name) \(PythonText.float(value)) does not fit a 32-bit float")
    }
  }

  func run() async throws {
    if action == .interactive {
      guard format == .human else {
        throw CommandFailure(
          lines: [
            "resoio grabber interactive: --format is not supported (interactive output is human-only); "
              + "use grab / release / state for structured output."
          ], exitCode: 2)
      }
      try await GrabberInteractive(hand: hand.hand, socketOptions: socketOptions).run()
      return
    }
    let command = "grabber \(action.rawValue)"
    let hand = hand.hand
    let options = ServiceCall.options()
    if action == .grab {
      let result = try await ServiceCall.run(socketOptions, command: command) { client in
        try await client.grabber.grab(hand: hand, radius: Float(radius), options: options)
      }
      switch format {
      case .human:
        Console.out("grabbed=\(PythonText.bool(result.grabbed))")
        Console.out(Self.line(result.state))
      case .json:
        let s = result.state
        Console.out(
          JSONValue.object(
            [
              ("grabbed", .bool(result.grabbed)), ("hand", .string(s.hand.rawValue)),
              ("is_holding", .bool(s.isHolding)),
            ]
              + [
                ("object_names", .array(s.objectNames.map { .string($0) })),
                ("is_tool_equipped", .bool(s.isToolEquipped)),
                ("equipped_tool_name", .string(s.equippedToolName)),
                ("held_buttons", .array(s.heldButtons.map { .string($0.rawValue) })),
                ("unix_nanos", .integer(s.unixNanos)),
              ]
          ).text)
      }
      return
    }
    let button = button.button
    let strength = Float(strength)
    let state = try await ServiceCall.run(socketOptions, command: command) { client in
      let grabber = client.grabber
      switch action {
      case .release: return try await grabber.release(hand: hand, options: options)
      case .state: return try await grabber.state(hand: hand, options: options)
      case .use: return try await grabber.use(hand: hand, button: button, strength: strength, options: options)
      case .unuse: return try await grabber.unuse(hand: hand, button: button, options: options)
      case .click: return try await grabber.click(hand: hand, button: button, strength: strength, options: options)
      case .equip: return try await grabber.equip(hand: hand, options: options)
      case .dequip, .grab, .interactive: return try await grabber.dequip(hand: hand, options: options)
      }
    }
    switch format {
    case .human: Console.out(Self.line(state))
    case .json: Console.out(Self.json(state).text)
    }
  }

  /// The reference's one-line state.
  static func line(_ state: GrabState) -> String {
    "hand=\(state.hand.rawValue) is_holding=\(PythonText.bool(state.isHolding)) "
      + "objects=[\(state.objectNames.joined(separator: ", "))] equipped=\(PythonText.bool(state.isToolEquipped)) "
      + "tool=\(state.equippedToolName) held=[\(state.heldButtons.map(\.rawValue).joined(separator: ", "))] "
      + "unix_nanos=\(state.unixNanos)"
  }

  /// GrabState as the reference's JSON (its dataclass fields, in order).
  static func json(_ state: GrabState) -> JSONValue {
    .object([
      ("hand", .string(state.hand.rawValue)),
      ("is_holding", .bool(state.isHolding)),
      ("object_names", .array(state.objectNames.map { .string($0) })),
      ("unix_nanos", .integer(state.unixNanos)),
      ("is_tool_equipped", .bool(state.isToolEquipped)),
      ("equipped_tool_name", .string(state.equippedToolName)),
      ("held_buttons", .array(state.heldButtons.map { .string($0.rawValue) })),
    ])
  }
}
