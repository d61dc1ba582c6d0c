import Synchronization

/// The stand-in mod's engine lifecycle: whether a graceful shutdown was requested.
///
/// Initial state: running, no shutdown requested.
///
/// `Lifecycle.Shutdown` answers `accepted = true` the first time and marks the shutdown as
/// running; every later call answers `accepted = false` ("a shutdown is already running"), as
/// the engine does. The stand-in engine does not actually exit: the server keeps serving. To
/// play an engine that drops the connection as it exits, use the server's die-mid-call knob
/// (``TestServer/Configuration/dieMidCall``, `--die-mid-call` on `resoio-test-server`) or a
/// per-RPC failure (``TestServer/Configuration/failures``).
public final class LifecycleModel: Sendable {
  private struct State {
    var shutdownRequested = false
    var shutdownCalls = 0
  }

  private let state = Mutex(State())

  /// Creates the model in its initial state.
  public init() {}

  /// True once a Shutdown call was accepted.
  public var shutdownRequested: Bool { state.withLock { $0.shutdownRequested } }
  /// How many Shutdown calls reached the mod (accepted or not).
  public var shutdownCalls: Int { state.withLock { $0.shutdownCalls } }

  /// Makes the engine "running" again, as if restarted (for tests that need a fresh accept).
  public func reset() {
    state.withLock { $0 = State() }
  }

  /// `Lifecycle.Shutdown`: true the first time, false while a shutdown is already running.
  func requestShutdown() -> Bool {
    state.withLock { state in
      state.shutdownCalls += 1
      if state.shutdownRequested { return false }
      state.shutdownRequested = true
      return true
    }
  }
}
