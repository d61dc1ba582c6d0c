extension ResoniteClient {
  /// The `Locomotion` service on this connection: drive the avatar. See ``LocomotionClient``.
  public var locomotion: LocomotionClient { LocomotionClient(client: self) }
}
