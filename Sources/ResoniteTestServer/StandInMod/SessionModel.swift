import ResoniteGRPC
public import ResoniteIOMessages
import Synchronization

/// The stand-in mod's focused session: its settings, users, roles and the local user's
/// permission to moderate, for the `Session` service.
///
/// Initial state (deterministic):
/// - settings: world "Stand-in Lounge" ("A session played by resoio-test-server"), max 16
///   users, access contacts+, listed, mobile friendly, away kick on after 10 min, auto-save off
///   (15 min), auto-cleanup on (300 s), tags `stand-in`, `social`, session `S-stand-in-lounge`,
///   the local user hosts.
/// - users, in order: `U-host` "Host" (the local user and host, role Admin), `U-alice` "Alice"
///   (Builder), `U-bob` "Bob" (Guest), and two guests with no user id both called "Guest"
///   (Spectator), so targeting the name "Guest" is ambiguous.
/// - roles Admin (highest), Builder, Moderator, Guest, Spectator (lowest); defaults: anonymous
///   Spectator, visitor Guest, contact Builder, host Admin, owner Admin.
/// - one role override: `U-alice` → Builder.
/// - ``localUserIsAllowed`` true.
///
/// Behaviour, as SERVICES.md describes the mod:
/// - A target resolves as the mod does: `local`, else a non-empty `user_id`, else `user_name`.
///   No match answers NOT_FOUND; a name several users share answers FAILED_PRECONDITION. An
///   empty target respawns the local user; for the other calls it matches nobody.
/// - With ``localUserIsAllowed`` false, ApplySettings, KickUser, BanUser, SilenceUser,
///   SetUserRole and respawning another user answer PERMISSION_DENIED (respawning yourself
///   still works).
/// - ApplySettings writes only the fields present in the patch (access level UNSPECIFIED =
///   unchanged, tags only with `replace_tags`); a `max_users` outside 1...255 answers
///   INVALID_ARGUMENT and changes nothing. Its arguments are checked before the permission.
/// - Kick and Ban remove the user (Ban also records them in ``State/banned``); kicking or
///   banning the local user answers INVALID_ARGUMENT. Silence sets `is_silenced`. SetUserRole
///   needs an existing role (NOT_FOUND otherwise) and, for a user with an id, also writes the
///   role override.
public final class SessionModel: Sendable {
  /// Everything the model holds. Wire types, so tests can set any value, UNSPECIFIED included.
  public struct State: Sendable {
    /// What GetSettings answers.
    public var settings: ResoniteIo_V1_SessionSettings
    /// The users in the session, in the order ListUsers answers them.
    public var users: [ResoniteIo_V1_SessionUser]
    /// What ListRoles answers (roles and the five defaults).
    public var roles: ResoniteIo_V1_ListRolesResponse
    /// What GetUserRoleOverrides answers.
    public var overrides: [ResoniteIo_V1_UserRoleOverride]
    /// False plays a local user without host permissions: writes answer PERMISSION_DENIED.
    public var localUserIsAllowed: Bool
    /// The users kicked so far, with the kind the request asked for.
    public var kicked: [Kick]
    /// The users banned so far.
    public var banned: [ResoniteIo_V1_SessionUser]
    /// The users respawned so far (as they were then).
    public var respawned: [ResoniteIo_V1_SessionUser]
    /// The last ApplySettings patch received, exactly as it came (presence included), even if
    /// it was refused.
    public var lastPatch: ResoniteIo_V1_SessionSettingsPatch?

    /// Creates a state.
    public init(
      settings: ResoniteIo_V1_SessionSettings, users: [ResoniteIo_V1_SessionUser],
      roles: ResoniteIo_V1_ListRolesResponse, overrides: [ResoniteIo_V1_UserRoleOverride],
      localUserIsAllowed: Bool = true, kicked: [Kick] = [], banned: [ResoniteIo_V1_SessionUser] = [],
      respawned: [ResoniteIo_V1_SessionUser] = [], lastPatch: ResoniteIo_V1_SessionSettingsPatch? = nil
    ) {
      self.settings = settings
      self.users = users
      self.roles = roles
      self.overrides = overrides
      self.localUserIsAllowed = localUserIsAllowed
      self.kicked = kicked
      self.banned = banned
      self.respawned = respawned
      self.lastPatch = lastPatch
    }
  }

  /// One KickUser the model carried out.
  public struct Kick: Sendable, Hashable {
    /// The user as they were when kicked.
    public var user: ResoniteIo_V1_SessionUser
    /// The kind the request asked for (UNSPECIFIED when it sent none).
    public var kind: ResoniteIo_V1_KickKind
  }

  private let state: Mutex<State>

  /// Creates the session in `state`, by default the initial state documented above.
  public init(_ state: State = SessionModel.initialState()) {
    self.state = Mutex(state)
  }

  /// A copy of everything, for tests.
  public var snapshot: State { state.withLock { $0 } }

