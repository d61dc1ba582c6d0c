/// Names one RPC method: `/package.Service/Method` on the wire.
public struct MethodDescriptor: Sendable, Hashable, CustomStringConvertible {
  /// The fully qualified service, for example `resonite_io.v1.Connection`.
  public var service: String
  /// The method, for example `Ping`.
  public var method: String

  /// Creates a descriptor.
  public init(service: String, method: String) {
    self.service = service
    self.method = method
  }

  /// The `:path` header value, `/service/method` (case-sensitive).
  public var path: String { "/\(service)/\(method)" }
  public var description: String { path }
}
