/// Who may join the session (mirrors `SkyFrost.Base.SessionAccessLevel`).
///
/// The wire enum's `SESSION_ACCESS_LEVEL_UNSPECIFIED` is deliberately not a member: on
/// ``SessionClient/applySettings(worldName:worldDescription:maxUsers:accessLevel:hideFromListing:mobileFriendly:awayKickEnabled:awayKickMinutes:autoSaveEnabled:autoSaveIntervalMinutes:autoCleanupEnabled:autoCleanupIntervalSeconds:tags:options:)``
/// it means "leave unchanged", which is `accessLevel: nil`; in a
/// ``SessionClient/getSettings(options:)`` reply it has no meaning and is an
/// ``UnexpectedReplyError``. The raw values are the reference client's (`"contacts_plus"`).
public enum SessionAccessLevel: String, Sendable, Hashable, CaseIterable {
  /// Only invited users (`SESSION_ACCESS_LEVEL_PRIVATE`).
  case `private` = "private"
  /// Users on the local network (`SESSION_ACCESS_LEVEL_LAN`).
  case lan = "lan"
  /// The host's contacts (`SESSION_ACCESS_LEVEL_CONTACTS`).
  case contacts = "contacts"
  /// The contacts of anyone in the session (`SESSION_ACCESS_LEVEL_CONTACTS_PLUS`).
  case contactsPlus = "contacts_plus"
  /// Any signed-in user (`SESSION_ACCESS_LEVEL_REGISTERED_USERS`).
  case registeredUsers = "registered_users"
  /// Anyone, guests included (`SESSION_ACCESS_LEVEL_ANYONE`).
  case anyone = "anyone"

  /// The wire value.
  var wire: ResoniteIo_V1_SessionAccessLevel {
    switch self {
    case .private: .private
    case .lan: .lan
    case .contacts: .contacts
    case .contactsPlus: .contactsPlus
    case .registeredUsers: .registeredUsers
    case .anyone: .anyone
    }
  }

  /// The public value of a wire value; nil for UNSPECIFIED and values this client does not know.
  init?(wire: ResoniteIo_V1_SessionAccessLevel) {
    switch wire {
    case .private: self = .private
    case .lan: self = .lan
    case .contacts: self = .contacts
    case .contactsPlus: self = .contactsPlus
    case .registeredUsers: self = .registeredUsers
    case .anyone: self = .anyone
    case .unspecified, .UNRECOGNIZED: return nil
    }
  }
}
