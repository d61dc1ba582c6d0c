/// A snapshot of the focused session's settings (the Session dialog's Settings tab), from
/// ``SessionClient/getSettings(options:)``: the 15 fields of the 0.7.0 contract.
///
/// ``sessionID`` and ``isHost`` are read-only facts; the rest mirror the engine's
/// `WorldConfiguration` and can be changed with ``SessionClient/applySettings(worldName:worldDescription:maxUsers:accessLevel:hideFromListing:mobileFriendly:awayKickEnabled:awayKickMinutes:autoSaveEnabled:autoSaveIntervalMinutes:autoCleanupEnabled:autoCleanupIntervalSeconds:tags:options:)``.
public struct SessionSettings: Sendable, Hashable {
  /// The world's name as the session shows it.
  public var worldName: String
  /// The world's description.
  public var worldDescription: String
  /// The most users the session admits (1...255).
  public var maxUsers: Int
  /// Who may join.
  public var accessLevel: SessionAccessLevel
  /// True keeps the session out of public session listings.
  public var hideFromListing: Bool
  /// True marks the session as suitable for mobile (Quest) users.
  public var mobileFriendly: Bool
  /// True kicks users who stay away (AFK) longer than ``awayKickMinutes``.
  public var awayKickEnabled: Bool
  /// Minutes away before the away kick.
  public var awayKickMinutes: Float
  /// True saves the world every ``autoSaveIntervalMinutes``.
  public var autoSaveEnabled: Bool
  /// Minutes between auto-saves.
  public var autoSaveIntervalMinutes: Float
  /// True cleans up unused assets every ``autoCleanupIntervalSeconds``.
  public var autoCleanupEnabled: Bool
  /// Seconds between auto-cleanups.
  public var autoCleanupIntervalSeconds: Float
  /// The session's tags.
  public var tags: [String]
  /// The session id (`S-...`); read-only.
  public var sessionID: String
  /// True when the local user hosts the session; read-only.
  public var isHost: Bool

  /// Creates a snapshot.
  public init(
    worldName: String, worldDescription: String, maxUsers: Int, accessLevel: SessionAccessLevel,
    hideFromListing: Bool, mobileFriendly: Bool, awayKickEnabled: Bool, awayKickMinutes: Float,
    autoSaveEnabled: Bool, autoSaveIntervalMinutes: Float, autoCleanupEnabled: Bool,
    autoCleanupIntervalSeconds: Float, tags: [String], sessionID: String, isHost: Bool
  ) {
    self.worldName = worldName
    self.worldDescription = worldDescription
    self.maxUsers = maxUsers
    self.accessLevel = accessLevel
    self.hideFromListing = hideFromListing
    self.mobileFriendly = mobileFriendly
    self.awayKickEnabled = awayKickEnabled
    self.awayKickMinutes = awayKickMinutes
    self.autoSaveEnabled = autoSaveEnabled
    self.autoSaveIntervalMinutes = autoSaveIntervalMinutes
    self.autoCleanupEnabled = autoCleanupEnabled
    self.autoCleanupIntervalSeconds = autoCleanupIntervalSeconds
    self.tags = tags
    self.sessionID = sessionID
    self.isHost = isHost
  }

  /// Maps the wire snapshot; an UNSPECIFIED or unknown access level has no public value and is
  /// refused rather than coerced, as the reference client does.
  init(_ wire: ResoniteIo_V1_SessionSettings) throws(UnexpectedReplyError) {
    guard let accessLevel = SessionAccessLevel(wire: wire.accessLevel) else {
      throw UnexpectedReplyError(
        method: "Session/GetSettings", problem: "unmappable access level \(wire.accessLevel.rawValue)")
    }
    self.init(
      worldName: wire.worldName, worldDescription: wire.worldDescription, maxUsers: Int(wire.maxUsers),
      accessLevel: accessLevel, hideFromListing: wire.hideFromListing, mobileFriendly: wire.mobileFriendly,
      awayKickEnabled: wire.awayKickEnabled, awayKickMinutes: wire.awayKickMinutes,
      autoSaveEnabled: wire.autoSaveEnabled, autoSaveIntervalMinutes: wire.autoSaveIntervalMinutes,
      autoCleanupEnabled: wire.autoCleanupEnabled, autoCleanupIntervalSeconds: wire.autoCleanupIntervalSeconds,
      tags: wire.tags, sessionID: wire.sessionID, isHost: wire.isHost)
  }
}
