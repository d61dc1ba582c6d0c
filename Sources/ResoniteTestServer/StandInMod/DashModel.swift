import ResoniteGRPC
import ResoniteIOMessages
import Synchronization

/// The stand-in mod's dash: open or closed, a bottom tab bar, and each tab's controls.
///
/// Initial state (deterministic):
/// - closed (`open_lerp` 0); current tab Home.
/// - tabs, in order (ref id, locale key, name = label): `ID1001` `Dash.Screens.Home` Home;
///   `ID1002` `Dash.Screens.Worlds` Worlds; `ID1003` `Dash.Screens.Contacts` Contacts
///   (**disabled**, as while logged out); `ID1004` `Dash.Screens.Inventory` Inventory;
///   `ID1005` `Dash.Screens.Settings` Settings.
/// - controls (ref id, type, label, depth/parent; `*` = disabled):
///   Home: `ID2001` scroll "Feed" (0); `ID2002` button "Join Random Session" (1, ID2001);
///   `ID2003` button "Join Friend" (1, ID2001); `ID2004`* button "Create World" (1, ID2001);
///   `ID2005` button "" (icon only, locale key `Dash.Home.Help`, 0).
///   Worlds: `ID3001` scroll "World List" (0); `ID3002` button "Search" (1, ID3001);
///   `ID3003` button "Refresh" (1, ID3001).
///   Contacts: `ID6001` button "Add Contact" (0).
///   Inventory: `ID4001` scroll "Folders" (0); `ID4002` button "New Folder" (1, ID4001);
///   `ID4003`* button "Delete" (1, ID4001).
///   Settings: `ID5001` scroll "Settings List" (0); `ID5002` button "Save" (1, ID5001).
/// - every scroll position starts at (0, 1); nothing highlighted or invoked.
///
/// Behaviour: Open/Close set `is_open`/`open_lerp` at once. ListControls lists the current
/// tab's controls, only while open (closed: empty). SetTab by `ref_id` (wins) or `locale_key`;
/// both empty is INVALID_ARGUMENT; no match is `found=false`; a disabled tab `ok=false`.
/// Invoke/Scroll/Highlight look in the current tab while the dash is open (else
/// `found=false`): Invoke needs an enabled button (recorded in ``invocations``), Scroll an
/// enabled scroll area (the position moves by the deltas, clamped to [0, 1]; non-finite
/// deltas are INVALID_ARGUMENT), Highlight an enabled button.
public final class DashModel: Sendable {
  /// A tab of the stand-in dash.
  public struct Tab: Sendable, Hashable {
    /// The ref id SetTab takes.
    public var refID: String
    /// The locale key SetTab takes when no ref id is given.
    public var localeKey: String
    /// The slot name.
    public var name: String
    /// The display text.
    public var label: String
    /// Whether SetTab may switch to it.
    public var isEnabled: Bool

    /// Creates a tab; `label` defaults to `name`.
    public init(refID: String, localeKey: String, name: String, label: String? = nil, isEnabled: Bool = true) {
      self.refID = refID
      self.localeKey = localeKey
      self.name = name
      self.label = label ?? name
      self.isEnabled = isEnabled
    }
  }

  /// A control of a tab: `type` is `button` or `scroll`.
  public struct Control: Sendable, Hashable {
    /// The ref id Invoke, Scroll and Highlight take.
    public var refID: String
    /// `button` (Invoke, Highlight) or `scroll` (Scroll).
    public var type: String
    /// The display text (empty for icon-only buttons).
    public var label: String
    /// The locale key, or empty.
    public var localeKey: String
    /// Whether it accepts actions (and is listed without `include_disabled`).
    public var isEnabled: Bool
    /// The nearest listed ancestor's ref id, or empty.
    public var parentRefID: String
    /// The depth below the top (0).
    public var depth: Int

    /// Creates a control.
    public init(
      refID: String, type: String, label: String, localeKey: String = "", isEnabled: Bool = true,
      parentRefID: String = "", depth: Int = 0
    ) {
      self.refID = refID
      self.type = type
      self.label = label
      self.localeKey = localeKey
      self.isEnabled = isEnabled
      self.parentRefID = parentRefID
      self.depth = depth
    }
  }

  /// A scroll area's normalized position.
  public struct ScrollPosition: Sendable, Hashable {
    /// Horizontal, in [0, 1].
    public var x: Float
    /// Vertical, in [0, 1] (1 = top).
    public var y: Float

    /// Creates a position.
    public init(x: Float, y: Float) {
      self.x = x
      self.y = y
    }
  }

  struct State {
    var isOpen = false
    var tabs: [Tab] = DashModel.initialTabs
    var currentTabRefID = "ID1001"
    var controls: [String: [Control]] = DashModel.initialControls
    var invocations: [String] = []
    var highlightedRefID: String?
    var scrollPositions: [String: ScrollPosition] = [:]
  }

  private let state = Mutex(State())

  /// Creates the dash in its initial state.
  public init() {}

