/// One user in the focused session (the Session dialog's Users tab).
public struct SessionUser: Sendable, Hashable {
  /// The cloud user id (`U-...`); guests may have none (empty).
  public var userID: String
  /// The user name.
  public var userName: String
  /// True for the session's host.
  public var isHost: Bool
  /// True for the local user (you).
  public var isLocalUser: Bool
  /// True while the user is present in the world (not away in userspace).
  public var isPresentInWorld: Bool
  /// True when the user's voice is silenced for everyone.
  public var isSilenced: Bool
  /// The user's volume as the local user hears it (1 = unchanged).
  public var localVolume: Float
  /// The user's permission role (`User.Role?.RoleName`), empty when none.
  public var roleName: String
  /// The user's platform, for example `Windows` or `Linux`.
  public var platform: String
  /// The user's head device, for example `Screen` or `SteamVR`.
  public var headDevice: String

  /// Creates a user snapshot.
  public init(
    userID: String, userName: String, isHost: Bool, isLocalUser: Bool, isPresentInWorld: Bool,
    isSilenced: Bool, localVolume: Float, roleName: String, platform: String, headDevice: String
  ) {
    self.userID = userID
    self.userName = userName
    self.isHost = isHost
    self.isLocalUser = isLocalUser
    self.isPresentInWorld = isPresentInWorld
    self.isSilenced = isSilenced
    self.localVolume = localVolume
    self.roleName = roleName
    self.platform = platform
    self.headDevice = headDevice
  }

  init(_ wire: ResoniteIo_V1_SessionUser) {
    self.init(
      userID: wire.userID, userName: wire.userName, isHost: wire.isHost, isLocalUser: wire.isLocalUser,
      isPresentInWorld: wire.isPresentInWorld, isSilenced: wire.isSilenced, localVolume: wire.localVolume,
      roleName: wire.roleName, platform: wire.platform, headDevice: wire.headDevice)
  }
}
