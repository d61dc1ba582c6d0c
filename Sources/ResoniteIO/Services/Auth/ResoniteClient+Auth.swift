extension ResoniteClient {
  /// The `Auth` service: Resonite cloud sign-in, sign-out and status. Calls share this
  /// client's connection.
  public var auth: AuthClient { AuthClient(client: self) }
}
