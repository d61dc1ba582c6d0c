import ArgumentParser
import Foundation
import PythonCompatibility
import ResoniteIO

/// `resoio dash`: the Esc dash (the userspace overlay), like the reference CLI's `dash`.
struct Dash: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Drive the Esc dash: summary, open/close/state, tabs/tab, ls, invoke/scroll/highlight.",
    discussion: """
      With no subcommand, prints a summary of what can be done now: the open
      state, the current tab and the current tab's numbered controls (or with
      --format json one object {"state", "tabs", "controls"}).

      A SELECTOR picks a tab (for `tab`, from the `tabs` listing) or a control
      (for `invoke`, `scroll` and `highlight`, from the `ls` listing), fetched
      afresh by the same command:
        - digits: a 0-based index into that listing (valid for this one
          command only: the listing may change);
        - otherwise, in this order: the first item with a key equal to it
          (ref_id, locale_key, name or label; so a full ref_id always wins),
          the one item equal to it ignoring case, the one item containing it
          ignoring case.
      A selector out of range, matching nothing or matching several items
      exits 2 with the candidates on stderr, and no action is sent.

      Failures of a call exit 1 with one plain line naming the gRPC status and
      the server's message (the reference prints a Python traceback).


      """ + socketResolutionHelp,
    subcommands: [
      Summary.self, Open.self, Close.self, State.self, Tabs.self, Tab.self, Ls.self, Invoke.self, Scroll.self,
      Highlight.self,
    ],
    defaultSubcommand: Summary.self
  )
}

extension Dash {
  /// The options every dash leaf takes.
  struct Options: ParsableArguments {
    @OptionGroup var socketOptions: SocketOptions

    @Option(help: "Output format: human (text lines) or json (one document).")
    var format: OutputFormat = .human
  }

  /// A dash leaf that calls the mod once and prints the state or result it answers.
  protocol Leaf: LeafCommand {
    var options: Options { get }
  }

  /// `resoio dash` with no leaf: state, current tab, numbered controls.
  struct Summary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "summary",
      abstract: "Print the open state, the current tab and its numbered controls (the default).",
      shouldDisplay: false)

    @OptionGroup var options: Options

    func run() async throws {
      let (state, tabs, controls) = try await ModCall.run("dash", socket: options.socketOptions) { mod in
        (try await mod.dash.state(), try await mod.dash.listTabs(), try await mod.dash.listControls())
      }
      switch options.format {
      case .human:
        Console.out(DashText.summary(state: state, tabs: tabs, controls: controls))
      case .json:
        Console.out(
          JSONValue.object([
            ("state", state.referenceJSON),
            ("tabs", .array(tabs.map(\.referenceJSON))),
            ("controls", .array(controls.map(\.referenceJSON))),
          ]).text)
      }
    }
  }

  /// `resoio dash open`.
  struct Open: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "Open the dash and print its state (is_open=... open_lerp=...).")

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> DashState { try await mod.dash.open() }
  }

  /// `resoio dash close`.
  struct Close: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "Close the dash and print its state (is_open=... open_lerp=...).")

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> DashState { try await mod.dash.close() }
  }

  /// `resoio dash state`.
  struct State: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "Print the dash's open state (is_open=... open_lerp=...).")

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> DashState { try await mod.dash.state() }
  }

  /// `resoio dash tabs`.
  struct Tabs: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "List the bottom tab bar, numbered ('*' marks the current tab).")

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> [DashTab] { try await mod.dash.listTabs() }
  }

  /// `resoio dash tab SELECTOR`.
  struct Tab: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "Switch to a tab (selector: index from 'tabs', ref_id, or label).",
      discussion:
        "Prints ok=... found=... ref_id=... detail='...'; a tab that is disabled or gone is ok=False, not an error.")

    @Argument(help: "Tab selector: 0-based index, exact ref_id, or label / locale_key / name (part).")
    var selector: String

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> DashActionResult {
      let tabs = try await mod.dash.listTabs()
      let tab = try DashText.resolve(
        selector, in: tabs, hint: { DashText.hint($0.name, $0.label, $0.localeKey, refID: $0.refID) },
        match: DashClient.resolveTab)
      return try await mod.dash.setTab(refID: tab.refID)
    }
  }

  /// `resoio dash ls [--all]`.
  struct Ls: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "List the current tab's controls, numbered (empty while the dash is closed).")

    @Flag(help: "Include disabled controls.")
    var all = false

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> [DashControl] {
      try await mod.dash.listControls(includeDisabled: all)
    }
  }

  /// `resoio dash invoke SELECTOR`.
  struct Invoke: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "Press a control (selector: index from 'ls', ref_id, or label).",
      discussion:
        "Prints ok=... found=... ref_id=... detail='...'; a control that cannot be pressed is ok=False, not an error.")

    @Argument(help: "Control selector: 0-based index, exact ref_id, or label / locale_key (part).")
    var selector: String

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> DashActionResult {
      let control = try await DashText.control(selector, on: mod)
      return try await mod.dash.invoke(control.refID)
    }
  }

  /// `resoio dash scroll SELECTOR DX DY`.
  struct Scroll: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "Scroll a control by (dx, dy) (selector: index from 'ls', ref_id, or label).",
      discussion:
        "The deltas add to the normalized scroll position ([0, 1] each way). Prints ok=... found=... ref_id=... detail='...'."
    )

    // One array, so that negative deltas read as values, as argparse reads them (ArgumentParser
    // would take `-0.5` for an option).
    @Argument(
      parsing: .allUnrecognized,
      help: ArgumentHelp(
        "The control selector (0-based index, exact ref_id, or label / locale_key part), then the normalized scroll deltas dx and dy.",
        valueName: "selector> <dx> <dy"))
    var operands: [String] = []

    var selector: String { operands[0] }
    var dx: Float { PythonText.parseFloat(operands[1]).map(Float.init) ?? 0 }
    var dy: Float { PythonText.parseFloat(operands[2]).map(Float.init) ?? 0 }

    func validate() throws {
      guard operands.count == 3 else {
        throw ValidationError(
          operands.count < 3
            ? "scroll needs a selector, dx and dy (\(operands.count) given)"
            : "unrecognized arguments: \(operands.dropFirst(3).joined(separator: " "))")
      }
      for (name, text) in [("dx", operands[1]), ("dy", operands[2])] where PythonText.parseFloat(text) == nil {
        throw ValidationError("argument \(name): invalid float value: \(PythonText.repr(text))")
      }
    }

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> DashActionResult {
      let control = try await DashText.control(selector, on: mod)
      return try await mod.dash.scroll(control.refID, deltaX: dx, deltaY: dy)
    }
  }

  /// `resoio dash highlight SELECTOR`.
  struct Highlight: Leaf {
    static let configuration = CommandConfiguration(
      abstract: "Hover-highlight a control (selector: index, ref_id, or label).",
      discussion: "Prints ok=... found=... ref_id=... detail='...'.")

    @Argument(help: "Control selector: 0-based index, exact ref_id, or label / locale_key (part).")
    var selector: String

    @OptionGroup var options: Options

    func call(_ mod: ResoniteClient) async throws -> DashActionResult {
      let control = try await DashText.control(selector, on: mod)
      return try await mod.dash.highlight(control.refID)
    }
  }
}

