import ResoniteIOMessages

/// The direction of a world-record listing's ``RecordSort``.
///
/// The reference client's `RecordSortDirection`, mapped by name to the wire enum (no
/// "unspecified" member; the mod reads an unspecified direction as ``descending``).
public enum RecordSortDirection: String, Sendable, Hashable, CaseIterable {
  /// Largest (newest, most visited, last in the alphabet) first.
  case descending
  /// Smallest first.
  case ascending

  var wire: ResoniteIo_V1_RecordSortDirection {
    switch self {
    case .descending: .descending
    case .ascending: .ascending
    }
  }
}
