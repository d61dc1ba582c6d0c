/// Which contacts ``ContactClient/listContacts(search:filter:includeHidden:options:)``
/// returns. ``all`` is the wire's `CONTACT_FILTER_UNSPECIFIED` (no filter), as in the reference
/// client. Raw values are lower-case names.
public enum ContactFilter: String, Sendable, Hashable, CaseIterable {
  /// Every contact (`CONTACT_FILTER_UNSPECIFIED`).
  case all = "all"
  /// Accepted contacts only (`CONTACT_FILTER_ACCEPTED`).
  case accepted = "accepted"
  /// Incoming contact requests only (`CONTACT_FILTER_REQUESTS`).
  case requests = "requests"

  var wire: ResoniteIo_V1_ContactFilter {
    switch self {
    case .all: .unspecified
    case .accepted: .accepted
    case .requests: .requests
    }
  }
}
