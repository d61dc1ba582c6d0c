public import Foundation
import ResoniteIOMessages

/// A world record (a saved world that can be started), as
/// ``WorldClient/listRecords(source:requiredTags:ownerID:search:offset:count:sort:sortDirection:options:)``
/// lists it. The reference client returns the wire `WorldRecord`; this is the same data as a
/// Swift value.
public struct WorldRecord: Sendable, Hashable {
  /// The record id (`R-…`), what ``WorldClient/startWorld(recordID:ownerID:focus:options:)`` takes.
  public var recordID: String
  /// The owner's id (`U-…` for a user, `G-…` for a group).
  public var ownerID: String
  /// The world's name.
  public var name: String
  /// Its description.
  public var description: String
  /// The thumbnail's URI (for ``WorldClient/fetchThumbnail(uri:options:)``), or empty.
  public var thumbnailURL: String
  /// The record's tags.
  public var tags: [String]
  /// The record's URL (`resrec:///owner/record`).
  public var recordURL: String
  /// When the record was last modified, in nanoseconds since the Unix epoch (exact).
  public var lastModificationUnixNanos: Int64

  /// Creates a record.
  public init(
    recordID: String, ownerID: String, name: String, description: String = "", thumbnailURL: String = "",
    tags: [String] = [], recordURL: String = "", lastModificationUnixNanos: Int64 = 0
  ) {
    self.recordID = recordID
    self.ownerID = ownerID
    self.name = name
    self.description = description
    self.thumbnailURL = thumbnailURL
    self.tags = tags
    self.recordURL = recordURL
    self.lastModificationUnixNanos = lastModificationUnixNanos
  }

  /// ``lastModificationUnixNanos`` as a `Date` (microsecond precision).
  public var lastModification: Date { NavigationDates.date(fromUnixNanos: lastModificationUnixNanos) }
}

extension WorldRecord {
  init(_ message: ResoniteIo_V1_WorldRecord) {
    self.init(
      recordID: message.recordID, ownerID: message.ownerID, name: message.name, description: message.description_p,
      thumbnailURL: message.thumbnailURL, tags: message.tags, recordURL: message.recordURL,
      lastModificationUnixNanos: message.lastModificationUnixNanos)
  }
}
