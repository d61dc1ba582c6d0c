public import ResoniteGRPC

/// One RPC of the contract as the generator saw it: its descriptor, its call shape and the full
/// proto names of its messages. ``ResoniteIOServiceCatalog/methods`` lists all of them.
public struct RPCMethodInfo: Sendable, Hashable {
  /// The call shape, from the `stream` markers of the RPC's declaration.
  public enum Shape: String, Sendable, Hashable {
    /// One request, one response.
    case unary
    /// One request, a stream of responses.
    case serverStreaming
    /// A stream of requests, one response.
    case clientStreaming
    /// Streams both ways.
    case bidirectionalStreaming
  }

  /// The method's service and name (its path is `/service/method`).
  public let descriptor: MethodDescriptor
  /// The call shape.
  public let shape: Shape
  /// The request message's full proto name, for example `resonite_io.v1.PingRequest`.
  public let requestType: String
  /// The response message's full proto name.
  public let responseType: String

  /// Creates an entry (the generated catalog does).
  public init(_ descriptor: MethodDescriptor, shape: Shape, requestType: String, responseType: String) {
    self.descriptor = descriptor
    self.shape = shape
    self.requestType = requestType
    self.responseType = responseType
  }
}
