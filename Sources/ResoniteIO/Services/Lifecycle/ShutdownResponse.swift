/// The mod's answer to ``LifecycleClient/shutdown(options:)`` (the reference returns the wire
/// `ShutdownResponse`; this is the same one field as a Swift value).
public struct ShutdownResponse: Sendable, Hashable {
  /// True when this call scheduled the shutdown; false when the engine was already shutting
  /// down (the call was then a no-op).
  public var accepted: Bool

  /// Creates a response.
  public init(accepted: Bool) {
    self.accepted = accepted
  }
}
