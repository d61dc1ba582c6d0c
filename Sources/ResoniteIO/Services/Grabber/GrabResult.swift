import ResoniteIOMessages

/// The outcome of ``GrabberClient/grab(hand:radius:options:)`` (the reference client's
/// `GrabResult`).
public struct GrabResult: Sendable, Hashable {
  /// True only when this call grabbed something new. A miss (the cursor ray hits nothing, or
  /// nothing grabbable is in range) is false, not an error.
  public var grabbed: Bool
  /// The hand's state after the call.
  public var state: GrabState

  /// Creates a result.
  public init(grabbed: Bool, state: GrabState) {
    self.grabbed = grabbed
    self.state = state
  }
}

extension GrabResult {
  /// A reply without a state decodes as the default state (as the reference does).
  init(_ wire: ResoniteIo_V1_GrabberGrabResult, method: String) throws(UnexpectedReplyError) {
    self.init(grabbed: wire.grabbed, state: try GrabState(wire.state, method: method))
  }
}
