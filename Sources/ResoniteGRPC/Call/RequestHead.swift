import ResoniteHTTP2

/// Builds a request's header block in the order gRPC asks for: pseudo-headers, then
/// `grpc-timeout`, then the call-definition headers, then custom metadata.
enum RequestHead {
  static func fields(
    path: String, authority: String, userAgent: String, timeout: GRPCTimeout?, metadata: Metadata
  ) throws(RPCError) -> [HeaderField] {
    // Sized once: growing from a literal would allocate twice per call.
    var fields: [HeaderField] = []
    fields.reserveCapacity(8 + metadata.count)
    fields.append(HeaderField(GRPCHeaderName.method, "POST"))
    fields.append(HeaderField(GRPCHeaderName.scheme, "http"))
    fields.append(HeaderField(GRPCHeaderName.path, path))
    fields.append(HeaderField(GRPCHeaderName.authority, authority))
    if let timeout { fields.append(HeaderField(GRPCHeaderName.timeout, timeout.headerValue)) }
    fields.append(HeaderField(GRPCHeaderName.contentType, GRPCHeaderValue.contentType))
    fields.append(HeaderField(GRPCHeaderName.te, GRPCHeaderValue.trailers))
    fields.append(HeaderField(GRPCHeaderName.userAgent, userAgent))
    if !metadata.isEmpty { try MetadataCoding.encode(metadata, into: &fields) }
    return fields
  }
}
