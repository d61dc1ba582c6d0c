extension ResoniteClient {
  /// The `Cursor` service on this connection: the engine's desktop cursor. See
  /// ``CursorClient``.
  public var cursor: CursorClient { CursorClient(client: self) }
}
