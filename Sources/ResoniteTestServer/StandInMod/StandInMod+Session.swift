import ResoniteIOMessages

extension TestServer.Path {
  /// The `resonite_io.v1.Session` paths the stand-in mod serves (see ``SessionModel``).
  public enum Session {
    /// `/resonite_io.v1.Session/GetSettings`.
    public static let getSettings = "/resonite_io.v1.Session/GetSettings"
    /// `/resonite_io.v1.Session/ApplySettings`.
    public static let applySettings = "/resonite_io.v1.Session/ApplySettings"
    /// `/resonite_io.v1.Session/ListUsers`.
    public static let listUsers = "/resonite_io.v1.Session/ListUsers"
    /// `/resonite_io.v1.Session/KickUser`.
    public static let kickUser = "/resonite_io.v1.Session/KickUser"
    /// `/resonite_io.v1.Session/BanUser`.
    public static let banUser = "/resonite_io.v1.Session/BanUser"
    /// `/resonite_io.v1.Session/SilenceUser`.
    public static let silenceUser = "/resonite_io.v1.Session/SilenceUser"
    /// `/resonite_io.v1.Session/RespawnUser`.
    public static let respawnUser = "/resonite_io.v1.Session/RespawnUser"
    /// `/resonite_io.v1.Session/SetUserRole`.
    public static let setUserRole = "/resonite_io.v1.Session/SetUserRole"
    /// `/resonite_io.v1.Session/ListRoles`.
    public static let listRoles = "/resonite_io.v1.Session/ListRoles"
    /// `/resonite_io.v1.Session/GetUserRoleOverrides`.
    public static let getUserRoleOverrides = "/resonite_io.v1.Session/GetUserRoleOverrides"
  }
}

extension StandInMod {
  /// The `Session` service over ``session``.
  var sessionHandlers: [String: UnaryHandler] {
    let model = session
    typealias Path = TestServer.Path.Session
    return [
      Path.getSettings: ModHandler.unary(ResoniteIo_V1_GetSettingsRequest.self) { _, _ in model.settings },
      Path.applySettings: ModHandler.unary(ResoniteIo_V1_SessionSettingsPatch.self) { patch, _ throws(CallFailure) in
        try model.applySettings(patch)
        return ResoniteIo_V1_ApplySettingsResponse()
      },
      Path.listUsers: ModHandler.unary(ResoniteIo_V1_ListUsersRequest.self) { _, _ in
        var reply = ResoniteIo_V1_ListUsersResponse()
        reply.users = model.users
        return reply
      },
      Path.kickUser: ModHandler.unary(ResoniteIo_V1_KickUserRequest.self) { request, _ throws(CallFailure) in
        try model.kick(request.target, kind: request.kind)
        return ResoniteIo_V1_KickUserResponse()
      },
      Path.banUser: ModHandler.unary(ResoniteIo_V1_BanUserRequest.self) { request, _ throws(CallFailure) in
        try model.ban(request.target)
        return ResoniteIo_V1_BanUserResponse()
      },
      Path.silenceUser: ModHandler.unary(ResoniteIo_V1_SilenceUserRequest.self) { request, _ throws(CallFailure) in
        var reply = ResoniteIo_V1_SilenceUserResponse()
        reply.user = try model.silence(request.target, silenced: request.silenced)
        return reply
      },
      Path.respawnUser: ModHandler.unary(ResoniteIo_V1_RespawnUserRequest.self) { request, _ throws(CallFailure) in
        try model.respawn(request.target)
        return ResoniteIo_V1_RespawnUserResponse()
      },
      Path.setUserRole: ModHandler.unary(ResoniteIo_V1_SetUserRoleRequest.self) { request, _ throws(CallFailure) in
        var reply = ResoniteIo_V1_SetUserRoleResponse()
        reply.user = try model.setRole(request.target, roleName: request.roleName)
        return reply
      },
      Path.listRoles: ModHandler.unary(ResoniteIo_V1_ListRolesRequest.self) { _, _ in model.roles() },
      Path.getUserRoleOverrides: ModHandler.unary(ResoniteIo_V1_GetUserRoleOverridesRequest.self) { _, _ in
        var reply = ResoniteIo_V1_GetUserRoleOverridesResponse()
        reply.overrides = model.overrides
        return reply
      },
    ]
  }
}
