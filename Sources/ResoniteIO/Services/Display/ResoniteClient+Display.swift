extension ResoniteClient {
  /// The `Display` service on this connection: window resolution and background frame-rate
  /// cap. See ``DisplayClient``.
  public var display: DisplayClient { DisplayClient(client: self) }
}
