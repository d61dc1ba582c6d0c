import CNGHTTP2

/// An error code returned by a libnghttp2 function (one of `nghttp2_error`, always negative).
///
/// The description is nghttp2's own text (`nghttp2_strerror`) together with the function that
/// failed, for example `nghttp2_session_mem_recv: Protocol error (-505)`.
public struct NGHTTP2Error: Error, Sendable, Hashable, CustomStringConvertible {
  /// The raw nghttp2 error code, for example `-505` (`NGHTTP2_ERR_PROTO`).
  public let code: Int32
  /// The nghttp2 function that returned the code.
  public let function: String

  /// Creates an error for `code` returned by `function`.
  public init(code: Int32, function: String) {
    self.code = code
    self.function = function
  }

  /// nghttp2's explanation of the code (`nghttp2_strerror`).
  public var reason: String { String(cString: nghttp2_strerror(code)) }

  /// True for codes nghttp2 calls fatal: the session can no longer be used.
  public var isFatal: Bool { code < NGHTTP2_ERR_FATAL.rawValue }

  public var description: String { "\(function): \(reason) (\(code))" }

  /// Throws when an nghttp2 call returned a negative value; returns the value otherwise.
  @inlinable @discardableResult
  static func check<T: BinaryInteger>(_ result: T, _ function: String) throws(NGHTTP2Error) -> T {
    if result < 0 { throw NGHTTP2Error(code: Int32(truncatingIfNeeded: result), function: function) }
    return result
  }

  /// `NGHTTP2_ERR_INVALID_ARGUMENT`.
  public static let invalidArgument = NGHTTP2_ERR_INVALID_ARGUMENT.rawValue
  /// `NGHTTP2_ERR_STREAM_CLOSED`.
  public static let streamClosed = NGHTTP2_ERR_STREAM_CLOSED.rawValue
  /// `NGHTTP2_ERR_START_STREAM_NOT_ALLOWED`: no new stream may be opened (GOAWAY seen or sent).
  public static let startStreamNotAllowed = NGHTTP2_ERR_START_STREAM_NOT_ALLOWED.rawValue
  /// `NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE`: stream ids are exhausted on this connection.
  public static let streamIDNotAvailable = NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE.rawValue
}
