import CNGHTTP2

/// An HTTP/2 SETTINGS parameter and its value (RFC 9113, section 6.5.2).
public struct HTTP2Setting: Sendable, Hashable {
  /// The parameter identifier, for example `0x3` for SETTINGS_MAX_CONCURRENT_STREAMS.
  public var id: Int32
  /// The value.
  public var value: UInt32

  /// Creates a setting from a raw identifier and value.
  public init(id: Int32, value: UInt32) {
    self.id = id
    self.value = value
  }

  /// SETTINGS_HEADER_TABLE_SIZE.
  public static func headerTableSize(_ v: UInt32) -> Self {
    Self(id: Int32(NGHTTP2_SETTINGS_HEADER_TABLE_SIZE.rawValue), value: v)
  }
  /// SETTINGS_ENABLE_PUSH (0 or 1).
  public static func enablePush(_ on: Bool) -> Self {
    Self(id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: on ? 1 : 0)
  }
  /// SETTINGS_MAX_CONCURRENT_STREAMS.
  public static func maxConcurrentStreams(_ v: UInt32) -> Self {
    Self(id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: v)
  }
  /// SETTINGS_INITIAL_WINDOW_SIZE: the per-stream receive window this side offers.
  public static func initialWindowSize(_ v: UInt32) -> Self {
    Self(id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: v)
  }
  /// SETTINGS_MAX_FRAME_SIZE (16 384 to 16 777 215).
  public static func maxFrameSize(_ v: UInt32) -> Self {
    Self(id: Int32(NGHTTP2_SETTINGS_MAX_FRAME_SIZE.rawValue), value: v)
  }
  /// SETTINGS_MAX_HEADER_LIST_SIZE.
  public static func maxHeaderListSize(_ v: UInt32) -> Self {
    Self(id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), value: v)
  }
}
