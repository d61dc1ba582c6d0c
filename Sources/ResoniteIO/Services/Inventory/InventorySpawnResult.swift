import ResoniteIOMessages

/// What ``InventoryClient/spawn(_:options:)`` put into the focused world. The reference
/// client's `InventorySpawnResult`.
public struct InventorySpawnResult: Sendable, Hashable {
  /// The inventory path that was spawned.
  public var sourcePath: String
  /// The engine `ReferenceID` of the new slot.
  public var spawnedSlotID: String
  /// The new slot's name.
  public var spawnedSlotName: String

  /// Creates a result.
  public init(sourcePath: String, spawnedSlotID: String, spawnedSlotName: String) {
    self.sourcePath = sourcePath
    self.spawnedSlotID = spawnedSlotID
    self.spawnedSlotName = spawnedSlotName
  }
}

extension InventorySpawnResult {
  init(_ message: ResoniteIo_V1_InventorySpawnResult) {
    self.init(
      sourcePath: message.sourcePath, spawnedSlotID: message.spawnedSlotID, spawnedSlotName: message.spawnedSlotName)
  }
}
