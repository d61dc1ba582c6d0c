extension ResoniteClient {
  /// The `Microphone` service on this connection: audio into the engine. See
  /// ``MicrophoneClient``.
  public var microphone: MicrophoneClient { MicrophoneClient(client: self) }
}
