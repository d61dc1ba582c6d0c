extension ResoniteClient {
  /// The `Lifecycle` service on this connection: graceful engine shutdown. See
  /// ``LifecycleClient``.
  public var lifecycle: LifecycleClient { LifecycleClient(client: self) }
}
