public import Foundation
import ResoniteIOMessages

/// One entry of an inventory folder (a folder or an item record), as
/// ``InventoryClient/list(_:options:)`` reports it. The reference client's `InventoryEntry`.
public struct InventoryEntry: Sendable, Hashable {
  /// The entry's name (the last path component).
  public var name: String
  /// Its absolute path, for example `/Inventory/Avatars/Robot`.
  public var path: String
  /// What it is.
  public var kind: InventoryEntryKind
  /// The cloud record id; empty for local-only entries.
  public var recordID: String
  /// The `resdb:///` URI of its main asset; empty for folders.
  public var assetURI: String
  /// Whether the record is public.
  public var isPublic: Bool
  /// When it was last modified, in nanoseconds since the Unix epoch (exact).
  public var lastModifiedUnixNanos: Int64

  /// Creates an entry.
  public init(
    name: String, path: String, kind: InventoryEntryKind, recordID: String = "", assetURI: String = "",
    isPublic: Bool = false, lastModifiedUnixNanos: Int64 = 0
  ) {
    self.name = name
    self.path = path
    self.kind = kind
    self.recordID = recordID
    self.assetURI = assetURI
    self.isPublic = isPublic
    self.lastModifiedUnixNanos = lastModifiedUnixNanos
  }

  /// ``lastModifiedUnixNanos`` as a `Date` (microsecond precision).
  public var lastModified: Date { NavigationDates.date(fromUnixNanos: lastModifiedUnixNanos) }
}

extension InventoryEntry {
  init(_ message: ResoniteIo_V1_InventoryEntry) {
    self.init(
      name: message.name, path: message.path, kind: InventoryEntryKind(message.kind), recordID: message.recordID,
      assetURI: message.assetUri, isPublic: message.isPublic, lastModifiedUnixNanos: message.lastModifiedUnixNanos)
  }
}
