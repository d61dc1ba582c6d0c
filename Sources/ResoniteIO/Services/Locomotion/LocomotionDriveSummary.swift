/// What the mod reports when a Drive stream ends gracefully (the reference client's
/// `DriveSummary`).
public struct LocomotionDriveSummary: Sendable, Hashable {
  /// Commands received.
  public var receivedCount: Int64
  /// Always 0 on the mod (reserved for a non-blocking bridge; commands are applied serially).
  public var droppedCount: Int64
  /// The server's wall clock when the stream completed, in nanoseconds since the Unix epoch.
  public var unixNanos: Int64

  /// Creates a summary.
  public init(receivedCount: Int64, droppedCount: Int64, unixNanos: Int64) {
    self.receivedCount = receivedCount
    self.droppedCount = droppedCount
    self.unixNanos = unixNanos
  }
}
