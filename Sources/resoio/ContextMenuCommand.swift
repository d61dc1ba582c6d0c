import ArgumentParser
import PythonCompatibility
import ResoniteIO

/// `resoio context-menu open|close|list|highlight I|invoke I`: the radial context menu (the
/// ContextMenu service).
struct ContextMenuCommand: SubcommandRequired {
  static let configuration = CommandConfiguration(
    commandName: "context-menu",
    abstract: "Drive the radial context menu (open/close/list/highlight/invoke).",
    discussion: """
      Pick a subcommand; highlight and invoke need an item index (>= 0, else
      exit 2 before anything is sent). --hand primary|left|right picks the
      menu on every leaf. The resulting menu state is printed after every
      action: is_open=True|False, one line per item
        [i] 'label' enabled=True|False icon=True|False color=(r, g, b, a)
      and highlighted_index=N (-1 = none); or with --format json one object
      {"is_open", "items": [{"index", "label", "enabled", "has_icon",
      "color": [r, g, b, a]}], "highlighted_index"}.
      """,
    subcommands: [
      ContextMenuOpen.self, ContextMenuClose.self, ContextMenuList.self, ContextMenuHighlight.self,
      ContextMenuInvoke.self,
    ])

  static func emit(_ state: ContextMenuState, format: OutputFormat) {
    // The reference keeps the wire's -1 for "none"; so do we.
    let highlighted = Int64(state.highlightedIndex ?? -1)
    switch format {
    case .human:
      var lines = ["is_open=\(PythonText.bool(state.isOpen))"]
      for item in state.items {
        let c = item.color
        let color = [c.red, c.green, c.blue, c.alpha].map(PythonText.float).joined(separator: ", ")
        lines.append(
          "[\(item.index)] \(PythonText.repr(item.label)) enabled=\(PythonText.bool(item.enabled)) "
            + "icon=\(PythonText.bool(item.hasIcon)) color=(\(color))")
      }
      lines.append("highlighted_index=\(highlighted)")
      Console.out(lines.joined(separator: "\n"))
    case .json:
      let items: [JSONValue] = state.items.map { item in
        let c = item.color
        return .object([
          ("index", .integer(Int64(item.index))),
          ("label", .string(item.label)),
          ("enabled", .bool(item.enabled)),
          ("has_icon", .bool(item.hasIcon)),
          ("color", .array([c.red, c.green, c.blue, c.alpha].map { .number(Double($0)) })),
        ])
      }
      Console.out(
        JSONValue.object([
          ("is_open", .bool(state.isOpen)),
          ("items", .array(items)),
          ("highlighted_index", .integer(highlighted)),
        ]).text)
    }
  }

  static let leafDiscussion = """
    Connecting and the call each give up after 10 seconds; a failure is one or
    two lines on stderr naming the gRPC status and the mod's message (exit 1).


    """ + socketResolutionHelp
}

/// The options every context-menu leaf has.
struct ContextMenuOptions: ParsableArguments {
  @Option(help: "Target hand / interaction handler.")
  var hand: HandArgument = .primary

  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human (lines) or json (one object).")
  var format: OutputFormat = .human
}

/// A context-menu leaf: one call on the menu of the hand asked for, whose state is printed.
protocol ContextMenuLeaf: LeafCommand where Answer == ContextMenuState {
  var options: ContextMenuOptions { get }
}

extension ContextMenuLeaf {
  var commandWords: String { "context-menu " + Self._commandName }
  var socketOptions: SocketOptions { options.socketOptions }
  var format: OutputFormat { options.format }
  static var connection: LeafConnection { .serviceCall }
  /// The menu's hand.
  var hand: Hand { options.hand.hand }
}

extension ContextMenuState: PrintedAnswer {
  func emit(as format: OutputFormat) { ContextMenuCommand.emit(self, format: format) }
}

/// `--hand primary|left|right`.
enum HandArgument: String, ExpressibleByArgument, CaseIterable {
  case primary, left, right

  var hand: Hand {
    switch self {
    case .primary: .primary
    case .left: .left
    case .right: .right
    }
  }
}

/// `resoio context-menu open`.
struct ContextMenuOpen: ContextMenuLeaf {
  static let configuration = CommandConfiguration(
    commandName: "open", abstract: "Open the context menu at the current cursor position.",
    discussion: ContextMenuCommand.leafDiscussion)

