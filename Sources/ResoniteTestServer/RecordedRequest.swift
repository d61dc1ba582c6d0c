public import ResoniteHTTP2

/// A request the server received, recorded when its header block was complete.
public struct RecordedRequest: Sendable, Hashable {
  /// Which accepted connection carried it (1 for the first).
  public var connectionID: Int
  /// Its HTTP/2 stream id.
  public var streamID: Int32
  /// The `:path`, for example `/resonite_io.v1.Connection/Ping`.
  public var path: String
  /// Every header field in arrival order, pseudo-headers included (`:method`, `:scheme`,
  /// `:authority`, `:path`, `te`, `content-type`, `user-agent`, `grpc-timeout`, metadata ...).
  public var headers: [HeaderField]

  /// Creates a record.
  public init(connectionID: Int, streamID: Int32, path: String, headers: [HeaderField]) {
    self.connectionID = connectionID
    self.streamID = streamID
    self.path = path
    self.headers = headers
  }

  /// The first value of header `name` (lower-case), if any.
  public func header(_ name: String) -> String? {
    headers.first { $0.name == name }?.value
  }
}
