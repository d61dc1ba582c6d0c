import ResoniteHTTP2

/// Everything a ``RawClient`` saw on one stream.
struct RawResponse {
  /// The first header block (`:status`, `content-type`, and for Trailers-Only the status too).
  var headers: [HeaderField] = []
  /// True when the first header block carried END_STREAM (Trailers-Only).
  var headersEndedStream = false
  /// The trailing header block, if any.
  var trailers: [HeaderField] = []
  /// Every DATA byte, in order.
  var data: [UInt8] = []
  /// True once the stream closed.
  var closed = false
  /// The close's error code (NO_ERROR for a normal end, REFUSED_STREAM after GOAWAY ...).
  var closeCode: HTTP2ErrorCode?
  /// True when the request's HEADERS could not even be sent.
  var notSent = false

  /// The value of `name` in the trailers, or in the headers for Trailers-Only.
  func status(_ name: String) -> String? {
    (trailers + headers).first { $0.name == name }?.value
  }

  /// The `grpc-status` as a number.
  var grpcStatus: Int? { status("grpc-status").flatMap { Int($0) } }
  /// The raw (still percent-encoded) `grpc-message`.
  var rawGRPCMessage: String? { status("grpc-message") }

  /// The length-prefixed messages in ``data``.
  var messages: [[UInt8]] {
    var result: [[UInt8]] = []
    var index = 0
    while index + 5 <= data.count {
      let length =
        Int(data[index + 1]) << 24 | Int(data[index + 2]) << 16 | Int(data[index + 3]) << 8
        | Int(data[index + 4])
      guard index + 5 + length <= data.count else { break }
      result.append(Array(data[(index + 5)..<(index + 5 + length)]))
      index += 5 + length
    }
    return result
  }
}
