extension ResoniteClient {
  /// The `Dash` service: the userspace dash overlay, its tabs and its controls.
  public var dash: DashClient { DashClient(client: self) }
}
