public import Logging
import ResoniteGRPC
import Synchronization

/// The once-per-process check that the connected mod speaks the contract this client was
/// built for (``ResoniteIOContract/modVersion``).
///
/// On the first successful ``ConnectionClient/connect(timeout:)`` of any client in the process, it
/// calls `Info.GetServerInfo` once and logs a warning through swift-log when the mod's version
/// differs, naming both versions and where a matching mod is; `UNIMPLEMENTED` logs that the mod
/// is too old to have the Info service. It never throws and never fails the connect.
///
/// Any answer from the server disarms it. A connection-level failure (the call could not reach
/// the server, or timed out) leaves it armed, so a later connect tries again.
/// ``waitForReady(socketPath:timeout:interval:configuration:)`` never fires it.
public final class VersionProbe: Sendable {
  /// The process-wide probe.
  public static let shared = VersionProbe()

  /// How long the probe's call may take by default before it gives up (and stays armed):
  /// 5 seconds. ``ResoniteClient`` and ``ConnectionClient`` take their own limit
  /// (`probeTimeout`), and a connect's own timeout bounds it further.
  public static let defaultTimeout: Duration = .seconds(5)

  /// The default limit of the probe's call (``defaultTimeout``).
  @available(*, deprecated, renamed: "defaultTimeout")
  public static var callTimeout: Duration { defaultTimeout }

  private struct State {
    var armed = true
    var running = false
    var logger = Logger(label: "resonite-io")
  }
  private let state = Mutex(State())

  private init() {}

  /// True until the probe has had an answer from a server.
  public var isArmed: Bool { state.withLock { $0.armed } }

  /// The logger warnings go to; `Logger(label: "resonite-io")` by default.
  public var logger: Logger {
    get { state.withLock { $0.logger } }
    set { state.withLock { $0.logger = newValue } }
  }

  /// Re-arms the probe, as if no client had connected yet in this process. For tests.
  public func reset() {
    state.withLock {
      $0.armed = true
      $0.running = false
    }
  }

  /// Runs the probe on `channel` unless it already ran (or is running) in this process.
  ///
  /// - Parameter timeout: how long the call may take; zero or less skips the probe (it stays
  ///   armed).
  func runIfArmed(on channel: GRPCChannel, timeout: Duration = VersionProbe.defaultTimeout) async {
    guard timeout > .zero else { return }
    let go: Bool = state.withLock { state in
      guard state.armed, !state.running else { return false }
      state.running = true
      return true
    }
    guard go else { return }
    let logger = self.logger
    var disarm = true
    do {
      let info = try await ServerInfoQuery.fetch(on: channel, timeout: timeout)
      if info.modVersion != ResoniteIOContract.modVersion {
        logger.warning(
          """
          Resonite IO mod version mismatch: the server runs mod \(info.modVersion), but this client \
          (resonite-io-swift \(ResoniteIOContract.clientVersion)) speaks mod \(ResoniteIOContract.modVersion). \
          Some calls may fail; get a matching mod from \(ResoniteIOContract.modReleasesHint).
          """,
          metadata: [
            "server_mod_version": "\(info.modVersion)", "client_mod_version": "\(ResoniteIOContract.modVersion)",
          ])
      }
    } catch {
      switch error.code {
      case .unimplemented:
        logger.warning(
          """
          The Resonite IO mod is too old: it has no Info service, so its version cannot be checked. \
          This client speaks mod \(ResoniteIOContract.modVersion); update the mod from \(ResoniteIOContract.modReleasesHint).
          """)
      case .unavailable, .deadlineExceeded, .cancelled:
        disarm = false
      default:
        logger.debug("Resonite IO version probe: the server answered \(error)")
      }
    }
    state.withLock { state in
      state.running = false
      if disarm { state.armed = false }
    }
  }
}
