import ResoniteIOMessages

/// What a mutation (``InventoryClient/mkdir(_:options:)``, ``InventoryClient/copy(_:to:recursive:options:)``,
/// ``InventoryClient/move(_:to:options:)``, ``InventoryClient/remove(_:recursive:options:)``)
/// touched. The reference client's `InventoryMutationResult`.
public struct InventoryMutationResult: Sendable, Hashable {
  /// The resulting path: the new folder, the copy, the moved entry, or the removed one.
  public var path: String
  /// The record id of that entry (the new record for a folder or a copy).
  public var recordID: String

  /// Creates a result.
  public init(path: String, recordID: String) {
    self.path = path
    self.recordID = recordID
  }
}

extension InventoryMutationResult {
  init(_ message: ResoniteIo_V1_InventoryMutationResult) {
    self.init(path: message.path, recordID: message.recordID)
  }
}
