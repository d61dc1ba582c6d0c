import ResoniteIOMessages

/// Where ``WorldClient/listRecords(source:requiredTags:ownerID:search:offset:count:sort:sortDirection:options:)``
/// looks for world records (the World tab's left column).
///
/// The reference client's `RecordSource`, mapped by name to the wire enum (there is no
/// "unspecified" member; the mod reads an unspecified source as ``public``).
public enum RecordSource: String, Sendable, Hashable, CaseIterable {
  /// Published worlds.
  case `public`
  /// Featured worlds.
  case featured
  /// The signed-in user's own worlds.
  case own
  /// Worlds of the user's groups.
  case group

  var wire: ResoniteIo_V1_RecordSource {
    switch self {
    case .public: .public
    case .featured: .featured
    case .own: .own
    case .group: .group
    }
  }
}
