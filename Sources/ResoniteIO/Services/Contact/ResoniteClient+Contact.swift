extension ResoniteClient {
  /// The `Contact` service: the signed-in user's contacts with presence, user search, and
  /// adding, accepting and removing contacts. Calls share this client's connection.
  public var contact: ContactClient { ContactClient(client: self) }
}
