/// The header names gRPC uses, in one place.
public enum GRPCHeaderName {
  public static let method = ":method"
  public static let scheme = ":scheme"
  public static let path = ":path"
  public static let authority = ":authority"
  public static let status = ":status"
  public static let te = "te"
  public static let contentType = "content-type"
  public static let userAgent = "user-agent"
  public static let timeout = "grpc-timeout"
  public static let encoding = "grpc-encoding"
  public static let acceptEncoding = "grpc-accept-encoding"
  public static let grpcStatus = "grpc-status"
  public static let grpcMessage = "grpc-message"
  public static let statusDetails = "grpc-status-details-bin"
}

/// Header values gRPC uses.
public enum GRPCHeaderValue {
  /// `application/grpc`, the content type of every gRPC request and response.
  public static let contentType = "application/grpc"
  /// `trailers`, the only `te` value HTTP/2 allows.
  public static let trailers = "trailers"
}
