import ResoniteIOMessages

/// The order of a world-record listing; ``random`` is the World tab's "random" view.
///
/// The reference client's `RecordSort`, mapped by name to the wire enum (no "unspecified"
/// member; the mod reads an unspecified sort as ``creationDate``). Raw values are the
/// reference's member names in lower case.
public enum RecordSort: String, Sendable, Hashable, CaseIterable {
  /// By creation date.
  case creationDate = "creation_date"
  /// By last update.
  case lastUpdate = "last_update"
  /// By first publication.
  case firstPublish = "first_publish"
  /// By total visits.
  case totalVisits = "total_visits"
  /// By name.
  case name
  /// In a random order.
  case random

  var wire: ResoniteIo_V1_RecordSort {
    switch self {
    case .creationDate: .creationDate
    case .lastUpdate: .lastUpdate
    case .firstPublish: .firstPublish
    case .totalVisits: .totalVisits
    case .name: .name
    case .random: .random
    }
  }
}