  // MARK: Reading (for tests)

  /// Whether the dash is open.
  public var isOpen: Bool { state.withLock { $0.isOpen } }
  /// The tabs, in order.
  public var tabs: [Tab] { state.withLock { $0.tabs } }
  /// The current tab's ref id.
  public var currentTabRefID: String { state.withLock { $0.currentTabRefID } }
  /// The ref ids Invoke pressed, in order.
  public var invocations: [String] { state.withLock { $0.invocations } }
  /// The control Highlight moved the hover to, if any (cleared by a tab switch).
  public var highlightedRefID: String? { state.withLock { $0.highlightedRefID } }
  /// The controls of tab `refID`, in reading order.
  public func controls(ofTab refID: String) -> [Control] { state.withLock { $0.controls[refID] ?? [] } }
  /// The position of the scroll area `refID` ((0, 1) until scrolled).
  public func scrollPosition(of refID: String) -> ScrollPosition {
    state.withLock { $0.scrollPositions[refID] ?? ScrollPosition(x: 0, y: 1) }
  }

  // MARK: Seeding (for tests)

  /// Opens or closes the dash directly.
  public func setOpen(_ open: Bool) { state.withLock { $0.isOpen = open } }
  /// Replaces the tab bar; `current` (default: the first tab) becomes the current tab.
  public func setTabs(_ tabs: [Tab], current: String? = nil) {
    state.withLock {
      $0.tabs = tabs
      $0.currentTabRefID = current ?? tabs.first?.refID ?? ""
    }
  }
  /// Replaces the controls of tab `refID`.
  public func setControls(_ controls: [Control], ofTab refID: String) {
    state.withLock { $0.controls[refID] = controls }
  }

  // MARK: RPCs

  func dashState() -> ResoniteIo_V1_DashState {
    state.withLock { Self.wire($0) }
  }

  func setOpenState(_ open: Bool) -> ResoniteIo_V1_DashState {
    state.withLock {
      $0.isOpen = open
      return Self.wire($0)
    }
  }

  func listTabs() -> ResoniteIo_V1_DashTabList {
    state.withLock { state in
      var list = ResoniteIo_V1_DashTabList()
      list.tabs = state.tabs.map { tab in
        var wire = ResoniteIo_V1_DashTab()
        wire.refID = tab.refID
        wire.localeKey = tab.localeKey
        wire.name = tab.name
        wire.label = tab.label
        wire.isCurrent = tab.refID == state.currentTabRefID
        wire.enabled = tab.isEnabled
        return wire
      }
      return list
    }
  }

  func setTab(_ request: ResoniteIo_V1_DashSetTabRequest) throws(CallFailure) -> ResoniteIo_V1_DashActionResult {
    if request.refID.isEmpty && request.localeKey.isEmpty {
      throw CallFailure(code: .invalidArgument, message: "SetTab requires ref_id or locale_key.")
    }
    return state.withLock { state in
      let byRefID = !request.refID.isEmpty
      let key = byRefID ? request.refID : request.localeKey
      guard let tab = state.tabs.first(where: { byRefID ? $0.refID == key : $0.localeKey == key }) else {
        return Self.result(
          ok: false, found: false, refID: request.refID,
          detail: "No tab with \(byRefID ? "ref_id" : "locale_key") '\(key)'.")
      }
      guard tab.isEnabled else {
        return Self.result(ok: false, found: true, refID: tab.refID, detail: "Tab '\(tab.name)' is disabled.")
      }
      if state.currentTabRefID != tab.refID { state.highlightedRefID = nil }
      state.currentTabRefID = tab.refID
      return Self.result(ok: true, found: true, refID: tab.refID, detail: "")
    }
  }

  func listControls(includeDisabled: Bool) -> ResoniteIo_V1_DashControlList {
    state.withLock { state in
      var list = ResoniteIo_V1_DashControlList()
      guard state.isOpen else { return list }
      list.controls = (state.controls[state.currentTabRefID] ?? [])
        .filter { includeDisabled || $0.isEnabled }
        .map { control in
          var wire = ResoniteIo_V1_DashControl()
          wire.refID = control.refID
          wire.controlType = control.type
          wire.label = control.label
          wire.localeKey = control.localeKey
          wire.enabled = control.isEnabled
          wire.parentRefID = control.parentRefID
          wire.depth = Int32(clamping: control.depth)
          return wire
        }
      return list
    }
  }

  func invoke(_ refID: String) -> ResoniteIo_V1_DashActionResult {
    act(on: refID, needs: "button", verb: "pressed") { state, control in
      state.invocations.append(control.refID)
    }
  }

  func highlight(_ refID: String) -> ResoniteIo_V1_DashActionResult {
    act(on: refID, needs: "button", verb: "highlighted (no hover)") { state, control in
      state.highlightedRefID = control.refID
    }
  }

