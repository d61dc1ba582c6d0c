import ResoniteGRPC
import ResoniteHTTP2

/// The header blocks of gRPC responses.
enum ResponseHeaders {
  /// The response head before the message: `:status 200`, `content-type: application/grpc`.
  static let head: [HeaderField] = [
    HeaderField(GRPCHeaderName.status, "200"),
    HeaderField(GRPCHeaderName.contentType, GRPCHeaderValue.contentType),
  ]

  /// The trailers after a successful response: `grpc-status: 0` and `metadata`.
  static func okTrailers(_ metadata: Metadata) -> [HeaderField] {
    var fields = [HeaderField(GRPCHeaderName.grpcStatus, "0")]
    MetadataFields.append(metadata, to: &fields)
    return fields
  }

  /// A Trailers-Only error response: the head, `grpc-status`, the percent-encoded
  /// `grpc-message` (when not empty) and the failure's metadata, in one block.
  static func trailersOnly(_ failure: CallFailure) -> [HeaderField] {
    var fields = head
    fields.append(HeaderField(GRPCHeaderName.grpcStatus, String(failure.code.rawValue)))
    if !failure.message.isEmpty {
      fields.append(HeaderField(GRPCHeaderName.grpcMessage, PercentEncoding.encode(failure.message)))
    }
    MetadataFields.append(failure.trailingMetadata, to: &fields)
    return fields
  }
}
