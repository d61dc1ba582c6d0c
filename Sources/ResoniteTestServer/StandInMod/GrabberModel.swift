import ResoniteGRPC
public import ResoniteIO
import Synchronization

/// The stand-in mod's hands: a small world of grabbable objects in front of the desktop
/// camera, what each hand holds, the buttons it holds down and the tool it has equipped.
///
/// Initial state (``initialObjects``): three objects on a wall that fills the view below a sky
/// band (y < ``skyLine``, where the cursor ray hits nothing). Screen positions map to the wall
/// at ``metresPerScreenUnit`` metres per unit of normalized cursor coordinates:
///
/// | Object | Screen position | Tool |
/// |---|---|---|
/// | `Cube` | (0.5, 0.5), the window's centre | no |
/// | `Pen` | (0.75, 0.5) | yes |
/// | `Ball` | (0.25, 0.6) | no |
///
/// Both hands are empty, nothing is equipped, no button is held; the primary hand is the right
/// one; desktop mode; ready.
///
/// `Grabber.Grab` aims at the cursor's position (the ``CursorModel``'s, held or not): in the sky
/// band it misses (`grabbed = false`); otherwise it grabs every object still in the world within
/// the radius (≤ 0 becomes ``defaultRadius``, 0.1 m) of the hit point, nearest first, and
/// `grabbed` says whether it got any. With the initial world a grab at the centre gets `Cube`,
/// and one at (0.55, 0.5) (0.2 m away) misses with the default radius but hits with 0.25.
/// `Release` drops everything back where it was. `Use` holds a button (strength clamped to
/// [0, 1], 1 when absent; using a held button again updates its strength), `Unuse` releases it
/// (no-op when not held). `Equip` equips the first held tool (it leaves the held objects), and
/// `Dequip` puts it back in the world; both are no-ops with nothing to act on. Every state
/// reports the hand the call resolved to (left or right) and is stamped with the wall clock.
///
/// Knobs: ``vrMode`` (Grab answers FAILED_PRECONDITION "Grab requires desktop (screen) mode;
/// VR is active.", the other RPCs work), ``notReadyMessage`` (every RPC answers
/// FAILED_PRECONDITION with it), ``primaryHand``, and ``setObjects(_:)`` for another world.
public final class GrabberModel: Sendable {
  /// Something grabbable in the stand-in world.
  public struct WorldObject: Sendable, Hashable {
    /// The object's slot name, what grab states list in `object_names`.
    public var name: String
    /// Where it appears on screen, in normalized cursor coordinates (0 = left).
    public var x: Float
    /// Where it appears on screen, in normalized cursor coordinates (0 = top).
    public var y: Float
    /// True when it is a tool that `Equip` can equip.
    public var isTool: Bool

    /// Creates an object.
    public init(name: String, x: Float, y: Float, isTool: Bool = false) {
      self.name = name
      self.x = x
      self.y = y
      self.isTool = isTool
    }
  }

  /// One `Grab` call as the mod saw it.
  public struct GrabAttempt: Sendable, Hashable {
    /// The hand it resolved to (left or right).
    public var hand: Hand
    /// The radius in the request, as sent.
    public var requestedRadius: Float
    /// The radius used (≤ 0 became ``GrabberModel/defaultRadius``).
    public var radius: Float
    /// The cursor position aimed at.
    public var cursor: (x: Float, y: Float)
    /// False when the ray hit nothing (the sky band).
    public var hit: Bool
    /// What it grabbed, nearest first.
    public var grabbed: [String]

