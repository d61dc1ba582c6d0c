/// Names one RPC method: `/package.Service/Method` on the wire.
public struct MethodDescriptor: Sendable, Hashable, CustomStringConvertible {
  /// The fully qualified service, for example `resonite_io.v1.Connection`.
  public var service: String { didSet { path = Self.path(service, method) } }
  /// The method, for example `Ping`.
  public var method: String { didSet { path = Self.path(service, method) } }
  /// The `:path` header value, `/service/method` (case-sensitive). Kept, not computed per
  /// call: every call sends it.
  public private(set) var path: String

  /// Creates a descriptor.
  public init(service: String, method: String) {
    self.service = service
    self.method = method
    self.path = Self.path(service, method)
  }

  private static func path(_ service: String, _ method: String) -> String { "/\(service)/\(method)" }
  public var description: String { path }
}
