/// ``waitForReady(socketPath:timeout:interval:configuration:)`` ran out of time.
public struct TimeoutError: Error, Sendable, CustomStringConvertible {
  /// The timeout that passed.
  public var timeout: Duration
  /// The error of the last attempt, the reason the server was not ready.
  public var lastError: (any Error & Sendable)?
  /// How many attempts were made.
  public var attempts: Int

  /// Creates an error.
  public init(timeout: Duration, lastError: (any Error & Sendable)?, attempts: Int) {
    self.timeout = timeout
    self.lastError = lastError
    self.attempts = attempts
  }

  public var description: String {
    let last = lastError.map { "\($0)" } ?? "no attempt finished"
    return
      "Resonite IO was not ready within \(timeout) (\(attempts) attempt\(attempts == 1 ? "" : "s")); last error: \(last)"
  }
}
