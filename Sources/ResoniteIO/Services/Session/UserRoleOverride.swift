/// One per-user role override of the world (an entry of `DefaultUserPermissions`): the user
/// with ``userID`` gets ``roleName`` instead of their default role.
public struct UserRoleOverride: Sendable, Hashable {
  /// The cloud user id (`U-...`).
  public var userID: String
  /// The role the user gets.
  public var roleName: String

  /// Creates an override.
  public init(userID: String, roleName: String) {
    self.userID = userID
    self.roleName = roleName
  }

  init(_ wire: ResoniteIo_V1_UserRoleOverride) {
    self.init(userID: wire.userID, roleName: wire.roleName)
  }
}
