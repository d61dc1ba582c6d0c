import Foundation
import ResoniteGRPC
import ResoniteIOStubs

/// Waits until a Resonite IO server answers Ping, and returns its socket path.
///
/// Each attempt resolves the socket (when `socketPath` is nil, so a socket that appears
/// mid-wait is found and stale ones are skipped), opens a fresh connection, pings `"wait"`,
/// and closes. It does not fire the version probe.
///
/// - Retried: no socket found (``SocketNotFoundError``); connect and connection errors from the
///   OS (no such file, connection refused, connection reset, the server closing the connection);
///   `FAILED_PRECONDITION`, which the mod answers while the engine is still starting.
/// - Thrown at once: ``AmbiguousSocketError``, and any other gRPC status.
///
/// - Parameters:
///   - socketPath: the socket to wait for; nil resolves it from the environment at each attempt.
///   - timeout: nil waits forever; zero or less makes exactly one attempt; otherwise a
///     ``TimeoutError`` is thrown once it has passed. The sleep between attempts is clamped so
///     the wait never overshoots it.
///   - interval: the pause between attempts.
///   - configuration: the settings of each attempt's channel (for example
///     `ChannelConfiguration.trustAnyPeer`).
/// - Returns: the socket path that answered.
/// - Throws: ``TimeoutError`` (naming the timeout and the last attempt's error),
///   ``AmbiguousSocketError``, `RPCError` for a status that is not retried, or
///   `CancellationError` when the task is cancelled (promptly, also mid-sleep).
public func waitForReady(
  socketPath: String? = nil, timeout: Duration? = nil, interval: Duration = .milliseconds(100),
  configuration: ChannelConfiguration = ChannelConfiguration()
) async throws -> String {
  try await ReadinessWaiter(
    socketPath: socketPath, timeout: timeout, interval: interval,
    environment: ProcessInfo.processInfo.environment, homeDirectory: nil, configuration: configuration
  ).wait()
}

/// ``waitForReady(socketPath:timeout:interval:configuration:)`` with the environment and home directory
/// given instead of read from the process (for tests and embedding).
public func waitForReady(
  socketPath: String? = nil, timeout: Duration? = nil, interval: Duration = .milliseconds(100),
  configuration: ChannelConfiguration = ChannelConfiguration(), environment: [String: String], homeDirectory: String?
) async throws -> String {
  try await ReadinessWaiter(
    socketPath: socketPath, timeout: timeout, interval: interval, environment: environment,
    homeDirectory: homeDirectory, configuration: configuration
  ).wait()
}

/// The retry loop behind ``waitForReady(socketPath:timeout:interval:configuration:)``.
struct ReadinessWaiter {
  let socketPath: String?
  let timeout: Duration?
  let interval: Duration
  let environment: [String: String]
  let homeDirectory: String?
  let configuration: ChannelConfiguration

  func wait() async throws -> String {
    let clock = ContinuousClock()
    let deadline = timeout.map { clock.now.advanced(by: $0) }
    var attempts = 0
    while true {
      try Task.checkCancellation()
      attempts += 1
      let lastError: any Error & Sendable
      // When this attempt's own call timer ends; nil while no call has been started.
      var callDeadline: ContinuousClock.Instant?
      do {
        let path = try socketPath ?? resolveSocketPath(environment: environment, homeDirectory: homeDirectory)
        // A single attempt (timeout <= 0) still gets a moment to hear the answer.
        let callTimeout = deadline.map { max(clock.now.duration(to: $0), .milliseconds(250)) }
        callDeadline = callTimeout.map { clock.now.advanced(by: $0) }
        try await attempt(path: path, callTimeout: callTimeout)
        return path
      } catch {
        if Task.isCancelled { throw CancellationError() }
        let ownTimerEnded = callDeadline.map { clock.now >= $0 } ?? false
        guard Self.isRetryable(error, ownTimerEnded: ownTimerEnded) else { throw error }
        lastError = error
      }
      guard let deadline, let timeout else {
        try await Task.sleep(for: interval)
        continue
      }
      let remaining = clock.now.duration(to: deadline)
      if timeout <= .zero || remaining <= .zero {
        throw TimeoutError(timeout: timeout, lastError: lastError, attempts: attempts)
      }
      try await Task.sleep(for: min(interval, remaining))
    }
  }

  private func attempt(path: String, callTimeout: Duration?) async throws {
    let channel = GRPCChannel(socketPath: path, configuration: configuration)
    do {
      var request = ResoniteIo_V1_PingRequest()
      request.message = "wait"
      _ = try await ResoniteIo_V1_ConnectionStub(channel: channel).ping(
        request, options: CallOptions(timeout: callTimeout))
      await channel.close(gracePeriod: .zero)
    } catch {
      await channel.close(gracePeriod: .zero)
      throw error
    }
  }

  /// The retry rule of the reference client. `ownTimerEnded` says whether the attempt's own
  /// call timeout (the wait's deadline) had passed when the error arrived.
  static func isRetryable(_ error: any Error, ownTimerEnded: Bool) -> Bool {
    if error is SocketNotFoundError { return true }
    guard let rpc = error as? RPCError else { return false }
    switch rpc.code {
    case .failedPrecondition:
      return true
    case .deadlineExceeded:
      // Retried (and the loop then ends with a TimeoutError naming it) only when this side's
      // own timer, set to the wait's deadline, had run out; a server that answers
      // DEADLINE_EXCEEDED of its own accord sent "any other gRPC status", which propagates.
      // A server honouring the grpc-timeout answers no earlier than that timer (it is rounded up).
      return ownTimerEnded
    case .unavailable:
      // Retried only when the OS said so (connect or connection errors), not when a server
      // chose to answer UNAVAILABLE.
      guard let failure = rpc.cause as? ConnectionFailure else { return false }
      switch failure.kind {
      case .notFound, .refused, .busy, .broken, .notASocket:
        // Like the reference, which retries every OSError, but a path that can never fit a
        // socket address fails at once. Something other than a socket at the path (which the
        // reference sees as "connection refused") may still be replaced by the mod's socket.
        return true
      case .closedByPeer, .protocolError, .closed, .goingAway:
        return true
      case .other:
        // A connection that was made and then could not take the call; not a connect error.
        return !failure.whileConnecting
      case .permissionDenied, .pathTooLong, .timedOut, .untrustedPeer:
        return false
      }
    default:
      return false
    }
  }
}
