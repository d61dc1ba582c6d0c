/// The mod's echo of a Reset (the reference client's `ResetSummary`): the flags after the
/// mod expanded an all-false request to all true, not whether the engine applied them yet
/// (that happens on its next tick).
public struct LocomotionResetSummary: Sendable, Hashable {
  /// Movement reset: move_forward, move_right, move_up 0 and velocity 1.
  public var move: Bool
  /// Look reset: both rates 0.
  public var look: Bool
  /// Crouch reset to 0.
  public var crouch: Bool
  /// A pending jump pulse dropped.
  public var jump: Bool
  /// The server's wall clock, in nanoseconds since the Unix epoch.
  public var unixNanos: Int64

  /// Creates a summary.
  public init(move: Bool, look: Bool, crouch: Bool, jump: Bool, unixNanos: Int64) {
    self.move = move
    self.look = look
    self.crouch = crouch
    self.jump = jump
    self.unixNanos = unixNanos
  }
}
