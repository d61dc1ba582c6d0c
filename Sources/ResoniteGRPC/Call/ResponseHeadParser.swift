import ResoniteHTTP2

/// Follows the header blocks of one response: skips 1xx blocks, checks the final headers,
/// and reads the status from the trailers or from a Trailers-Only response.
///
/// Shared by every call shape: it knows nothing of messages.
struct ResponseHeadParser {
  /// The status a response ended with and the trailing metadata around it.
  struct ReceivedStatus: Sendable, Hashable {
    var status: Status
    /// Custom metadata of the trailers (or of a Trailers-Only response).
    var metadata: Metadata
    var code: StatusCode { status.code }
    var message: String { status.message }
  }

  /// The final response headers have arrived.
  private(set) var sawHeaders = false
  /// Custom metadata from the response headers.
  private(set) var initialMetadata = Metadata()
  /// Set when a status is known: from trailers, Trailers-Only, or a protocol violation.
  private(set) var status: ReceivedStatus?
  /// Set when the response headers are not a gRPC response; the call should be reset.
  private(set) var violation: RPCError?
  /// The status the HTTP `:status` maps to, when it is not 200; `grpc-status` still wins.
  private var httpFallback: RPCError?

  /// The status to use when the stream ended with no `grpc-status`.
  var statusWithoutTrailers: RPCError {
    if let httpFallback { return httpFallback }
    if !sawHeaders {
      return RPCError(code: .internalError, message: "the server closed the stream without sending a response")
    }
    return RPCError(code: .unknown, message: "the server ended the stream without a grpc-status (no trailers)")
  }

  /// Takes one complete header block.
  mutating func take(_ fields: [HeaderField], endStream: Bool) {
    if sawHeaders {
      guard endStream else {
        violation = RPCError(
          code: .internalError, message: "the server sent a second header block that does not end the stream")
        return
      }
      readStatus(fields, isTrailersOnly: false)
      return
    }

    var httpStatus: Int?
    var contentType: String?
    for field in fields {
      if field.name == GRPCHeaderName.status {
        httpStatus = Int(field.value)
      } else if field.name == GRPCHeaderName.contentType {
        contentType = field.value
      }
    }
    guard let httpStatus else {
      violation = RPCError(code: .internalError, message: "the server's response has no valid :status")
      return
    }
    if (100..<200).contains(httpStatus) && !endStream { return }  // informational: the final block follows
    sawHeaders = true

    if httpStatus != 200 {
      httpFallback = RPCError(
        code: StatusInterpretation.code(forHTTPStatus: httpStatus),
        message: "the server answered HTTP status \(httpStatus) without a gRPC status"
          + (contentType.map { " (content-type \($0))" } ?? ""))
    } else if let contentType, !StatusInterpretation.isGRPCContentType(contentType) {
      httpFallback = RPCError(
        code: .internalError,
        message: "the server is not a gRPC server: content-type is \"\(contentType)\", not application/grpc")
    } else if contentType == nil {
      httpFallback = RPCError(code: .internalError, message: "the server's response has no content-type header")
    }

    if endStream {
      readStatus(fields, isTrailersOnly: true)
    } else {
      if let httpFallback { violation = httpFallback }
      initialMetadata = MetadataCoding.decode(fields)
    }
  }

  private mutating func readStatus(_ fields: [HeaderField], isTrailersOnly: Bool) {
    var statusValue: String?
    var message = ""
    for field in fields {
      if field.name == GRPCHeaderName.grpcStatus {
        statusValue = field.value
      } else if field.name == GRPCHeaderName.grpcMessage {
        message = PercentEncoding.decode(field.value)
      }
    }
    let metadata = MetadataCoding.decode(fields)
    if let statusValue {
      status = ReceivedStatus(
        status: StatusInterpretation.parseStatus(statusValue, message: message), metadata: metadata)
    } else {
      var error = statusWithoutTrailers
      error.metadata = metadata
      if isTrailersOnly && httpFallback == nil {
        error = RPCError(
          code: .unknown, message: "the server's Trailers-Only response has no grpc-status", metadata: metadata)
      }
      status = ReceivedStatus(status: error.status, metadata: metadata)
    }
  }
}
