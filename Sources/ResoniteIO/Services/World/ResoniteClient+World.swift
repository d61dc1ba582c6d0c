extension ResoniteClient {
  /// The `World` service: browse sessions and world records, join and start worlds, and
  /// manage the worlds open in the engine.
  public var world: WorldClient { WorldClient(client: self) }
}
