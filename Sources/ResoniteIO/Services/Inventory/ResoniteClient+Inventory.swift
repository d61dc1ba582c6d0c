extension ResoniteClient {
  /// The `Inventory` service: the signed-in user's inventory as a file tree.
  public var inventory: InventoryClient { InventoryClient(client: self) }
}
