public import ResoniteGRPC
public import ResoniteHTTP2

/// One complete unary request, as a handler sees it.
public struct UnaryRequest: Sendable {
  /// The RPC path, for example `/resonite_io.v1.Connection/Ping`.
  public var path: String
  /// The request message's bytes (the payload of the one length-prefixed message).
  public var message: [UInt8]
  /// Every request header field in arrival order, pseudo-headers included.
  public var headers: [HeaderField]
  /// The custom metadata among ``headers`` (pseudo-headers, protocol headers and `grpc-`
  /// headers left out; `-bin` values base64-decoded).
  public var metadata: Metadata
  /// The incoming `grpc-timeout`, when the client sent one.
  public var timeout: Duration?
  /// Which accepted connection carried the call (1 for the first).
  public var connectionID: Int
  /// The HTTP/2 stream id of the call.
  public var streamID: Int32

  /// Creates a request (the server builds these; tests may build them to call a handler).
  public init(
    path: String, message: [UInt8], headers: [HeaderField] = [], metadata: Metadata = Metadata(),
    timeout: Duration? = nil, connectionID: Int = 0, streamID: Int32 = 0
  ) {
    self.path = path
    self.message = message
    self.headers = headers
    self.metadata = metadata
    self.timeout = timeout
    self.connectionID = connectionID
    self.streamID = streamID
  }

  /// The first value of header `name` (lower-case), if any.
  public func header(_ name: String) -> String? {
    headers.first { $0.name == name }?.value
  }
}
