/// How an ``HTTP2Connection`` sets up its HTTP/2 session.
public struct ConnectionConfiguration: Sendable, Hashable {
  /// SETTINGS_INITIAL_WINDOW_SIZE: how much one stream may send before we acknowledge it.
  /// Large by default so that messages of tens of MiB flow without waiting on WINDOW_UPDATE.
  public var initialStreamWindowSize: UInt32 = 16 << 20
  /// The connection-level receive window.
  public var connectionWindowSize: Int32 = 64 << 20
  /// SETTINGS_MAX_HEADER_LIST_SIZE announced to the peer: the largest header block we accept.
  public var maxHeaderListSize: UInt32 = 64 << 10
  /// SETTINGS_MAX_FRAME_SIZE: the largest DATA frame the peer may send us.
  public var maxFrameSize: UInt32 = 1 << 20
  /// How long ``HTTP2Connection/close(gracePeriod:)`` lets open streams finish by default.
  public var closeGracePeriod: Duration = .seconds(5)

  /// The default configuration.
  public init() {}
}
