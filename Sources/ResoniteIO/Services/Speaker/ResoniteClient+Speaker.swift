extension ResoniteClient {
  /// The `Speaker` service on this connection: what the engine plays. See ``SpeakerClient``.
  public var speaker: SpeakerClient { SpeakerClient(client: self) }
}