    public static func == (a: Self, b: Self) -> Bool {
      a.hand == b.hand && a.requestedRadius == b.requestedRadius && a.radius == b.radius && a.cursor == b.cursor
        && a.hit == b.hit && a.grabbed == b.grabbed
    }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(hand)
      hasher.combine(requestedRadius)
      hasher.combine(radius)
      hasher.combine(cursor.x)
      hasher.combine(cursor.y)
      hasher.combine(hit)
      hasher.combine(grabbed)
    }
  }

  /// One `Use` call: a button pressed with a strength.
  public struct Press: Sendable, Hashable {
    /// The hand it resolved to (left or right).
    public var hand: Hand
    /// The button pressed.
    public var button: GrabberButton
    /// The strength the mod used: the request's, clamped to [0, 1], or 1 when absent.
    public var strength: Float
    /// The tool equipped in that hand at the time, if any (a primary press activates it).
    public var tool: String?
  }

  /// The initial world: `Cube` at the centre, the tool `Pen` at (0.75, 0.5), `Ball` at (0.25, 0.6).
  public static let initialObjects = [
    WorldObject(name: "Cube", x: 0.5, y: 0.5),
    WorldObject(name: "Pen", x: 0.75, y: 0.5, isTool: true),
    WorldObject(name: "Ball", x: 0.25, y: 0.6),
  ]
  /// Metres on the wall per unit of normalized screen coordinates.
  public static let metresPerScreenUnit: Float = 4
  /// Above this y (toward the top of the window) the cursor ray hits nothing.
  public static let skyLine: Float = 0.2
  /// The radius used when a Grab asks for ≤ 0, in metres (the mod's default).
  public static let defaultRadius: Float = 0.1
  /// What Grab answers in VR mode.
  public static let vrModeMessage = "Grab requires desktop (screen) mode; VR is active."
  /// The engine's message while it has no focused world yet.
  public static let noFocusedWorldMessage = "No focused world is available yet; engine still initializing."

  private struct HandState {
    var held: [WorldObject] = []
    var tool: WorldObject?
    var buttons: [(button: GrabberButton, strength: Float)] = []
  }

  private struct State {
    var world = GrabberModel.initialObjects
    var left = HandState()
    var right = HandState()
    var primaryHand = Hand.right
    var vrMode = false
    var notReadyMessage: String?
    var grabs: [GrabAttempt] = []
    var presses: [Press] = []

    func side(_ hand: Hand) -> Hand {
      switch hand {
      case .left: .left
      case .right: .right
      case .primary: primaryHand == .left ? .left : .right
      }
    }

    subscript(side: Hand) -> HandState {
      get { side == .left ? left : right }
      set {
        if side == .left { left = newValue } else { right = newValue }
      }
    }
  }

  /// A hand's state as an RPC reports it.
  struct Snapshot {
    var hand: Hand
    var objectNames: [String]
    var tool: String?
    var buttons: [GrabberButton]
  }

  private let state = Mutex(State())

  /// Creates the model in its initial state.
  public init() {}

  // MARK: Reading

  /// The objects still in the world (not held or equipped), in world order.
  public var worldObjects: [WorldObject] { state.withLock { $0.world } }
  /// The names of what `hand` holds (`Hand.primary` reads the primary hand).
  public func heldObjects(_ hand: Hand) -> [String] { state.withLock { $0[$0.side(hand)].held.map(\.name) } }
  /// The name of the tool equipped in `hand`, if any.
  public func equippedTool(_ hand: Hand) -> String? { state.withLock { $0[$0.side(hand)].tool?.name } }
  /// The buttons `hand` holds down, in the order they were first pressed.
  public func heldButtons(_ hand: Hand) -> [GrabberButton] {
    state.withLock { $0[$0.side(hand)].buttons.map(\.button) }
  }
  /// The strength a held button is held with, or nil when it is not held.
  public func strength(_ hand: Hand, _ button: GrabberButton) -> Float? {
    state.withLock { $0[$0.side(hand)].buttons.first { $0.button == button }?.strength }
  }
  /// Every Grab call so far, in order.
  public var grabs: [GrabAttempt] { state.withLock { $0.grabs } }
  /// Every Use call so far, in order.
  public var presses: [Press] { state.withLock { $0.presses } }

  // MARK: Knobs

  /// The hand `Hand.primary` resolves to: `Hand.right` (the default) or `Hand.left`.
  public var primaryHand: Hand {
    get { state.withLock { $0.primaryHand } }
    set { state.withLock { $0.primaryHand = newValue } }
  }

  /// When true the engine is in VR mode: Grab answers FAILED_PRECONDITION with
  /// ``vrModeMessage``; the other RPCs work.
  public var vrMode: Bool {
    get { state.withLock { $0.vrMode } }
    set { state.withLock { $0.vrMode = newValue } }
  }

  /// When set, the hands are "not ready": every Grabber RPC answers FAILED_PRECONDITION with
  /// this message, for example ``noFocusedWorldMessage``.
  public var notReadyMessage: String? {
    get { state.withLock { $0.notReadyMessage } }
    set { state.withLock { $0.notReadyMessage = newValue } }
  }

  /// Replaces the world's objects (hands keep what they hold).
  public func setObjects(_ objects: [WorldObject]) {
    state.withLock { $0.world = objects }
  }

  // MARK: RPCs

  /// `Grabber.Grab` at cursor position (`x`, `y`).
  func grab(hand: Hand, radius requested: Float, cursorX x: Float, cursorY y: Float) throws(CallFailure)
    -> (grabbed: Bool, state: Snapshot)
  {
    try run { (state: inout State) throws(CallFailure) in
      if state.vrMode { throw CallFailure(code: .failedPrecondition, message: Self.vrModeMessage) }
      let side = state.side(hand)
      let radius = requested > 0 ? requested : Self.defaultRadius
      let hit = y >= Self.skyLine
      var taken: [WorldObject] = []
      if hit {
        let inRange = state.world.enumerated()
          .map { (offset: $0.offset, object: $0.element, distance: Self.distance($0.element, x, y)) }
          .filter { $0.distance <= radius }
          .sorted { ($0.distance, $0.offset) < ($1.distance, $1.offset) }
        taken = inRange.map(\.object)
        let names = Set(taken.map(\.name))
        state.world.removeAll { names.contains($0.name) }
        state[side].held += taken
      }
      state.grabs.append(
        GrabAttempt(
          hand: side, requestedRadius: requested, radius: radius, cursor: (x, y), hit: hit, grabbed: taken.map(\.name)))
      return (!taken.isEmpty, Self.snapshot(state, side))
    }
  }

  /// `Grabber.Release`: everything held goes back into the world.
  func release(hand: Hand) throws(CallFailure) -> Snapshot {
    try run { (state: inout State) throws(CallFailure) in
      let side = state.side(hand)
      state.world += state[side].held
      state[side].held = []
      return Self.snapshot(state, side)
    }
  }

  /// `Grabber.GetState`.
  func read(hand: Hand) throws(CallFailure) -> Snapshot {
    try run { (state: inout State) throws(CallFailure) in Self.snapshot(state, state.side(hand)) }
  }

  /// `Grabber.Use`: hold `button` with `strength` (nil = absent = 1).
  func use(hand: Hand, button: GrabberButton, strength requested: Float?) throws(CallFailure) -> Snapshot {
    try run { (state: inout State) throws(CallFailure) in
      let side = state.side(hand)
      let strength = requested.map { min(max($0, 0), 1) } ?? 1
      if let index = state[side].buttons.firstIndex(where: { $0.button == button }) {
        state[side].buttons[index].strength = strength
      } else {
        state[side].buttons.append((button, strength))
      }
      state.presses.append(Press(hand: side, button: button, strength: strength, tool: state[side].tool?.name))
      return Self.snapshot(state, side)
    }
  }

  /// `Grabber.Unuse`: release `button` (no-op when not held).
  func unuse(hand: Hand, button: GrabberButton) throws(CallFailure) -> Snapshot {
    try run { (state: inout State) throws(CallFailure) in
      let side = state.side(hand)
      state[side].buttons.removeAll { $0.button == button }
      return Self.snapshot(state, side)
    }
  }

  /// `Grabber.Equip`: the first held tool leaves the held objects and is equipped.
  func equip(hand: Hand) throws(CallFailure) -> Snapshot {
    try run { (state: inout State) throws(CallFailure) in
      let side = state.side(hand)
      if let index = state[side].held.firstIndex(where: \.isTool) {
        let tool = state[side].held.remove(at: index)
        if let previous = state[side].tool { state.world.append(previous) }
        state[side].tool = tool
      }
      return Self.snapshot(state, side)
    }
  }

  /// `Grabber.Dequip`: the equipped tool goes back into the world.
  func dequip(hand: Hand) throws(CallFailure) -> Snapshot {
    try run { (state: inout State) throws(CallFailure) in
      let side = state.side(hand)
      if let tool = state[side].tool {
        state.world.append(tool)
        state[side].tool = nil
      }
      return Self.snapshot(state, side)
    }
  }

  private func run<R>(_ body: (inout State) throws(CallFailure) -> R) throws(CallFailure) -> R {
    try state.withLock { (state: inout State) throws(CallFailure) in
      if let message = state.notReadyMessage { throw CallFailure(code: .failedPrecondition, message: message) }
      return try body(&state)
    }
  }

  private static func snapshot(_ state: State, _ side: Hand) -> Snapshot {
    let hand = state[side]
    return Snapshot(
      hand: side, objectNames: hand.held.map(\.name), tool: hand.tool?.name, buttons: hand.buttons.map(\.button))
  }

  private static func distance(_ object: WorldObject, _ x: Float, _ y: Float) -> Float {
    let dx = (object.x - x) * metresPerScreenUnit
    let dy = (object.y - y) * metresPerScreenUnit
    return (dx * dx + dy * dy).squareRoot()
  }
}