/// The reference's dash formatting and selector resolution.
enum DashText {
  /// The trailing segment of a `ReferenceID` (`ID2001` → `2001`), as the reference's `_shortref`.
  static func shortRef(_ refID: String) -> String {
    let beforeAt = refID.range(of: "@", options: .backwards).map { String(refID[..<$0.lowerBound]) } ?? refID
    let afterID = beforeAt.range(of: "ID", options: .backwards).map { String(beforeAt[$0.upperBound...]) } ?? beforeAt
    return afterID.isEmpty ? refID : afterID
  }

  static func state(_ state: DashState) -> String {
    "is_open=\(PythonText.bool(state.isOpen)) open_lerp=\(PythonText.float(state.openLerp))"
  }

  static func tabs(_ tabs: [DashTab]) -> String {
    tabs.enumerated().map { index, tab in
      let name = [tab.name, tab.label, tab.localeKey].first { !$0.isEmpty } ?? ""
      return "\(tab.isCurrent ? "*" : " ") \(PythonText.rightJustified(String(index), 2))  \(name)  "
        + "enabled=\(PythonText.bool(tab.isEnabled)) locale=\(PythonText.repr(tab.localeKey)) "
        + "label=\(PythonText.repr(tab.label)) ref_id=\(tab.refID)"
    }.joined(separator: "\n")
  }

  static func controls(_ controls: [DashControl]) -> String {
    controls.enumerated().map { index, control in
      "\(PythonText.rightJustified(String(index), 2))  \(PythonText.leftJustified(control.controlType, 6))  "
        + "enabled=\(PythonText.bool(control.isEnabled))  \(shortRef(control.refID))  "
        + String(repeating: "  ", count: max(0, control.depth)) + PythonText.repr(control.label)
    }.joined(separator: "\n")
  }

  static func summary(state: DashState, tabs: [DashTab], controls: [DashControl]) -> String {
    var lines = [self.state(state)]
    if let current = tabs.first(where: \.isCurrent) {
      let name = [current.name, current.label, current.localeKey].first { !$0.isEmpty } ?? ""
      lines.append("current tab: \(name) (ref_id=\(current.refID))")
    } else {
      lines.append("current tab: (none)")
    }
    lines.append("controls:")
    lines.append(controls.isEmpty ? "  (none)" : self.controls(controls))
    return lines.joined(separator: "\n")
  }

  static func result(_ result: DashActionResult) -> String {
    "ok=\(PythonText.bool(result.ok)) found=\(PythonText.bool(result.found)) "
      + "ref_id=\(result.refID) detail=\(PythonText.repr(result.detail))"
  }

