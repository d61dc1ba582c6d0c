/// What the mod reports when a microphone stream ends gracefully (the reference client's
/// `MicrophoneStreamSummary`).
public struct MicrophoneStreamSummary: Sendable, Hashable {
  /// Chunks received.
  public var receivedFrames: Int64
  /// Samples received (from the chunks' byte lengths; `sample_count` is ignored by the mod).
  public var receivedSamples: Int64
  /// Always 0 on the mod: the ring buffer's overflow is not reported (despite what the
  /// reference client's docstring says).
  public var droppedFrames: Int64
  /// The server's wall clock when the stream completed, in nanoseconds since the Unix epoch.
  public var unixNanos: Int64

  /// Creates a summary.
  public init(receivedFrames: Int64, receivedSamples: Int64, droppedFrames: Int64, unixNanos: Int64) {
    self.receivedFrames = receivedFrames
    self.receivedSamples = receivedSamples
    self.droppedFrames = droppedFrames
    self.unixNanos = unixNanos
  }
}
