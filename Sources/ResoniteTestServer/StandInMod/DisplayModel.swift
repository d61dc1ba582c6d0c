import ResoniteGRPC
import Synchronization

/// The stand-in mod's display settings: the window resolution and the background frame-rate
/// cap, as `Display.Apply` sets them and `Display.Get` reads them back.
///
/// Initial state: 1280 × 720 pixels, background cap 30 fps, settings active (ready).
///
/// It behaves as the mod's engine bridge does: a 0 width or height keeps the current one, a
/// `max_fps` ≤ 0 (or NaN) keeps the cap, a positive one is stored as a whole number (the
/// fraction dropped, as the engine's integer setting does). While ``notReadyMessage`` is set,
/// Get and any Apply that would change something answer FAILED_PRECONDITION with it (an Apply
/// of all zeros touches no setting, so it succeeds, as on the engine).
///
/// Other parts of the test server read the window size from here (``width``, ``height``): the
/// cursor reports it as its window size, and the synthetic camera follows it.
public final class DisplayModel: Sendable {
  /// The initial window width in pixels.
  public static let initialWidth = 1280
  /// The initial window height in pixels.
  public static let initialHeight = 720
  /// The initial background frame-rate cap.
  public static let initialMaxFPS = 30
  /// The engine's message while its display settings are not active yet (a booting engine).
  public static let settingsNotActiveMessage = "ResolutionSettings / DesktopRenderSettings is not yet active."

  private struct State {
    var width = DisplayModel.initialWidth
    var height = DisplayModel.initialHeight
    var maxFPS = DisplayModel.initialMaxFPS
    var notReadyMessage: String?
    var applyCount = 0
  }

  private let state = Mutex(State())

  /// Creates the model in its initial state.
  public init() {}

  /// The window width in pixels.
  public var width: Int { state.withLock { $0.width } }
  /// The window height in pixels.
  public var height: Int { state.withLock { $0.height } }
  /// The window size in pixels, read together.
  public var size: (width: Int, height: Int) { state.withLock { ($0.width, $0.height) } }
  /// The background frame-rate cap (a whole number, as the engine keeps it).
  public var maxFPS: Int { state.withLock { $0.maxFPS } }
  /// How many Apply calls succeeded (failed ones are not counted).
  public var applyCount: Int { state.withLock { $0.applyCount } }

  /// When set, the settings are "not active yet": Get, and Apply calls that would change a
  /// setting, answer FAILED_PRECONDITION with this message (for example
  /// ``settingsNotActiveMessage``). nil (the default) is a ready engine.
  public var notReadyMessage: String? {
    get { state.withLock { $0.notReadyMessage } }
    set { state.withLock { $0.notReadyMessage = newValue } }
  }

  /// Sets the settings directly (for tests that start from another state); nil keeps a value.
  public func set(width: Int? = nil, height: Int? = nil, maxFPS: Int? = nil) {
    state.withLock { state in
      if let width { state.width = width }
      if let height { state.height = height }
      if let maxFPS { state.maxFPS = maxFPS }
    }
  }

  /// `Display.Apply`: 0 keeps a value; fails while not ready if it would change something.
  func apply(width: UInt32, height: UInt32, maxFPS: Float) throws(CallFailure) {
    try state.withLock { (state: inout State) throws(CallFailure) in
      let changesSize = width != 0 || height != 0
      let changesFPS = maxFPS > 0
      if let message = state.notReadyMessage, changesSize || changesFPS {
        throw CallFailure(code: .failedPrecondition, message: message)
      }
      if width != 0 { state.width = Int(width) }
      if height != 0 { state.height = Int(height) }
      if changesFPS { state.maxFPS = maxFPS >= Float(Int32.max) ? Int(Int32.max) : Int(maxFPS) }
      state.applyCount += 1
    }
  }

  /// `Display.Get`: the settings, or FAILED_PRECONDITION while not ready.
  func get() throws(CallFailure) -> (width: Int, height: Int, maxFPS: Int) {
    try state.withLock { (state: inout State) throws(CallFailure) in
      if let message = state.notReadyMessage { throw CallFailure(code: .failedPrecondition, message: message) }
      return (state.width, state.height, state.maxFPS)
    }
  }
}
