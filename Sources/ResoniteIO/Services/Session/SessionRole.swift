/// One permission role of the session (the Session dialog's Permissions tab).
public struct SessionRole: Sendable, Hashable {
  /// The role's name, for example `Builder`: what ``SessionClient/setUserRole(_:roleName:options:)`` takes.
  public var roleName: String
  /// The role's description.
  public var roleDescription: String
  /// True for the most privileged role.
  public var isHighest: Bool
  /// True for the least privileged role.
  public var isLowest: Bool

  /// Creates a role.
  public init(roleName: String, roleDescription: String, isHighest: Bool, isLowest: Bool) {
    self.roleName = roleName
    self.roleDescription = roleDescription
    self.isHighest = isHighest
    self.isLowest = isLowest
  }

  init(_ wire: ResoniteIo_V1_SessionRole) {
    self.init(
      roleName: wire.roleName, roleDescription: wire.roleDescription, isHighest: wire.isHighest,
      isLowest: wire.isLowest)
  }
}