  /// How the candidate list names an item: its first non-empty name, quoted, and its short ref.
  static func hint(_ names: String..., refID: String) -> String {
    "\(PythonText.repr(names.first { !$0.isEmpty } ?? "")) (\(shortRef(refID)))"
  }

  /// Resolves `selector` against `items` as the reference's `_resolve_selector` does: digits
  /// index the listing; anything else goes through `match` (the library's three-stage
  /// resolution). Failure throws the error and candidate lines, exit 2, before any action.
  static func resolve<Item>(
    _ selector: String, in items: [Item], hint: (Item) -> String,
    match: (String, [Item]) throws -> Item
  ) throws -> Item {
    if !selector.isEmpty, selector.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
      if let index = Int(selector), index < items.count { return items[index] }
      throw CommandFailure(
        lines: ["error: index \(selector) out of range (0..\(items.count - 1))"] + candidates(items.map(hint)),
        exitCode: 2)
    }
    do {
      return try match(selector, items)
    } catch let error as DashNoMatchError {
      let listed = error.candidates.map(PythonText.repr).joined(separator: ", ")
      throw CommandFailure(
        lines: ["error: no match for \(PythonText.repr(error.query)); candidates: \(listed)"]
          + candidates(items.map(hint)),
        exitCode: 2)
    } catch let error as DashAmbiguousMatchError {
      let listed = error.matches.map(PythonText.repr).joined(separator: ", ")
      throw CommandFailure(
        lines: ["error: \(PythonText.repr(error.query)) matched \(error.matches.count) items: \(listed)"]
          + candidates(items.map(hint)),
        exitCode: 2)
    }
  }

  private static func candidates(_ hints: [String]) -> [String] {
    guard !hints.isEmpty else { return ["  (no candidates)"] }
    return ["candidates:"] + hints.enumerated().map { "  [\($0.offset)] \($0.element)" }
  }

  /// Lists the current tab's controls and resolves `selector` among them (a failure throws
  /// before any action is sent).
  static func control(_ selector: String, on mod: ResoniteClient) async throws -> DashControl {
    let controls = try await mod.dash.listControls()
    return try resolve(
      selector, in: controls,
      hint: { hint($0.label, $0.localeKey, $0.controlType, refID: $0.refID) },
      match: DashClient.resolveControl)
  }
}

extension Dash.Leaf {
  var commandWords: String { "dash " + Self._commandName }
  var socketOptions: SocketOptions { options.socketOptions }
  var format: OutputFormat { options.format }
}

extension DashState: PrintedAnswer {
  func emit(as format: OutputFormat) {
    switch format {
    case .human: Console.out(DashText.state(self))
    case .json: Console.out(referenceJSON.text)
    }
  }

  /// The reference's JSON: `{is_open, open_lerp}`.
  var referenceJSON: JSONValue {
    .object([("is_open", .bool(isOpen)), ("open_lerp", .number(Double(openLerp)))])
  }
}

/// An item of a dash listing (`tabs`, `ls`): printed numbered, or as a JSON array.
protocol DashListItem {
  /// The reference's JSON of the item.
  var referenceJSON: JSONValue { get }
  /// The reference's numbered lines for `items`.
  static func listing(_ items: [Self]) -> String
}

extension Array: PrintedAnswer where Element: DashListItem {
  func emit(as format: OutputFormat) {
    switch format {
    case .human: Console.out(Element.listing(self))
    case .json: Console.out(JSONValue.array(map(\.referenceJSON)).text)
    }
  }
}

extension DashTab: DashListItem {
  static func listing(_ items: [DashTab]) -> String { DashText.tabs(items) }

  /// The reference's JSON: `{ref_id, locale_key, name, label, is_current, enabled}`.
  var referenceJSON: JSONValue {
    .object([
      ("ref_id", .string(refID)), ("locale_key", .string(localeKey)), ("name", .string(name)),
      ("label", .string(label)), ("is_current", .bool(isCurrent)), ("enabled", .bool(isEnabled)),
    ])
  }
}

extension DashControl: DashListItem {
  static func listing(_ items: [DashControl]) -> String { DashText.controls(items) }

  /// The reference's JSON: `{ref_id, control_type, label, locale_key, enabled, parent_ref_id, depth}`.
  var referenceJSON: JSONValue {
    .object([
      ("ref_id", .string(refID)), ("control_type", .string(controlType)), ("label", .string(label)),
      ("locale_key", .string(localeKey)), ("enabled", .bool(isEnabled)), ("parent_ref_id", .string(parentRefID)),
      ("depth", .integer(Int64(depth))),
    ])
  }
}

extension DashActionResult: PrintedAnswer {
  func emit(as format: OutputFormat) {
    switch format {
    case .human: Console.out(DashText.result(self))
    case .json: Console.out(referenceJSON.text)
    }
  }

  /// The reference's JSON: `{ok, found, ref_id, detail}`.
  var referenceJSON: JSONValue {
    .object([("ok", .bool(ok)), ("found", .bool(found)), ("ref_id", .string(refID)), ("detail", .string(detail))])
  }
}
