import ResoniteGRPC
import Synchronization

/// The stand-in mod's desktop cursor: a normalized window position and whether a SetPosition
/// hold is in effect.
///
/// Initial state: at the window's centre (0.5, 0.5), not held, ready. The window size it
/// reports is the display's (``DisplayModel/width`` × ``DisplayModel/height``), so it follows
/// `Display.Apply`.
///
/// `Cursor.SetPosition` checks x and y first (outside [0, 1] or NaN → INVALID_ARGUMENT with the
/// mod's message, before anything else), then moves the cursor exactly there and holds it
/// (`held = true`); calling it again moves the hold. `Release` ends the hold (idempotent) and
/// leaves the position where it was. ``endHoldByFocusChange()`` plays a world focus change,
/// which ends a hold on the engine. While ``notReadyMessage`` is set, every RPC whose
/// arguments are valid answers FAILED_PRECONDITION with it.
public final class CursorModel: Sendable {
  /// The engine's message while it has no focused world yet.
  public static let noFocusedWorldMessage = "No focused world is available yet; engine still initializing."

  private struct State {
    var x: Float = 0.5
    var y: Float = 0.5
    var held = false
    var notReadyMessage: String?
  }

  private let state = Mutex(State())

  /// Creates the model in its initial state.
  public init() {}

  /// The normalized position, x (0 = left) and y (0 = top).
  public var position: (x: Float, y: Float) { state.withLock { ($0.x, $0.y) } }
  /// True while a SetPosition hold is in effect.
  public var held: Bool { state.withLock { $0.held } }

  /// When set, the engine is "not ready": every RPC (after SetPosition's argument check)
  /// answers FAILED_PRECONDITION with this message, for example ``noFocusedWorldMessage``.
  public var notReadyMessage: String? {
    get { state.withLock { $0.notReadyMessage } }
    set { state.withLock { $0.notReadyMessage = newValue } }
  }

  /// Moves the cursor without a hold (as the user's mouse would), for tests.
  public func move(x: Float, y: Float) {
    state.withLock { state in
      state.x = x
      state.y = y
    }
  }

  /// Ends a hold the way a world focus change does on the engine (`held` becomes false).
  public func endHoldByFocusChange() {
    state.withLock { $0.held = false }
  }

  /// `Cursor.SetPosition`: validate, then move and hold.
  func setPosition(x: Float, y: Float) throws(CallFailure) -> (x: Float, y: Float, held: Bool) {
    guard !x.isNaN, !y.isNaN, (0...1).contains(x), (0...1).contains(y) else {
      throw CallFailure(
        code: .invalidArgument,
        message: "Cursor position must be normalized within [0,1]; got (\(Self.dotNet(x)), \(Self.dotNet(y))).")
    }
    return try state.withLock { (state: inout State) throws(CallFailure) in
      if let message = state.notReadyMessage { throw CallFailure(code: .failedPrecondition, message: message) }
      state.x = x
      state.y = y
      state.held = true
      return (state.x, state.y, state.held)
    }
  }

  /// `Cursor.GetPosition`.
  func read() throws(CallFailure) -> (x: Float, y: Float, held: Bool) {
    try state.withLock { (state: inout State) throws(CallFailure) in
      if let message = state.notReadyMessage { throw CallFailure(code: .failedPrecondition, message: message) }
      return (state.x, state.y, state.held)
    }
  }

  /// `Cursor.Release`: end the hold (idempotent).
  func release() throws(CallFailure) -> (x: Float, y: Float, held: Bool) {
    try state.withLock { (state: inout State) throws(CallFailure) in
      if let message = state.notReadyMessage { throw CallFailure(code: .failedPrecondition, message: message) }
      state.held = false
      return (state.x, state.y, state.held)
    }
  }

  /// A float as .NET formats it in the mod's messages (`NaN`, `∞`, `-∞`, else the shortest
  /// round-trip digits).
  static func dotNet(_ value: Float) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-∞" : "∞" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}
