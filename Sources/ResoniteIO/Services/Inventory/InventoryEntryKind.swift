import ResoniteIOMessages

/// What an inventory entry is (Resonite's `Record.RecordType`).
///
/// The reference client's `InventoryEntryKind`, with its string values. The wire's
/// UNSPECIFIED, UNKNOWN and any value this client does not know all map to ``unknown``, as
/// the reference does.
public enum InventoryEntryKind: String, Sendable, Hashable, CaseIterable {
  /// A folder.
  case directory
  /// An item (an object that can be spawned).
  case object
  /// A saved world.
  case world
  /// A link to a folder elsewhere (for example a shared one).
  case link
  /// Any other kind, or one the mod did not name.
  case unknown

  init(_ wire: ResoniteIo_V1_InventoryEntryKind) {
    switch wire {
    case .directory: self = .directory
    case .object: self = .object
    case .world: self = .world
    case .link: self = .link
    case .unspecified, .unknown, .UNRECOGNIZED: self = .unknown
    }
  }
}
