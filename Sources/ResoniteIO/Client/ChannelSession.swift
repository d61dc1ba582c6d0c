import Foundation
import ResoniteGRPC
import Synchronization

/// The connection machinery shared by ``ResoniteClient`` and ``ConnectionClient``: resolve the
/// socket when connecting (not before), open one channel, run the version probe once per
/// process within a time limit, hand the channel to calls, close it.
final class ChannelSession: Sendable {
  private let requestedPath: String?
  private let configuration: ChannelConfiguration
  private let environment: [String: String]?
  private let homeDirectory: String?
  private let probeTimeout: Duration
  private let state = Mutex<State>(State())

  private struct State: ~Copyable {
    var channel: GRPCChannel?
    var resolvedPath: String?
  }

  init(
    socketPath: String?, configuration: ChannelConfiguration, environment: [String: String]?, homeDirectory: String?,
    probeTimeout: Duration
  ) {
    self.requestedPath = socketPath
    self.configuration = configuration
    self.environment = environment
    self.homeDirectory = homeDirectory
    self.probeTimeout = probeTimeout
  }

  var socketPath: String? { state.withLock { $0.resolvedPath } }
  var isConnected: Bool { state.withLock { $0.channel != nil } }
  /// How long a close lets open calls finish.
  var closeGracePeriod: Duration { configuration.closeGracePeriod }

  /// Resolves, connects and probes; does nothing while connected.
  ///
  /// - Parameter timeout: bounds the whole connect, the version probe included; nil leaves the
  ///   probe its own limit (``probeTimeout``).
  func connect(timeout: Duration?) async throws {
    if isConnected { return }
    let started = ContinuousClock.now
    let path =
      try requestedPath
      ?? resolveSocketPath(
        environment: environment ?? ProcessInfo.processInfo.environment, homeDirectory: homeDirectory)
    let channel = GRPCChannel(socketPath: path, configuration: configuration)
    try channel.connect()
    let installed: Bool = state.withLock { state in
      guard state.channel == nil else { return false }
      state.channel = channel
      state.resolvedPath = path
      return true
    }
    guard installed else {
      await channel.close()
      return
    }
    var limit = probeTimeout
    if let timeout { limit = min(limit, timeout - (ContinuousClock.now - started)) }
    await VersionProbe.shared.runIfArmed(on: channel, timeout: limit)
  }

  func close() async {
    let channel = state.withLock { state in
      defer { state.channel = nil }
      return state.channel
    }
    await channel?.close()
  }

  /// The open channel.
  /// - Throws: `error` when not connected.
  func channel(orThrow error: @autoclosure () -> any Error) throws -> GRPCChannel {
    guard let channel = state.withLock({ $0.channel }) else { throw error() }
    return channel
  }
}
