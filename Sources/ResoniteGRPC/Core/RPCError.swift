/// The one error type of a failed gRPC call: a status code, a message a person can act on,
/// the trailing metadata the server sent, and the underlying cause when there is one.
///
/// ```swift
/// do {
///   let reply = try await channel.unaryRaw(MethodDescriptor(service: "pkg.Service", method: "Method"), request: bytes)
///   print(reply.message.count)
/// } catch where error.code == .unavailable {
///   // The socket is missing, refused the connection, or the server went away.
///   print(error.cause ?? error)
/// }
/// ```
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The status code. Never ``StatusCode/ok``.
  public var code: StatusCode
  /// The message: the server's decoded `grpc-message`, or one this library wrote.
  public var message: String
  /// Trailing metadata from the server (without `grpc-status` and `grpc-message`).
  public var metadata: Metadata
  /// What caused the error on this side: a ``ConnectionFailure`` when the socket or the
  /// connection failed (it keeps the kind, the path and the errno of a failed connect).
  public var cause: (any Error & Sendable)?

  /// Creates an error.
  public init(code: StatusCode, message: String, metadata: Metadata = Metadata(), cause: (any Error & Sendable)? = nil)
  {
    self.code = code
    self.message = message
    self.metadata = metadata
    self.cause = cause
  }

  /// Reads like `UNAVAILABLE: connect(/tmp/x.sock) failed (cause: ...)`.
  public var description: String {
    var text = "\(code.name): \(message)"
    if let cause { text += " (cause: \(cause))" }
    return text
  }

  public static func == (lhs: RPCError, rhs: RPCError) -> Bool {
    lhs.code == rhs.code && lhs.message == rhs.message && lhs.metadata == rhs.metadata
      && String(describing: lhs.cause) == String(describing: rhs.cause)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(code)
    hasher.combine(message)
    hasher.combine(metadata)
  }
}