  func scroll(_ request: ResoniteIo_V1_DashScrollRequest) throws(CallFailure) -> ResoniteIo_V1_DashActionResult {
    guard request.deltaX.isFinite && request.deltaY.isFinite else {
      throw CallFailure(code: .invalidArgument, message: "delta_x and delta_y must be finite.")
    }
    return act(on: request.refID, needs: "scroll", verb: "scrolled") { state, control in
      var position = state.scrollPositions[control.refID] ?? ScrollPosition(x: 0, y: 1)
      position.x = min(max(position.x + request.deltaX, 0), 1)
      position.y = min(max(position.y + request.deltaY, 0), 1)
      state.scrollPositions[control.refID] = position
    }
  }

  private func act(
    on refID: String, needs type: String, verb: String, apply: (inout State, Control) -> Void
  ) -> ResoniteIo_V1_DashActionResult {
    state.withLock { state in
      guard state.isOpen else {
        return Self.result(ok: false, found: false, refID: refID, detail: "The dash is closed.")
      }
      guard let control = state.controls[state.currentTabRefID]?.first(where: { $0.refID == refID }) else {
        return Self.result(
          ok: false, found: false, refID: refID, detail: "No control with ref_id '\(refID)' in the current tab.")
      }
      guard control.type == type else {
        return Self.result(
          ok: false, found: true, refID: refID, detail: "A \(control.type) control cannot be \(verb).")
      }
      guard control.isEnabled else {
        return Self.result(ok: false, found: true, refID: refID, detail: "Control '\(refID)' is disabled.")
      }
      apply(&state, control)
      return Self.result(ok: true, found: true, refID: refID, detail: "")
    }
  }

  private static func wire(_ state: State) -> ResoniteIo_V1_DashState {
    var wire = ResoniteIo_V1_DashState()
    wire.isOpen = state.isOpen
    wire.openLerp = state.isOpen ? 1 : 0
    return wire
  }

  private static func result(ok: Bool, found: Bool, refID: String, detail: String) -> ResoniteIo_V1_DashActionResult {
    var wire = ResoniteIo_V1_DashActionResult()
    wire.ok = ok
    wire.found = found
    wire.refID = refID
    wire.detail = detail
    return wire
  }

  static let initialTabs: [Tab] = [
    Tab(refID: "ID1001", localeKey: "Dash.Screens.Home", name: "Home"),
    Tab(refID: "ID1002", localeKey: "Dash.Screens.Worlds", name: "Worlds"),
    Tab(refID: "ID1003", localeKey: "Dash.Screens.Contacts", name: "Contacts", isEnabled: false),
    Tab(refID: "ID1004", localeKey: "Dash.Screens.Inventory", name: "Inventory"),
    Tab(refID: "ID1005", localeKey: "Dash.Screens.Settings", name: "Settings"),
  ]

  static let initialControls: [String: [Control]] = [
    "ID1001": [
      Control(refID: "ID2001", type: "scroll", label: "Feed", localeKey: "Dash.Home.Feed"),
      Control(
        refID: "ID2002", type: "button", label: "Join Random Session", localeKey: "Dash.Home.JoinRandom",
        parentRefID: "ID2001", depth: 1),
      Control(
        refID: "ID2003", type: "button", label: "Join Friend", localeKey: "Dash.Home.JoinFriend",
        parentRefID: "ID2001", depth: 1),
      Control(
        refID: "ID2004", type: "button", label: "Create World", localeKey: "Dash.Home.CreateWorld", isEnabled: false,
        parentRefID: "ID2001", depth: 1),
      Control(refID: "ID2005", type: "button", label: "", localeKey: "Dash.Home.Help"),
    ],
    "ID1002": [
      Control(refID: "ID3001", type: "scroll", label: "World List", localeKey: "Dash.Worlds.List"),
      Control(
        refID: "ID3002", type: "button", label: "Search", localeKey: "Dash.Worlds.Search", parentRefID: "ID3001",
        depth: 1),
      Control(
        refID: "ID3003", type: "button", label: "Refresh", localeKey: "Dash.Worlds.Refresh", parentRefID: "ID3001",
        depth: 1),
    ],
    "ID1003": [
      Control(refID: "ID6001", type: "button", label: "Add Contact", localeKey: "Dash.Contacts.Add")
    ],
    "ID1004": [
      Control(refID: "ID4001", type: "scroll", label: "Folders", localeKey: "Dash.Inventory.Folders"),
      Control(
        refID: "ID4002", type: "button", label: "New Folder", localeKey: "Dash.Inventory.NewFolder",
        parentRefID: "ID4001", depth: 1),
      Control(
        refID: "ID4003", type: "button", label: "Delete", localeKey: "Dash.Inventory.Delete", isEnabled: false,
        parentRefID: "ID4001", depth: 1),
    ],
    "ID1005": [
      Control(refID: "ID5001", type: "scroll", label: "Settings List", localeKey: "Dash.Settings.List"),
      Control(
        refID: "ID5002", type: "button", label: "Save", localeKey: "Dash.Settings.Save", parentRefID: "ID5001",
        depth: 1),
    ],
  ]
}