  @OptionGroup var options: ContextMenuOptions

  func call(_ mod: ResoniteClient) async throws -> ContextMenuState {
    try await mod.contextMenu.open(hand: hand, options: ServiceCall.options())
  }
}

/// `resoio context-menu close`.
struct ContextMenuClose: ContextMenuLeaf {
  static let configuration = CommandConfiguration(
    commandName: "close", abstract: "Close the context menu.", discussion: ContextMenuCommand.leafDiscussion)

  @OptionGroup var options: ContextMenuOptions

  func call(_ mod: ResoniteClient) async throws -> ContextMenuState {
    try await mod.contextMenu.close(hand: hand, options: ServiceCall.options())
  }
}

/// `resoio context-menu list`.
struct ContextMenuList: ContextMenuLeaf {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the context menu items and state.",
    discussion: ContextMenuCommand.leafDiscussion)

  @OptionGroup var options: ContextMenuOptions

  func call(_ mod: ResoniteClient) async throws -> ContextMenuState {
    try await mod.contextMenu.state(hand: hand, options: ServiceCall.options())
  }
}

/// An item index argument: read unparsed so that `-1` is a value (exit 2, "must be >= 0")
/// rather than an unknown option.
struct MenuIndexArgument: ParsableArguments {
  @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Item index (must be >= 0).", valueName: "index"))
  var words: [String] = []

  /// The index, or a usage error for a missing, extra or non-integer value.
  func index() throws -> Int {
    guard let text = words.first else { throw ValidationError("the following arguments are required: index") }
    guard words.count == 1 else {
      throw ValidationError("unrecognized arguments: \(words.dropFirst().joined(separator: " "))")
    }
    guard let index = PythonText.parseInt(text) else {
      throw ValidationError("argument index: invalid int value: \(PythonText.repr(text))")
    }
    return index
  }

  func validate() throws { _ = try index() }

  /// The index, once checked to be >= 0 (else exit 2 with the reference's reason).
  func checked(_ command: String) throws -> Int {
    let index = try index()
    guard index >= 0 else {
      throw CommandFailure(lines: ["resoio context-menu \(command): index must be >= 0, got \(index)"], exitCode: 2)
    }
    return index
  }
}

/// A context-menu leaf that acts on the item at an index (checked to be >= 0 before connecting).
protocol ContextMenuItemLeaf: ContextMenuLeaf {
  var index: MenuIndexArgument { get }
  /// The call on the menu for the item at `index`.
  func act(on menu: ContextMenuClient, at index: Int, hand: Hand) async throws -> ContextMenuState
}

extension ContextMenuItemLeaf {
  func checkBeforeConnecting() throws { _ = try index.checked(Self._commandName) }

  func call(_ mod: ResoniteClient) async throws -> ContextMenuState {
    try await act(on: mod.contextMenu, at: index.checked(Self._commandName), hand: hand)
  }
}

/// `resoio context-menu highlight INDEX`.
struct ContextMenuHighlight: ContextMenuItemLeaf {
  static let configuration = CommandConfiguration(
    commandName: "highlight", abstract: "Preview-select an item by index (no side effect).",
    discussion: ContextMenuCommand.leafDiscussion)

  @OptionGroup var index: MenuIndexArgument
  @OptionGroup var options: ContextMenuOptions

  func act(on menu: ContextMenuClient, at index: Int, hand: Hand) async throws -> ContextMenuState {
    try await menu.highlight(index, hand: hand, options: ServiceCall.options())
  }
}

/// `resoio context-menu invoke INDEX`.
struct ContextMenuInvoke: ContextMenuItemLeaf {
  static let configuration = CommandConfiguration(
    commandName: "invoke", abstract: "Press an item's action by index (may open a submenu / switch tool).",
    discussion: ContextMenuCommand.leafDiscussion)

  @OptionGroup var index: MenuIndexArgument
  @OptionGroup var options: ContextMenuOptions

  func act(on menu: ContextMenuClient, at index: Int, hand: Hand) async throws -> ContextMenuState {
    try await menu.invoke(index, hand: hand, options: ServiceCall.options())
  }
}
