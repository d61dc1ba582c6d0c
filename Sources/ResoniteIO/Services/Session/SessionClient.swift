import ResoniteGRPC
import ResoniteIOStubs

/// The `Session` service of the mod (the reference client's `SessionClient`): the focused
/// session's settings, its users and their moderation (kick, ban, silence, respawn, roles),
/// and its permission roles. Reach it as ``ResoniteClient/session``.
///
/// Settings writes and moderation are gated by the local user's permissions: without them the
/// mod answers `PERMISSION_DENIED`. Every call throws ``ResoniteClientError/notConnected``
/// when the client is not connected, and `RPCError` with the mod's status otherwise; besides
/// the codes each method lists, `FAILED_PRECONDITION` means the engine or its session is not
/// ready.
///
/// ```swift
/// try await ResoniteClient.withConnection { mod in
///   let settings = try await mod.session.getSettings()
///   print(settings.worldName, settings.accessLevel)
///   try await mod.session.applySettings(maxUsers: 8, accessLevel: .contactsPlus)
///   for user in try await mod.session.listUsers() where !user.isLocalUser {
///     _ = try await mod.session.silenceUser(.user(id: user.userID))
///   }
/// }
/// ```
public struct SessionClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  private func stub() throws -> ResoniteIo_V1_SessionStub {
    ResoniteIo_V1_SessionStub(channel: try client.channel())
  }

  // MARK: Settings

  /// The focused session's settings (`Session.GetSettings`; Python `get_settings`).
  ///
  /// - Throws: ``UnexpectedReplyError`` when the reply's access level is UNSPECIFIED or
  ///   unknown (never coerced to some level); `RPCError`.
  public func getSettings(options: CallOptions = CallOptions()) async throws -> SessionSettings {
    try SessionSettings(try await stub().getSettings(ResoniteIo_V1_GetSettingsRequest(), options: options))
  }

  /// Changes some of the focused session's settings (`Session.ApplySettings`; Python
  /// `apply_settings`): only the arguments you give change, the others stay as they are.
  ///
  /// A nil argument is left absent on the wire (proto3 optional presence), so `false`, `0` and
  /// `""` are real values. `accessLevel: nil` sends the UNSPECIFIED sentinel, "unchanged".
  /// `tags` replaces the whole tag set (`replace_tags`), and an empty array clears it; nil
  /// leaves the tags alone. Nothing comes back: the engine applies the change on its own
  /// thread, so call ``getSettings(options:)`` to see the result.
  ///
  /// ```swift
  /// try await mod.session.applySettings(worldName: "Lab", hideFromListing: true, tags: [])
  /// ```
  ///
  /// - Parameters:
  ///   - maxUsers: 1...255; the mod refuses other values. A value beyond `Int32` is sent as
  ///     the nearest `Int32`, which the mod refuses as well.
  ///   - options: timeout and metadata.
  /// - Throws: `RPCError`: `PERMISSION_DENIED` when the local user may not change the
  ///   settings (not the host); `INVALID_ARGUMENT` for `maxUsers` outside 1...255 (nothing is
  ///   changed then).
  public func applySettings(
    worldName: String? = nil, worldDescription: String? = nil, maxUsers: Int? = nil,
    accessLevel: SessionAccessLevel? = nil, hideFromListing: Bool? = nil, mobileFriendly: Bool? = nil,
    awayKickEnabled: Bool? = nil, awayKickMinutes: Float? = nil, autoSaveEnabled: Bool? = nil,
    autoSaveIntervalMinutes: Float? = nil, autoCleanupEnabled: Bool? = nil,
    autoCleanupIntervalSeconds: Float? = nil, tags: [String]? = nil, options: CallOptions = CallOptions()
  ) async throws {
    var patch = ResoniteIo_V1_SessionSettingsPatch()
    if let worldName { patch.worldName = worldName }
    if let worldDescription { patch.worldDescription = worldDescription }
    if let maxUsers { patch.maxUsers = Int32(clamping: maxUsers) }
    patch.accessLevel = accessLevel?.wire ?? .unspecified
    if let hideFromListing { patch.hideFromListing = hideFromListing }
    if let mobileFriendly { patch.mobileFriendly = mobileFriendly }
    if let awayKickEnabled { patch.awayKickEnabled = awayKickEnabled }
    if let awayKickMinutes { patch.awayKickMinutes = awayKickMinutes }
    if let autoSaveEnabled { patch.autoSaveEnabled = autoSaveEnabled }
    if let autoSaveIntervalMinutes { patch.autoSaveIntervalMinutes = autoSaveIntervalMinutes }
    if let autoCleanupEnabled { patch.autoCleanupEnabled = autoCleanupEnabled }
    if let autoCleanupIntervalSeconds { patch.autoCleanupIntervalSeconds = autoCleanupIntervalSeconds }
    if let tags {
      patch.replaceTags = true
      patch.tags = tags
    }
    _ = try await stub().applySettings(patch, options: options)
  }

  // MARK: Users

  /// The users in the focused session, the local user included (`Session.ListUsers`; Python
  /// `list_users`).
  ///
  /// - Throws: `RPCError`.
  public func listUsers(options: CallOptions = CallOptions()) async throws -> [SessionUser] {
    try await stub().listUsers(ResoniteIo_V1_ListUsersRequest(), options: options).users.map(SessionUser.init)
  }

  /// Removes a user from the session (`Session.KickUser`; Python `kick_user`).
  ///
  /// - Parameters:
  ///   - target: who; see ``UserTarget``.
  ///   - kind: ``KickKind/kickAndRevoke`` (the default, as in the reference) also revokes
  ///     the user's invite.
  ///   - options: timeout and metadata.
  /// - Throws: `RPCError`: `PERMISSION_DENIED` when the local user may not kick;
  ///   `NOT_FOUND` when no user matches; `FAILED_PRECONDITION` when a user name matches several
  ///   users.
  public func kickUser(
    _ target: UserTarget, kind: KickKind = .kickAndRevoke, options: CallOptions = CallOptions()
  ) async throws {
    var request = ResoniteIo_V1_KickUserRequest()
    request.target = target.wire
    request.kind = kind.wire
    _ = try await stub().kickUser(request, options: options)
  }

  /// Bans a user from the session (`Session.BanUser`; Python `ban_user`).
  ///
  /// - Throws: `RPCError`: `PERMISSION_DENIED`, `NOT_FOUND` or `FAILED_PRECONDITION` as
  ///   for ``kickUser(_:kind:options:)``.
  public func banUser(_ target: UserTarget, options: CallOptions = CallOptions()) async throws {
    var request = ResoniteIo_V1_BanUserRequest()
    request.target = target.wire
    _ = try await stub().banUser(request, options: options)
  }

  /// Silences (or with `silenced: false` unsilences) a user's voice for everyone
  /// (`Session.SilenceUser`; Python `silence_user`).
  ///
  /// - Returns: the user as they are afterwards.
  /// - Throws: ``UnexpectedReplyError`` when the reply holds no user; `RPCError`:
  ///   `PERMISSION_DENIED`, `NOT_FOUND` or `FAILED_PRECONDITION` as for
  ///   ``kickUser(_:kind:options:)``.
  public func silenceUser(
    _ target: UserTarget, silenced: Bool = true, options: CallOptions = CallOptions()
  ) async throws -> SessionUser {
    var request = ResoniteIo_V1_SilenceUserRequest()
    request.target = target.wire
    request.silenced = silenced
    let reply = try await stub().silenceUser(request, options: options)
    guard reply.hasUser else {
      throw UnexpectedReplyError(method: "Session/SilenceUser", problem: "no user in the reply")
    }
    return SessionUser(reply.user)
  }

  /// Respawns a user (`Session.RespawnUser`; Python `respawn_user`). With the default, empty
  /// target the mod respawns the local user.
  ///
  /// - Throws: `RPCError`: `PERMISSION_DENIED` when the local user may not respawn others;
  ///   `NOT_FOUND` or `FAILED_PRECONDITION` as for ``kickUser(_:kind:options:)``.
  public func respawnUser(_ target: UserTarget = UserTarget(), options: CallOptions = CallOptions()) async throws {
    var request = ResoniteIo_V1_RespawnUserRequest()
    request.target = target.wire
    _ = try await stub().respawnUser(request, options: options)
  }

  /// Respawns the local user: ``respawnUser(_:options:)`` with ``UserTarget/local`` (Python
  /// `respawn_self`).
  ///
  /// - Throws: `RPCError`.
  public func respawnSelf(options: CallOptions = CallOptions()) async throws {
    try await respawnUser(.local, options: options)
  }

  /// Gives a user a permission role (`Session.SetUserRole`; Python `set_user_role`).
  ///
  /// - Parameters:
  ///   - target: who; see ``UserTarget``.
  ///   - roleName: a role of ``listRoles(options:)``, for example `Builder`.
  ///   - options: timeout and metadata.
  /// - Returns: the user as they are afterwards.
  /// - Throws: ``UnexpectedReplyError`` when the reply holds no user; `RPCError`:
  ///   `PERMISSION_DENIED` when the local user may not assign roles; `NOT_FOUND` when no user
  ///   matches or there is no such role; `FAILED_PRECONDITION` when a user name matches several
  ///   users.
  public func setUserRole(
    _ target: UserTarget, roleName: String, options: CallOptions = CallOptions()
  ) async throws -> SessionUser {
    var request = ResoniteIo_V1_SetUserRoleRequest()
    request.target = target.wire
    request.roleName = roleName
    let reply = try await stub().setUserRole(request, options: options)
    guard reply.hasUser else {
      throw UnexpectedReplyError(method: "Session/SetUserRole", problem: "no user in the reply")
    }
    return SessionUser(reply.user)
  }

  // MARK: Roles

  /// The session's permission roles and the five default-role assignments
  /// (`Session.ListRoles`; Python `list_roles`).
  ///
  /// - Throws: `RPCError`.
  public func listRoles(options: CallOptions = CallOptions()) async throws -> SessionRoles {
    SessionRoles(try await stub().listRoles(ResoniteIo_V1_ListRolesRequest(), options: options))
  }

  /// The world's per-user role overrides, `DefaultUserPermissions`
  /// (`Session.GetUserRoleOverrides`; Python `get_user_role_overrides`).
  ///
  /// - Throws: `RPCError`.
  public func getUserRoleOverrides(options: CallOptions = CallOptions()) async throws -> [UserRoleOverride] {
    try await stub().getUserRoleOverrides(ResoniteIo_V1_GetUserRoleOverridesRequest(), options: options)
      .overrides.map(UserRoleOverride.init)
  }
}
