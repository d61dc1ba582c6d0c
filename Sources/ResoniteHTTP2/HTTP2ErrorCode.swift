import CNGHTTP2

/// An HTTP/2 error code, as carried by RST_STREAM and GOAWAY frames (RFC 9113, section 7).
public struct HTTP2ErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// NO_ERROR (0x0): graceful shutdown, or a stream that ended normally.
  public static let noError = Self(rawValue: NGHTTP2_NO_ERROR.rawValue)
  /// PROTOCOL_ERROR (0x1).
  public static let protocolError = Self(rawValue: NGHTTP2_PROTOCOL_ERROR.rawValue)
  /// INTERNAL_ERROR (0x2).
  public static let internalError = Self(rawValue: NGHTTP2_INTERNAL_ERROR.rawValue)
  /// FLOW_CONTROL_ERROR (0x3).
  public static let flowControlError = Self(rawValue: NGHTTP2_FLOW_CONTROL_ERROR.rawValue)
  /// SETTINGS_TIMEOUT (0x4).
  public static let settingsTimeout = Self(rawValue: NGHTTP2_SETTINGS_TIMEOUT.rawValue)
  /// STREAM_CLOSED (0x5).
  public static let streamClosed = Self(rawValue: NGHTTP2_STREAM_CLOSED.rawValue)
  /// FRAME_SIZE_ERROR (0x6).
  public static let frameSizeError = Self(rawValue: NGHTTP2_FRAME_SIZE_ERROR.rawValue)
  /// REFUSED_STREAM (0x7): the peer did not process the stream; safe to retry.
  public static let refusedStream = Self(rawValue: NGHTTP2_REFUSED_STREAM.rawValue)
  /// CANCEL (0x8).
  public static let cancel = Self(rawValue: NGHTTP2_CANCEL.rawValue)
  /// COMPRESSION_ERROR (0x9).
  public static let compressionError = Self(rawValue: NGHTTP2_COMPRESSION_ERROR.rawValue)
  /// CONNECT_ERROR (0xa).
  public static let connectError = Self(rawValue: NGHTTP2_CONNECT_ERROR.rawValue)
  /// ENHANCE_YOUR_CALM (0xb).
  public static let enhanceYourCalm = Self(rawValue: NGHTTP2_ENHANCE_YOUR_CALM.rawValue)
  /// INADEQUATE_SECURITY (0xc).
  public static let inadequateSecurity = Self(rawValue: NGHTTP2_INADEQUATE_SECURITY.rawValue)
  /// HTTP_1_1_REQUIRED (0xd).
  public static let http11Required = Self(rawValue: NGHTTP2_HTTP_1_1_REQUIRED.rawValue)

  public var description: String {
    switch self {
    case .noError: "NO_ERROR"
    case .protocolError: "PROTOCOL_ERROR"
    case .internalError: "INTERNAL_ERROR"
    case .flowControlError: "FLOW_CONTROL_ERROR"
    case .settingsTimeout: "SETTINGS_TIMEOUT"
    case .streamClosed: "STREAM_CLOSED"
    case .frameSizeError: "FRAME_SIZE_ERROR"
    case .refusedStream: "REFUSED_STREAM"
    case .cancel: "CANCEL"
    case .compressionError: "COMPRESSION_ERROR"
    case .connectError: "CONNECT_ERROR"
    case .enhanceYourCalm: "ENHANCE_YOUR_CALM"
    case .inadequateSecurity: "INADEQUATE_SECURITY"
    case .http11Required: "HTTP_1_1_REQUIRED"
    default: "0x\(String(rawValue, radix: 16))"
    }
  }
}
