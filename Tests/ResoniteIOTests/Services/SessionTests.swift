import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Session service")
struct SessionTests {
  typealias Path = TestServer.Path.Session

  // MARK: Settings

  @Test("getSettings maps all 15 fields of the stand-in's session")
  func getSettings() async throws {
    try await withMod { client, _ in
      let settings = try await client.session.getSettings()
      #expect(
        settings
          == SessionSettings(
            worldName: "Stand-in Lounge", worldDescription: "A session played by resoio-test-server", maxUsers: 16,
            accessLevel: .contactsPlus, hideFromListing: false, mobileFriendly: true, awayKickEnabled: true,
            awayKickMinutes: 10, autoSaveEnabled: false, autoSaveIntervalMinutes: 15, autoCleanupEnabled: true,
            autoCleanupIntervalSeconds: 300, tags: ["stand-in", "social"], sessionID: "S-stand-in-lounge",
            isHost: true))
    }
  }

  @Test("getSettings refuses a wire UNSPECIFIED or unknown access level instead of coercing it")
  func getSettingsUnmappableAccessLevel() async throws {
    try await withMod { client, server in
      server.mod.session.update { $0.settings.accessLevel = .unspecified }
      let unspecified = await expectUnexpectedReply { _ = try await client.session.getSettings() }
      #expect(unspecified?.method == "Session/GetSettings")
      #expect(unspecified?.problem == "unmappable access level 0")

      server.mod.session.update { $0.settings.accessLevel = .UNRECOGNIZED(42) }
      let unknown = await expectUnexpectedReply { _ = try await client.session.getSettings() }
      #expect(unknown?.problem == "unmappable access level 42")
    }
  }

  @Test("applySettings leaves nil arguments absent on the wire and changes only what it was given")
  func applySettingsPresence() async throws {
    try await withMod { client, server in
      try await client.session.applySettings(worldName: "Lab")
      let patch = try #require(server.mod.session.snapshot.lastPatch)
      #expect(patch.hasWorldName && patch.worldName == "Lab")
      #expect(!patch.hasWorldDescription && !patch.hasMaxUsers && !patch.hasHideFromListing)
      #expect(!patch.hasMobileFriendly && !patch.hasAwayKickEnabled && !patch.hasAwayKickMinutes)
      #expect(!patch.hasAutoSaveEnabled && !patch.hasAutoSaveIntervalMinutes)
      #expect(!patch.hasAutoCleanupEnabled && !patch.hasAutoCleanupIntervalSeconds)
      #expect(patch.accessLevel == .unspecified)
      #expect(!patch.replaceTags && patch.tags.isEmpty)

      let settings = try await client.session.getSettings()
      #expect(settings.worldName == "Lab")
      #expect(settings.worldDescription == "A session played by resoio-test-server")
      #expect(settings.accessLevel == .contactsPlus)
      #expect(settings.tags == ["stand-in", "social"])
    }
  }

  @Test("applySettings sends false, 0 and empty values as real values; a later getSettings returns them")
  func applySettingsEveryField() async throws {
    try await withMod { client, server in
      try await client.session.applySettings(
        worldName: "", worldDescription: "quiet", maxUsers: 1, accessLevel: .private, hideFromListing: true,
        mobileFriendly: false, awayKickEnabled: false, awayKickMinutes: 0, autoSaveEnabled: true,
        autoSaveIntervalMinutes: 2.5, autoCleanupEnabled: false, autoCleanupIntervalSeconds: 0,
        tags: ["a", "b"])
      let patch = try #require(server.mod.session.snapshot.lastPatch)
      #expect(patch.hasWorldName && patch.worldName == "")
      #expect(patch.hasMobileFriendly && !patch.mobileFriendly)
      #expect(patch.hasAwayKickMinutes && patch.awayKickMinutes == 0)
      #expect(patch.accessLevel == .private)
      #expect(patch.replaceTags && patch.tags == ["a", "b"])

      let settings = try await client.session.getSettings()
      #expect(
        settings
          == SessionSettings(
            worldName: "", worldDescription: "quiet", maxUsers: 1, accessLevel: .private, hideFromListing: true,
            mobileFriendly: false, awayKickEnabled: false, awayKickMinutes: 0, autoSaveEnabled: true,
            autoSaveIntervalMinutes: 2.5, autoCleanupEnabled: false, autoCleanupIntervalSeconds: 0, tags: ["a", "b"],
            sessionID: "S-stand-in-lounge", isHost: true))
    }
  }

  @Test("tags: an empty array clears them (replace_tags set), nil leaves them")
  func applySettingsTags() async throws {
    try await withMod { client, server in
      try await client.session.applySettings(hideFromListing: true)
      #expect(try await client.session.getSettings().tags == ["stand-in", "social"])

      try await client.session.applySettings(tags: [])
      let patch = try #require(server.mod.session.snapshot.lastPatch)
      #expect(patch.replaceTags)
      #expect(try await client.session.getSettings().tags == [])
    }
  }

  @Test("every access level goes out by name and comes back as itself", arguments: SessionAccessLevel.allCases)
  func accessLevelRoundTrip(level: SessionAccessLevel) async throws {
    try await withMod { client, server in
      try await client.session.applySettings(accessLevel: level)
      let wire = try #require(server.mod.session.snapshot.lastPatch).accessLevel
      let expected: [SessionAccessLevel: ResoniteIo_V1_SessionAccessLevel] = [
        .private: .private, .lan: .lan, .contacts: .contacts, .contactsPlus: .contactsPlus,
        .registeredUsers: .registeredUsers, .anyone: .anyone,
      ]
      #expect(wire == expected[level])
      #expect(try await client.session.getSettings().accessLevel == level)
    }
  }

  @Test("the public enums carry the reference client's values")
  func enumRawValues() {
    #expect(
      SessionAccessLevel.allCases.map(\.rawValue) == [
        "private", "lan", "contacts", "contacts_plus", "registered_users", "anyone",
      ])
    #expect(KickKind.allCases.map(\.rawValue) == ["kick", "kick_and_revoke"])
  }

  @Test("max_users outside 1...255 answers INVALID_ARGUMENT and changes nothing", arguments: [0, 256, -1, Int.max])
  func maxUsersOutOfRange(maxUsers: Int) async throws {
    try await withMod { client, server in
      let error = await expectRPCError { try await client.session.applySettings(worldName: "X", maxUsers: maxUsers) }
      #expect(error?.code == .invalidArgument)
      let sent = maxUsers == Int.max ? "2147483647" : "\(maxUsers)"
      #expect(error?.message == "max_users must be between 1 and 255 (got \(sent)).")
      #expect(server.mod.session.settings.maxUsers == 16)
      #expect(server.mod.session.settings.worldName == "Stand-in Lounge")
    }
  }

  @Test("max_users 255 is accepted")
  func maxUsersUpperBound() async throws {
    try await withMod { client, _ in
      try await client.session.applySettings(maxUsers: 255)
      #expect(try await client.session.getSettings().maxUsers == 255)
    }
  }

  // MARK: Users

  @Test("listUsers maps the stand-in's five users")
  func listUsers() async throws {
    try await withMod { client, _ in
      let users = try await client.session.listUsers()
      #expect(users.map(\.userName) == ["Host", "Alice", "Bob", "Guest", "Guest"])
      #expect(
        users[0]
          == SessionUser(
            userID: "U-host", userName: "Host", isHost: true, isLocalUser: true, isPresentInWorld: true,
            isSilenced: false, localVolume: 1, roleName: "Admin", platform: "Linux", headDevice: "Screen"))
      #expect(users[2].platform == "Android" && users[2].headDevice == "Quest" && users[2].roleName == "Guest")
      #expect(users[3].userID == "" && !users[3].isHost && !users[3].isLocalUser)
    }
  }

  @Test("kickUser removes the user; kind defaults to kick-and-revoke, as in the reference")
  func kickUser() async throws {
    try await withMod { client, server in
      try await client.session.kickUser(.user(id: "U-bob"))
      try await client.session.kickUser(.user(named: "Alice"), kind: .kick)
      let kicked = server.mod.session.snapshot.kicked
      #expect(kicked.map(\.user.userID) == ["U-bob", "U-alice"])
      #expect(kicked.map(\.kind) == [.kickAndRevoke, .kick])
      #expect(try await client.session.listUsers().map(\.userName) == ["Host", "Guest", "Guest"])
    }
  }

  @Test("kickUser: unknown user NOT_FOUND, ambiguous name FAILED_PRECONDITION, the local user INVALID_ARGUMENT")
  func kickUserErrors() async throws {
    try await withMod { client, server in
      let unknown = await expectRPCError { try await client.session.kickUser(.user(id: "U-nobody")) }
      #expect(unknown?.code == .notFound)
      #expect(unknown?.message == "User not found: U-nobody")
      let unknownName = await expectRPCError { try await client.session.kickUser(.user(named: "Zed")) }
      #expect(unknownName?.code == .notFound)
      let empty = await expectRPCError { try await client.session.kickUser(UserTarget()) }
      #expect(empty?.code == .notFound)
      let ambiguous = await expectRPCError { try await client.session.kickUser(.user(named: "Guest")) }
      #expect(ambiguous?.code == .failedPrecondition)
      #expect(ambiguous?.message == "User name 'Guest' is ambiguous (2 users); target by user_id.")
      let local = await expectRPCError { try await client.session.kickUser(.local) }
      #expect(local?.code == .invalidArgument)
      #expect(server.mod.session.users.count == 5)
    }
  }

  @Test("banUser removes the user and records the ban")
  func banUser() async throws {
    try await withMod { client, server in
      try await client.session.banUser(.user(id: "U-alice"))
      #expect(server.mod.session.snapshot.banned.map(\.userName) == ["Alice"])
      #expect(!(try await client.session.listUsers()).contains { $0.userID == "U-alice" })
      let ambiguous = await expectRPCError { try await client.session.banUser(.user(named: "Guest")) }
      #expect(ambiguous?.code == .failedPrecondition)
      let unknown = await expectRPCError { try await client.session.banUser(.user(id: "U-alice")) }
      #expect(unknown?.code == .notFound)
    }
  }

  @Test("silenceUser returns the updated user; silenced: false unsilences; the state persists")
  func silenceUser() async throws {
    try await withMod { client, _ in
      let silenced = try await client.session.silenceUser(.user(id: "U-bob"))
      #expect(silenced.userID == "U-bob" && silenced.isSilenced)
      #expect(try await client.session.listUsers().first { $0.userID == "U-bob" }?.isSilenced == true)
      let unsilenced = try await client.session.silenceUser(.user(named: "Bob"), silenced: false)
      #expect(!unsilenced.isSilenced)
      #expect(try await client.session.listUsers().first { $0.userID == "U-bob" }?.isSilenced == false)
    }
  }

  @Test("a target with both an id and a name goes out as given; the mod prefers the id, and local wins")
  func targetPrecedence() async throws {
    try await withMod { client, _ in
      let byID = try await client.session.silenceUser(UserTarget(userID: "U-alice", userName: "Bob"))
      #expect(byID.userName == "Alice")
      let local = try await client.session.silenceUser(UserTarget(userID: "U-alice", userName: "Bob", isLocal: true))
      #expect(local.isLocalUser)
    }
  }

  @Test("UserTarget's wire form and description")
  func userTargetValues() {
    #expect(UserTarget.local == UserTarget(isLocal: true))
    #expect(UserTarget.user(id: "U-x") == UserTarget(userID: "U-x"))
    #expect(UserTarget.user(named: "Bob") == UserTarget(userName: "Bob"))
    #expect(UserTarget.local.description == "local")
    #expect(UserTarget.user(id: "U-x").description == "id U-x")
    #expect(UserTarget.user(named: "Bob").description == "name \"Bob\"")
    #expect(UserTarget().description == "unspecified")
  }

  @Test("respawnUser with no target and respawnSelf respawn the local user; a target respawns that user")
  func respawn() async throws {
    try await withMod { client, server in
      try await client.session.respawnUser()
      try await client.session.respawnSelf()
      try await client.session.respawnUser(.user(id: "U-bob"))
      #expect(server.mod.session.snapshot.respawned.map(\.userName) == ["Host", "Host", "Bob"])
      let ambiguous = await expectRPCError { try await client.session.respawnUser(.user(named: "Guest")) }
      #expect(ambiguous?.code == .failedPrecondition)
    }
  }

  @Test("setUserRole returns the updated user and writes the role override")
  func setUserRole() async throws {
    try await withMod { client, _ in
      let bob = try await client.session.setUserRole(.user(id: "U-bob"), roleName: "Moderator")
      #expect(bob.userID == "U-bob" && bob.roleName == "Moderator")
      #expect(try await client.session.listUsers().first { $0.userID == "U-bob" }?.roleName == "Moderator")
      let overrides = try await client.session.getUserRoleOverrides()
      #expect(
        overrides == [
          UserRoleOverride(userID: "U-alice", roleName: "Builder"),
          UserRoleOverride(userID: "U-bob", roleName: "Moderator"),
        ])
      _ = try await client.session.setUserRole(.user(named: "Alice"), roleName: "Guest")
      #expect(try await client.session.getUserRoleOverrides().first?.roleName == "Guest")
    }
  }

  @Test("setUserRole: unknown role or user NOT_FOUND, ambiguous name FAILED_PRECONDITION")
  func setUserRoleErrors() async throws {
    try await withMod { client, server in
      let role = await expectRPCError {
        _ = try await client.session.setUserRole(.user(id: "U-bob"), roleName: "Owner")
      }
      #expect(role?.code == .notFound)
      #expect(role?.message == "Role not found: Owner")
      let user = await expectRPCError {
        _ = try await client.session.setUserRole(.user(id: "U-zed"), roleName: "Guest")
      }
      #expect(user?.code == .notFound)
      let ambiguous = await expectRPCError {
        _ = try await client.session.setUserRole(.user(named: "Guest"), roleName: "Builder")
      }
      #expect(ambiguous?.code == .failedPrecondition)
      #expect(server.mod.session.users.first { $0.userID == "U-bob" }?.roleName == "Guest")
    }
  }

  @Test("without permission: settings writes and moderation answer PERMISSION_DENIED; respawning yourself works")
  func permissionDenied() async throws {
    try await withMod { client, server in
      server.mod.session.localUserIsAllowed = false
      let session = client.session
      let calls: [(String, () async throws -> Void)] = [
        ("apply", { try await session.applySettings(worldName: "Mine") }),
        ("kick", { try await session.kickUser(.user(id: "U-bob")) }),
        ("ban", { try await session.banUser(.user(id: "U-bob")) }),
        ("silence", { _ = try await session.silenceUser(.user(id: "U-bob")) }),
        ("respawn", { try await session.respawnUser(.user(id: "U-bob")) }),
        ("role", { _ = try await session.setUserRole(.user(id: "U-bob"), roleName: "Admin") }),
      ]
      for (name, call) in calls {
        let error = await expectRPCError(call)
        #expect(error?.code == .permissionDenied, "\(name)")
        #expect(error?.message.hasPrefix("The local user is not allowed to ") == true, "\(name)")
      }
      try await session.respawnSelf()
      #expect(server.mod.session.snapshot.respawned.map(\.userName) == ["Host"])
      #expect(server.mod.session.settings.worldName == "Stand-in Lounge")
      #expect(server.mod.session.users.count == 5)
      // Reads stay allowed.
      #expect(try await session.listUsers().count == 5)
    }
  }

  // MARK: Roles

  @Test("listRoles maps the roles and the five defaults")
  func listRoles() async throws {
    try await withMod { client, _ in
      let roles = try await client.session.listRoles()
      #expect(roles.roles.map(\.roleName) == ["Admin", "Builder", "Moderator", "Guest", "Spectator"])
      #expect(roles.roles.first?.isHighest == true && roles.roles.first?.isLowest == false)
      #expect(roles.roles.last?.isLowest == true && roles.roles.last?.isHighest == false)
      #expect(roles.roles[1].roleDescription == "Can build and edit the world")
      #expect(roles.defaultAnonymousRole == "Spectator")
      #expect(roles.defaultVisitorRole == "Guest")
      #expect(roles.defaultContactRole == "Builder")
      #expect(roles.defaultHostRole == "Admin")
      #expect(roles.defaultOwnerRole == "Admin")
    }
  }

  @Test("getUserRoleOverrides maps the stand-in's override")
  func overrides() async throws {
    try await withMod { client, _ in
      let overrides = try await client.session.getUserRoleOverrides()
      #expect(overrides == [UserRoleOverride(userID: "U-alice", roleName: "Builder")])
    }
  }

  // MARK: Reply checks and statuses

  @Test("a SilenceUser or SetUserRole reply without a user is an UnexpectedReplyError")
  func missingUser() async throws {
    try await withMod({
      $0.handlers[Path.silenceUser] = replying(ResoniteIo_V1_SilenceUserResponse())
      $0.handlers[Path.setUserRole] = replying(ResoniteIo_V1_SetUserRoleResponse())
    }) { client, _ in
      let silence = await expectUnexpectedReply { _ = try await client.session.silenceUser(.user(id: "U-bob")) }
      #expect(silence?.method == "Session/SilenceUser")
      #expect(silence?.problem == "no user in the reply")
      let role = await expectUnexpectedReply {
        _ = try await client.session.setUserRole(.user(id: "U-bob"), roleName: "Guest")
      }
      #expect(role?.method == "Session/SetUserRole")
    }
  }

  @Test("the target and kind go on the wire exactly as given")
  func wireTarget() async throws {
    let capture = RequestCapture<ResoniteIo_V1_KickUserRequest>()
    try await withMod({
      $0.handlers[Path.kickUser] = capture.handler(replying: ResoniteIo_V1_KickUserResponse())
    }) { client, _ in
      try await client.session.kickUser(UserTarget(userID: "U-a", userName: "A", isLocal: true), kind: .kick)
      try await client.session.kickUser(.user(named: "B"))
    }
    let requests = capture.all
    try #require(requests.count == 2)
    #expect(requests[0].hasTarget && requests[0].target.userID == "U-a" && requests[0].target.userName == "A")
    #expect(requests[0].target.local && requests[0].kind == .kick)
    #expect(requests[1].target.userName == "B" && requests[1].target.userID == "" && !requests[1].target.local)
    #expect(requests[1].kind == .kickAndRevoke)
  }

  @Test("a failing RPC surfaces the server's status and message unchanged (NotReady)")
  func failureKnob() async throws {
    try await withMod({
      $0.failures[Path.getSettings] = CallFailure(code: .failedPrecondition, message: "Session is not ready.")
    }) { client, server in
      let error = await expectRPCError { _ = try await client.session.getSettings() }
      #expect(error?.code == .failedPrecondition)
      #expect(error?.message == "Session is not ready.")
      #expect(server.callCount(path: Path.getSettings) == 1)
    }
  }

  @Test("calls on a closed client throw notConnected before any RPC")
  func notConnected() async throws {
    try await withMod { client, server in
      await client.close()
      await #expect(throws: ResoniteClientError.notConnected) { _ = try await client.session.listUsers() }
      #expect(server.callCount(path: Path.listUsers) == 0)
    }
  }
}
