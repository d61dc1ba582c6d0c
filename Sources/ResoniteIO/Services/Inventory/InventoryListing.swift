import ResoniteIOMessages

/// The contents of an inventory folder, as ``InventoryClient/list(_:options:)`` returns them.
/// The reference client's `InventoryListing`.
public struct InventoryListing: Sendable, Hashable {
  /// The folder's path as the mod resolved it.
  public var path: String
  /// The entries directly inside it, in the mod's order.
  public var entries: [InventoryEntry]

  /// Creates a listing.
  public init(path: String, entries: [InventoryEntry]) {
    self.path = path
    self.entries = entries
  }
}

extension InventoryListing {
  init(_ message: ResoniteIo_V1_InventoryListing) {
    self.init(path: message.path, entries: message.entries.map(InventoryEntry.init))
  }
}
