extension ResoniteClient {
  /// The `Grabber` service on this connection: grab, hold, use and equip with a hand. See
  /// ``GrabberClient``.
  public var grabber: GrabberClient { GrabberClient(client: self) }
}