  /// Changes the state (for tests that need other settings, users or permissions).
  public func update(_ body: (inout State) -> Void) {
    state.withLock { body(&$0) }
  }

  /// The current settings.
  public var settings: ResoniteIo_V1_SessionSettings { state.withLock { $0.settings } }
  /// The current users.
  public var users: [ResoniteIo_V1_SessionUser] { state.withLock { $0.users } }
  /// The current role overrides.
  public var overrides: [ResoniteIo_V1_UserRoleOverride] { state.withLock { $0.overrides } }
  /// Whether the local user may change settings and moderate (the permission switch).
  public var localUserIsAllowed: Bool {
    get { state.withLock { $0.localUserIsAllowed } }
    set { state.withLock { $0.localUserIsAllowed = newValue } }
  }

  // MARK: Initial state

  /// The initial state documented above (what ``init(_:)`` starts from by default).
  public static func initialState() -> State {
    var settings = ResoniteIo_V1_SessionSettings()
    settings.worldName = "Stand-in Lounge"
    settings.worldDescription = "A session played by resoio-test-server"
    settings.maxUsers = 16
    settings.accessLevel = .contactsPlus
    settings.hideFromListing = false
    settings.mobileFriendly = true
    settings.awayKickEnabled = true
    settings.awayKickMinutes = 10
    settings.autoSaveEnabled = false
    settings.autoSaveIntervalMinutes = 15
    settings.autoCleanupEnabled = true
    settings.autoCleanupIntervalSeconds = 300
    settings.tags = ["stand-in", "social"]
    settings.sessionID = "S-stand-in-lounge"
    settings.isHost = true

    let users = [
      user("U-host", "Host", role: "Admin", platform: "Linux", head: "Screen", host: true, local: true),
      user("U-alice", "Alice", role: "Builder", platform: "Windows", head: "SteamVR"),
      user("U-bob", "Bob", role: "Guest", platform: "Android", head: "Quest"),
      user("", "Guest", role: "Spectator", platform: "Windows", head: "Screen"),
      user("", "Guest", role: "Spectator", platform: "Linux", head: "Screen"),
    ]

    var roles = ResoniteIo_V1_ListRolesResponse()
    roles.roles = [
      role("Admin", "Full control of the world and the session", highest: true),
      role("Builder", "Can build and edit the world"),
      role("Moderator", "Can moderate users but not build"),
      role("Guest", "Can interact but not build"),
      role("Spectator", "Can only watch", lowest: true),
    ]
    roles.defaultAnonymousRole = "Spectator"
    roles.defaultVisitorRole = "Guest"
    roles.defaultContactRole = "Builder"
    roles.defaultHostRole = "Admin"
    roles.defaultOwnerRole = "Admin"

    var override = ResoniteIo_V1_UserRoleOverride()
    override.userID = "U-alice"
    override.roleName = "Builder"
    return State(settings: settings, users: users, roles: roles, overrides: [override])
  }

  private static func user(
    _ id: String, _ name: String, role: String, platform: String, head: String, host: Bool = false,
    local: Bool = false
  ) -> ResoniteIo_V1_SessionUser {
    var user = ResoniteIo_V1_SessionUser()
    user.userID = id
    user.userName = name
    user.isHost = host
    user.isLocalUser = local
    user.isPresentInWorld = true
    user.isSilenced = false
    user.localVolume = 1
    user.roleName = role
    user.platform = platform
    user.headDevice = head
    return user
  }

  private static func role(
    _ name: String, _ description: String, highest: Bool = false, lowest: Bool = false
  ) -> ResoniteIo_V1_SessionRole {
    var role = ResoniteIo_V1_SessionRole()
    role.roleName = name
    role.roleDescription = description
    role.isHighest = highest
    role.isLowest = lowest
    return role
  }

  // MARK: Service behaviour (called by the handlers)

  func applySettings(_ patch: ResoniteIo_V1_SessionSettingsPatch) throws(CallFailure) {
    try state.withLock { (state) throws(CallFailure) in
      state.lastPatch = patch
      if patch.hasMaxUsers, !(1...255).contains(patch.maxUsers) {
        throw CallFailure(
          code: .invalidArgument, message: "max_users must be between 1 and 255 (got \(patch.maxUsers)).")
      }
      try Self.requirePermission(state, to: "change the session settings")
      if patch.hasWorldName { state.settings.worldName = patch.worldName }
      if patch.hasWorldDescription { state.settings.worldDescription = patch.worldDescription }
      if patch.hasMaxUsers { state.settings.maxUsers = patch.maxUsers }
      if patch.accessLevel != .unspecified { state.settings.accessLevel = patch.accessLevel }
      if patch.hasHideFromListing { state.settings.hideFromListing = patch.hideFromListing }
      if patch.hasMobileFriendly { state.settings.mobileFriendly = patch.mobileFriendly }
      if patch.hasAwayKickEnabled { state.settings.awayKickEnabled = patch.awayKickEnabled }
      if patch.hasAwayKickMinutes { state.settings.awayKickMinutes = patch.awayKickMinutes }
      if patch.hasAutoSaveEnabled { state.settings.autoSaveEnabled = patch.autoSaveEnabled }
      if patch.hasAutoSaveIntervalMinutes { state.settings.autoSaveIntervalMinutes = patch.autoSaveIntervalMinutes }
      if patch.hasAutoCleanupEnabled { state.settings.autoCleanupEnabled = patch.autoCleanupEnabled }
      if patch.hasAutoCleanupIntervalSeconds {
        state.settings.autoCleanupIntervalSeconds = patch.autoCleanupIntervalSeconds
      }
      if patch.replaceTags { state.settings.tags = patch.tags }
    }
  }

