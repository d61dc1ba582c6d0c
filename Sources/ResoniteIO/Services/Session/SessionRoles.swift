/// The session's permission roles and which role each kind of user gets by default, from
/// ``SessionClient/listRoles(options:)``. A default may be empty when none is set.
public struct SessionRoles: Sendable, Hashable {
  /// The roles, in the engine's order.
  public var roles: [SessionRole]
  /// The role of anonymous users.
  public var defaultAnonymousRole: String
  /// The role of visitors (signed-in users who are not contacts).
  public var defaultVisitorRole: String
  /// The role of the host's contacts.
  public var defaultContactRole: String
  /// The role of the host.
  public var defaultHostRole: String
  /// The role of the world's owner.
  public var defaultOwnerRole: String

  /// Creates the value.
  public init(
    roles: [SessionRole], defaultAnonymousRole: String, defaultVisitorRole: String, defaultContactRole: String,
    defaultHostRole: String, defaultOwnerRole: String
  ) {
    self.roles = roles
    self.defaultAnonymousRole = defaultAnonymousRole
    self.defaultVisitorRole = defaultVisitorRole
    self.defaultContactRole = defaultContactRole
    self.defaultHostRole = defaultHostRole
    self.defaultOwnerRole = defaultOwnerRole
  }

  init(_ wire: ResoniteIo_V1_ListRolesResponse) {
    self.init(
      roles: wire.roles.map(SessionRole.init), defaultAnonymousRole: wire.defaultAnonymousRole,
      defaultVisitorRole: wire.defaultVisitorRole, defaultContactRole: wire.defaultContactRole,
      defaultHostRole: wire.defaultHostRole, defaultOwnerRole: wire.defaultOwnerRole)
  }
}
