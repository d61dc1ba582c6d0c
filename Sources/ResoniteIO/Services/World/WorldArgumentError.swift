/// A world call refused on the client, before any RPC was sent.
public enum WorldArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
  /// ``WorldClient/join(sessionID:url:focus:options:)`` needs exactly one of a session id and
  /// a URL: it was given both, or neither (the reference client raises `ValueError`).
  case joinNeedsExactlyOneOfSessionIDOrURL

  public var description: String {
    switch self {
    case .joinNeedsExactlyOneOfSessionIDOrURL: "join requires exactly one of sessionID or url"
    }
  }
}