  func kick(_ target: ResoniteIo_V1_UserTarget, kind: ResoniteIo_V1_KickKind) throws(CallFailure) {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requirePermission(state, to: "kick users")
      let index = try Self.resolve(target, in: state)
      let user = state.users[index]
      guard !user.isLocalUser else {
        throw CallFailure(code: .invalidArgument, message: "Cannot kick the local user.")
      }
      state.users.remove(at: index)
      state.kicked.append(Kick(user: user, kind: kind))
    }
  }

  func ban(_ target: ResoniteIo_V1_UserTarget) throws(CallFailure) {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requirePermission(state, to: "ban users")
      let index = try Self.resolve(target, in: state)
      let user = state.users[index]
      guard !user.isLocalUser else {
        throw CallFailure(code: .invalidArgument, message: "Cannot ban the local user.")
      }
      state.users.remove(at: index)
      state.banned.append(user)
    }
  }

  func silence(_ target: ResoniteIo_V1_UserTarget, silenced: Bool) throws(CallFailure) -> ResoniteIo_V1_SessionUser {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requirePermission(state, to: "silence users")
      let index = try Self.resolve(target, in: state)
      state.users[index].isSilenced = silenced
      return state.users[index]
    }
  }

  func respawn(_ target: ResoniteIo_V1_UserTarget) throws(CallFailure) {
    try state.withLock { (state) throws(CallFailure) in
      var target = target
      if !target.local && target.userID.isEmpty && target.userName.isEmpty { target.local = true }
      let index = try Self.resolve(target, in: state)
      if !state.users[index].isLocalUser {
        try Self.requirePermission(state, to: "respawn other users")
      }
      state.respawned.append(state.users[index])
    }
  }

  func setRole(_ target: ResoniteIo_V1_UserTarget, roleName: String) throws(CallFailure) -> ResoniteIo_V1_SessionUser {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requirePermission(state, to: "assign roles")
      let index = try Self.resolve(target, in: state)
      guard state.roles.roles.contains(where: { $0.roleName == roleName }) else {
        throw CallFailure(code: .notFound, message: "Role not found: \(roleName)")
      }
      state.users[index].roleName = roleName
      let userID = state.users[index].userID
      if !userID.isEmpty {
        var override = ResoniteIo_V1_UserRoleOverride()
        override.userID = userID
        override.roleName = roleName
        if let existing = state.overrides.firstIndex(where: { $0.userID == userID }) {
          state.overrides[existing] = override
        } else {
          state.overrides.append(override)
        }
      }
      return state.users[index]
    }
  }

  func roles() -> ResoniteIo_V1_ListRolesResponse { state.withLock { $0.roles } }

  private static func requirePermission(_ state: State, to action: String) throws(CallFailure) {
    guard state.localUserIsAllowed else {
      throw CallFailure(code: .permissionDenied, message: "The local user is not allowed to \(action).")
    }
  }

  /// The index of the one user `target` names, as the mod resolves it.
  private static func resolve(_ target: ResoniteIo_V1_UserTarget, in state: State) throws(CallFailure) -> Int {
    if target.local {
      guard let index = state.users.firstIndex(where: \.isLocalUser) else {
        throw CallFailure(code: .notFound, message: "User not found: the local user")
      }
      return index
    }
    if !target.userID.isEmpty {
      guard let index = state.users.firstIndex(where: { $0.userID == target.userID }) else {
        throw CallFailure(code: .notFound, message: "User not found: \(target.userID)")
      }
      return index
    }
    let matches = state.users.indices.filter { state.users[$0].userName == target.userName }
    guard let first = matches.first, !target.userName.isEmpty else {
      throw CallFailure(
        code: .notFound,
        message: target.userName.isEmpty ? "User not found: no target given" : "User not found: \(target.userName)")
    }
    guard matches.count == 1 else {
      throw CallFailure(
        code: .failedPrecondition,
        message: "User name '\(target.userName)' is ambiguous (\(matches.count) users); target by user_id.")
    }
    return first
  }
}
