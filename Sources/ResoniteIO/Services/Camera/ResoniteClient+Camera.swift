extension ResoniteClient {
  /// The `Camera` service on this connection: the screen camera's frames. See ``CameraClient``.
  public var camera: CameraClient { CameraClient(client: self) }
}
