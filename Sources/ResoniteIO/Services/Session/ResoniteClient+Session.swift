extension ResoniteClient {
  /// The `Session` service: the focused session's settings, its users and their moderation,
  /// and its permission roles. Calls share this client's connection.
  public var session: SessionClient { SessionClient(client: self) }
}
