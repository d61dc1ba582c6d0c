import ResoniteGRPC
public import ResoniteIO
import Synchronization

/// The stand-in mod's radial context menus, one per hand.
///
/// Initial state: both menus closed, nothing highlighted, nothing invoked, locomotion
/// "Walk/Run", primary hand = right, ready. An open menu starts at the main menu:
///
/// | Index | Label | Enabled | Icon | Pressing it |
/// |---|---|---|---|---|
/// | 0 | `Locomotion` | yes | yes | opens the Locomotion submenu |
/// | 1 | `Undo` | no | yes | nothing (disabled) |
/// | 2 | `Redo` | no | yes | nothing (disabled) |
/// | 3 | `Respawn` | yes | yes | respawns and closes the menu |
///
/// The Locomotion submenu: 0 `Walk/Run`, 1 `Fly`, 2 `Noclip` (enabled, with icons); pressing
/// one selects that locomotion (``locomotion``) and closes the menu.
///
/// `Open` opens the main menu (a no-op when already open, even in the submenu), `Close`
/// closes it and returns to the main menu, `GetState` reads it. `Highlight` and `Invoke` first
/// need the menu open (FAILED_PRECONDITION "Context menu is not open; open it before
/// highlighting or invoking items."), then an index in range (INVALID_ARGUMENT with .NET's
/// `ArgumentOutOfRangeException` message). A closed menu reports no items and highlighted index
/// -1; a menu that opens (or changes to the submenu) has none highlighted. Invoking an enabled
/// item records its label in ``invoked``.
///
/// Knobs: ``notReadyMessage`` (every RPC answers FAILED_PRECONDITION with it) and
/// ``primaryHand``.
public final class ContextMenuModel: Sendable {
  /// One menu entry as the stand-in defines it.
  public struct Item: Sendable, Hashable {
    /// The label.
    public var label: String
    /// Whether pressing it does anything.
    public var enabled: Bool
    /// Whether it shows an icon.
    public var hasIcon: Bool
    /// Its RGBA tint.
    public var color: [Float]
  }

  /// The main menu's items.
  public static let mainItems = [
    Item(label: "Locomotion", enabled: true, hasIcon: true, color: [0.36, 0.75, 1.0, 1.0]),
    Item(label: "Undo", enabled: false, hasIcon: true, color: [0.5, 0.5, 0.5, 1.0]),
    Item(label: "Redo", enabled: false, hasIcon: true, color: [0.5, 0.5, 0.5, 1.0]),
    Item(label: "Respawn", enabled: true, hasIcon: true, color: [1.0, 0.55, 0.2, 1.0]),
  ]
  /// The Locomotion submenu's items.
  public static let locomotionItems = [
    Item(label: "Walk/Run", enabled: true, hasIcon: true, color: [0.4, 0.9, 0.4, 1.0]),
    Item(label: "Fly", enabled: true, hasIcon: true, color: [0.4, 0.7, 1.0, 1.0]),
    Item(label: "Noclip", enabled: true, hasIcon: true, color: [0.8, 0.4, 1.0, 1.0]),
  ]
  /// What Highlight and Invoke answer while the menu is closed.
  public static let notOpenMessage = "Context menu is not open; open it before highlighting or invoking items."
  /// The engine's message while it has no focused world yet.
  public static let noFocusedWorldMessage = "No focused world is available yet; engine still initializing."

  private enum Page {
    case main
    case locomotion

    var items: [Item] {
      switch self {
      case .main: ContextMenuModel.mainItems
      case .locomotion: ContextMenuModel.locomotionItems
      }
    }
  }

  private struct Menu {
    var page: Page?
    var highlighted = -1
  }

  private struct State {
    var left = Menu()
    var right = Menu()
    var primaryHand = Hand.right
    var notReadyMessage: String?
    var invoked: [String] = []
    var locomotion = "Walk/Run"
    var respawns = 0

    func side(_ hand: Hand) -> Hand {
      switch hand {
      case .left: .left
      case .right: .right
      case .primary: primaryHand == .left ? .left : .right
      }
    }

    subscript(side: Hand) -> Menu {
      get { side == .left ? left : right }
      set {
        if side == .left { left = newValue } else { right = newValue }
      }
    }
  }

  /// A menu as an RPC reports it.
  struct Snapshot {
    var isOpen: Bool
    var items: [Item]
    var highlighted: Int
  }

  private let state = Mutex(State())

  /// Creates the model in its initial state.
  public init() {}

  // MARK: Reading

