/// The outcome of a unary or client-streaming call: the response message and the metadata
/// around it.
public struct UnaryResponse<Message: Sendable>: Sendable {
  /// The response message.
  public var message: Message
  /// Custom metadata from the response headers.
  public var initialMetadata: Metadata
  /// Custom metadata from the trailers.
  public var trailingMetadata: Metadata
}
