/// One HTTP/2 header field: a lower-case name and a value.
///
/// Pseudo-header fields (`:status`, `:path`, ...) are ordinary fields whose name starts with `:`.
public struct HeaderField: Sendable, Hashable, CustomStringConvertible {
  /// The field name. nghttp2 lower-cases names it sends.
  public var name: String
  /// The field value.
  public var value: String

  /// Creates a field.
  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }

  public var description: String { "\(name): \(value)" }
}

/// Which kind of header block a field belongs to, from nghttp2's `nghttp2_headers_category`.
public enum HeaderCategory: Sendable, Hashable {
  /// The first block of a request (server side).
  case request
  /// The first block of a response; it may be a 1xx informational response.
  case response
  /// The first block of a pushed response.
  case pushResponse
  /// Any later block: a final response after a 1xx, or trailers.
  case headers
}
