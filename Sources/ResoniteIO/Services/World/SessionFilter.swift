import ResoniteIOMessages

/// Which live sessions ``WorldClient/listSessions(search:filter:minActiveUsers:page:pageSize:options:)``
/// lists (the World tab's left column).
///
/// The reference client's `SessionFilter`; like it, there is no "unspecified" member: ``all``
/// is sent as the wire's `SESSION_FILTER_UNSPECIFIED`, which the mod reads as "no filter".
public enum SessionFilter: String, Sendable, Hashable, CaseIterable {
  /// Every session (no filter).
  case all
  /// Sessions hosted by contacts.
  case friends
  /// Sessions on headless hosts.
  case headless

  var wire: ResoniteIo_V1_SessionFilter {
    switch self {
    case .all: .unspecified
    case .friends: .friends
    case .headless: .headless
    }
  }
}
