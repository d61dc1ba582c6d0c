public import Foundation
import ResoniteIOMessages

/// A live session, as ``WorldClient/listSessions(search:filter:minActiveUsers:page:pageSize:options:)``
/// lists it. The reference client returns the wire `WorldSession`; this is the same data as a
/// Swift value.
public struct WorldSession: Sendable, Hashable {
  /// The session id (`S-…`), what ``WorldClient/join(sessionID:url:focus:options:)`` takes.
  public var sessionID: String
  /// The session's name.
  public var name: String
  /// Its description.
  public var description: String
  /// The host's user id (`U-…`).
  public var hostUserID: String
  /// The host's user name.
  public var hostUsername: String
  /// URLs the session can be joined by (any one works for ``WorldClient/join(sessionID:url:focus:options:)``).
  public var sessionURLs: [String]
  /// The thumbnail's URI (for ``WorldClient/fetchThumbnail(uri:options:)``), or empty.
  public var thumbnailURL: String
  /// Users in the session.
  public var joinedUsers: Int
  /// Users in it who are active (not away).
  public var activeUsers: Int
  /// The user limit.
  public var maximumUsers: Int
  /// The session's tags.
  public var tags: [String]
  /// The access level as the mod names it (for example `Anyone`, `Contacts`).
  public var accessLevel: String
  /// Whether a headless host runs it.
  public var isHeadlessHost: Bool
  /// Whether it is marked mobile-friendly.
  public var isMobileFriendly: Bool
  /// The world record it was started from, if known.
  public var correspondingWorldID: String
  /// The universe id, or empty.
  public var universeID: String
  /// When the session began, in nanoseconds since the Unix epoch (exact).
  public var sessionBeginUnixNanos: Int64
  /// When the session's information was last updated, in nanoseconds since the Unix epoch.
  public var lastUpdateUnixNanos: Int64

  /// Creates a session.
  public init(
    sessionID: String, name: String, description: String = "", hostUserID: String = "", hostUsername: String = "",
    sessionURLs: [String] = [], thumbnailURL: String = "", joinedUsers: Int = 0, activeUsers: Int = 0,
    maximumUsers: Int = 0, tags: [String] = [], accessLevel: String = "", isHeadlessHost: Bool = false,
    isMobileFriendly: Bool = false, correspondingWorldID: String = "", universeID: String = "",
    sessionBeginUnixNanos: Int64 = 0, lastUpdateUnixNanos: Int64 = 0
  ) {
    self.sessionID = sessionID
    self.name = name
    self.description = description
    self.hostUserID = hostUserID
    self.hostUsername = hostUsername
    self.sessionURLs = sessionURLs
    self.thumbnailURL = thumbnailURL
    self.joinedUsers = joinedUsers
    self.activeUsers = activeUsers
    self.maximumUsers = maximumUsers
    self.tags = tags
    self.accessLevel = accessLevel
    self.isHeadlessHost = isHeadlessHost
    self.isMobileFriendly = isMobileFriendly
    self.correspondingWorldID = correspondingWorldID
    self.universeID = universeID
    self.sessionBeginUnixNanos = sessionBeginUnixNanos
    self.lastUpdateUnixNanos = lastUpdateUnixNanos
  }

  /// ``sessionBeginUnixNanos`` as a `Date` (microsecond precision).
  public var sessionBegin: Date { NavigationDates.date(fromUnixNanos: sessionBeginUnixNanos) }
  /// ``lastUpdateUnixNanos`` as a `Date` (microsecond precision).
  public var lastUpdate: Date { NavigationDates.date(fromUnixNanos: lastUpdateUnixNanos) }
}

extension WorldSession {
  init(_ message: ResoniteIo_V1_WorldSession) {
    self.init(
      sessionID: message.sessionID, name: message.name, description: message.description_p,
      hostUserID: message.hostUserID, hostUsername: message.hostUsername, sessionURLs: message.sessionUrls,
      thumbnailURL: message.thumbnailURL, joinedUsers: Int(message.joinedUsers),
      activeUsers: Int(message.activeUsers), maximumUsers: Int(message.maximumUsers), tags: message.tags,
      accessLevel: message.accessLevel, isHeadlessHost: message.headlessHost,
      isMobileFriendly: message.mobileFriendly, correspondingWorldID: message.correspondingWorldID,
      universeID: message.universeID, sessionBeginUnixNanos: message.sessionBeginUnixNanos,
      lastUpdateUnixNanos: message.lastUpdateUnixNanos)
  }
}