  /// True while `hand`'s menu is open (`Hand.primary` reads the primary hand's).
  public func isOpen(_ hand: Hand) -> Bool { state.withLock { $0[$0.side(hand)].page != nil } }
  /// The labels `hand`'s open menu shows (empty when closed).
  public func labels(_ hand: Hand) -> [String] {
    state.withLock { $0[$0.side(hand)].page?.items.map(\.label) ?? [] }
  }
  /// The labels of the enabled items invoked so far, in order.
  public var invoked: [String] { state.withLock { $0.invoked } }
  /// The locomotion selected through the submenu (initially `Walk/Run`).
  public var locomotion: String { state.withLock { $0.locomotion } }
  /// How many times `Respawn` was invoked.
  public var respawns: Int { state.withLock { $0.respawns } }

  // MARK: Knobs

  /// The hand `Hand.primary` resolves to: `Hand.right` (the default) or `Hand.left`.
  public var primaryHand: Hand {
    get { state.withLock { $0.primaryHand } }
    set { state.withLock { $0.primaryHand = newValue } }
  }

  /// When set, the menus are "not ready": every ContextMenu RPC answers FAILED_PRECONDITION
  /// with this message, for example ``noFocusedWorldMessage``.
  public var notReadyMessage: String? {
    get { state.withLock { $0.notReadyMessage } }
    set { state.withLock { $0.notReadyMessage = newValue } }
  }

  // MARK: RPCs

  /// `ContextMenu.Open`: the main menu, or a no-op when open.
  func open(hand: Hand) throws(CallFailure) -> Snapshot {
    try run(hand) { (state: inout State, side: Hand) throws(CallFailure) in
      if state[side].page == nil { state[side] = Menu(page: .main, highlighted: -1) }
    }
  }

  /// `ContextMenu.Close`.
  func close(hand: Hand) throws(CallFailure) -> Snapshot {
    try run(hand) { (state: inout State, side: Hand) throws(CallFailure) in state[side] = Menu() }
  }

  /// `ContextMenu.GetState`.
  func read(hand: Hand) throws(CallFailure) -> Snapshot {
    try run(hand) { (_: inout State, _: Hand) throws(CallFailure) in }
  }

  /// `ContextMenu.Highlight`.
  func highlight(hand: Hand, index: Int32) throws(CallFailure) -> Snapshot {
    try run(hand) { (state: inout State, side: Hand) throws(CallFailure) in
      _ = try Self.item(state[side], index)
      state[side].highlighted = Int(index)
    }
  }

  /// `ContextMenu.Invoke`: press the item; enabled ones act.
  func invoke(hand: Hand, index: Int32) throws(CallFailure) -> Snapshot {
    try run(hand) { (state: inout State, side: Hand) throws(CallFailure) in
      let item = try Self.item(state[side], index)
      guard item.enabled else { return }
      state.invoked.append(item.label)
      switch (state[side].page, item.label) {
      case (.main, "Locomotion"):
        state[side] = Menu(page: .locomotion, highlighted: -1)
      case (.main, "Respawn"):
        state.respawns += 1
        state[side] = Menu()
      case (.locomotion, let label):
        state.locomotion = label
        state[side] = Menu()
      default:
        state[side] = Menu()
      }
    }
  }

  private func run(_ hand: Hand, _ body: (inout State, Hand) throws(CallFailure) -> Void) throws(CallFailure)
    -> Snapshot
  {
    try state.withLock { (state: inout State) throws(CallFailure) in
      if let message = state.notReadyMessage { throw CallFailure(code: .failedPrecondition, message: message) }
      let side = state.side(hand)
      try body(&state, side)
      let menu = state[side]
      guard let page = menu.page else { return Snapshot(isOpen: false, items: [], highlighted: -1) }
      return Snapshot(isOpen: true, items: page.items, highlighted: menu.highlighted)
    }
  }

  /// The item at `index` of an open menu: FAILED_PRECONDITION when closed (checked first),
  /// INVALID_ARGUMENT when out of range (.NET's ArgumentOutOfRangeException message).
  private static func item(_ menu: Menu, _ index: Int32) throws(CallFailure) -> Item {
    guard let page = menu.page else { throw CallFailure(code: .failedPrecondition, message: notOpenMessage) }
    let items = page.items
    guard index >= 0, Int(index) < items.count else {
      throw CallFailure(
        code: .invalidArgument,
        message:
          "index out of range; menu has \(items.count) item(s). (Parameter 'index')\r\nActual value was \(index).")
    }
    return items[Int(index)]
  }
}
