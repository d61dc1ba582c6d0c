import ResoniteIOMessages

/// One page of world records, the answer of
/// ``WorldClient/listRecords(source:requiredTags:ownerID:search:offset:count:sort:sortDirection:options:)``
/// (the reference client's `ListRecordsResponse`).
public struct WorldRecordPage: Sendable, Hashable {
  /// The records on this page.
  public var records: [WorldRecord]
  /// Whether more records follow (ask again with `offset` advanced by ``records``' count).
  public var hasMore: Bool
  /// The offset this page starts at.
  public var offset: Int

  /// Creates a page.
  public init(records: [WorldRecord], hasMore: Bool, offset: Int) {
    self.records = records
    self.hasMore = hasMore
    self.offset = offset
  }
}

extension WorldRecordPage {
  init(_ message: ResoniteIo_V1_ListRecordsResponse) {
    self.init(records: message.records.map(WorldRecord.init), hasMore: message.hasMore_p, offset: Int(message.offset))
  }
}
