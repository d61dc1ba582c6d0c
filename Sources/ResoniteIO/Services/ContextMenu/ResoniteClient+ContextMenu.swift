extension ResoniteClient {
  /// The `ContextMenu` service on this connection: the desktop radial menu. See
  /// ``ContextMenuClient``.
  public var contextMenu: ContextMenuClient { ContextMenuClient(client: self) }
}
