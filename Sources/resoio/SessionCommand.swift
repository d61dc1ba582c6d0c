import ArgumentParser
import PythonCompatibility
import ResoniteIO

/// `resoio session`: the focused session's settings, users, roles and role overrides, like the
/// reference CLI's `session`.
struct Session: RequiresSubcommand {
  static let configuration = CommandConfiguration(
    abstract: "Read/patch session settings and moderate connected users.",
    discussion: """
      Drives the Session service (the in-game Session dialog). Groups:
      `settings` reads/patches the session config; `users` lists connected
      users; `user` moderates one user (kick/ban/silence/respawn/role); `roles`
      and `overrides` list the permission roles and per-user role overrides.

      Failures of a call exit 1 with one plain line naming the gRPC status and
      the server's message (the reference prints a Python traceback), e.g.
      PERMISSION_DENIED when the local user may not moderate.


      """ + socketResolutionHelp,
    subcommands: [Settings.self, Users.self, User.self, Roles.self, Overrides.self]
  )
}

extension Session {
  /// `-s/--socket` and `--format` on the leaves that print a result.
  struct Options: ParsableArguments {
    @OptionGroup var socketOptions: SocketOptions

    @Option(help: "Output format: human (text lines) or json (one document).")
    var format: OutputFormat = .human
  }

  // MARK: settings

  /// `resoio session settings`.
  struct Settings: RequiresSubcommand {
    static let configuration = CommandConfiguration(
      abstract: "Read or patch the session settings.", subcommands: [Get.self, Set.self])

    /// `resoio session settings get`.
    struct Get: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Print the current session settings.",
        discussion: """
          Prints aligned `key  value` lines (booleans True/False, access_level as
          a value such as contacts_plus, tags comma-separated), or with --format
          json one object with the same 15 keys.
          """)

      @OptionGroup var options: Options

      func run() async throws {
        let settings = try await ModCall.run("session settings get", socket: options.socketOptions) {
          try await $0.session.getSettings()
        }
        SessionText.print(settings, options.format)
      }
    }

    /// `resoio session settings set`.
    struct Set: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Patch the session settings (omitted flags are left unchanged).",
        discussion: """
          Patch the session settings. Omitted flags are left unchanged. At least
          one flag is required (exit 2 otherwise). --tags replaces the whole tag
          set (an empty value clears it). Then reads the settings back and prints
          them as `get` does.
          """)

      @Option(name: .customLong("world-name"), help: "Set the world name.")
      var worldName: String?

      @Option(name: .customLong("description"), help: "Set the world description.")
      var worldDescription: String?

      @Option(
        name: .customLong("max-users"), parsing: .unconditional, help: "Set the maximum number of users.",
        transform: PythonNumber.int)
      var maxUsers: Int?

      @Option(name: .customLong("access-level"), help: "Set the session access level.")
      var accessLevel: AccessChoice?

      @Flag(
        name: .customLong("hide-from-listing"), inversion: .prefixedNo,
        help: "Hide the session from the public listing.")
      var hideFromListing: Bool?

      @Flag(name: .customLong("mobile-friendly"), inversion: .prefixedNo, help: "Mark the session as mobile-friendly.")
      var mobileFriendly: Bool?

      @Flag(name: .customLong("away-kick-enabled"), inversion: .prefixedNo, help: "Enable kicking away users.")
      var awayKickEnabled: Bool?

      @Option(
        name: .customLong("away-kick-minutes"), parsing: .unconditional, help: "Minutes before an away user is kicked.",
        transform: PythonNumber.float32)
      var awayKickMinutes: Float?

      @Flag(name: .customLong("auto-save-enabled"), inversion: .prefixedNo, help: "Enable periodic auto-save.")
      var autoSaveEnabled: Bool?

      @Option(
        name: .customLong("auto-save-interval-minutes"), parsing: .unconditional,
        help: "Auto-save interval in minutes.", transform: PythonNumber.float32)
      var autoSaveIntervalMinutes: Float?

      @Flag(name: .customLong("auto-cleanup-enabled"), inversion: .prefixedNo, help: "Enable periodic auto-cleanup.")
      var autoCleanupEnabled: Bool?

      @Option(
        name: .customLong("auto-cleanup-interval-seconds"), parsing: .unconditional,
        help: "Auto-cleanup interval in seconds.", transform: PythonNumber.float32)
      var autoCleanupIntervalSeconds: Float?

      @Option(help: "Comma-separated tags to replace the whole set (empty clears it).")
      var tags: String?

      @OptionGroup var options: Options

      func validate() throws {
        let given: [Any?] = [
          worldName, worldDescription, maxUsers, accessLevel, hideFromListing, mobileFriendly, awayKickEnabled,
          awayKickMinutes, autoSaveEnabled, autoSaveIntervalMinutes, autoCleanupEnabled, autoCleanupIntervalSeconds,
          tags,
        ]
        if given.allSatisfy({ $0 == nil }) { throw ValidationError("at least one setting flag is required") }
      }

      func run() async throws {
        let settings = try await ModCall.run("session settings set", socket: options.socketOptions) { mod in
          try await mod.session.applySettings(
            worldName: worldName, worldDescription: worldDescription, maxUsers: maxUsers,
            accessLevel: accessLevel?.level, hideFromListing: hideFromListing, mobileFriendly: mobileFriendly,
            awayKickEnabled: awayKickEnabled, awayKickMinutes: awayKickMinutes, autoSaveEnabled: autoSaveEnabled,
            autoSaveIntervalMinutes: autoSaveIntervalMinutes, autoCleanupEnabled: autoCleanupEnabled,
            autoCleanupIntervalSeconds: autoCleanupIntervalSeconds, tags: tags.map(Self.splitTags))
          return try await mod.session.getSettings()
        }
        SessionText.print(settings, options.format)
      }

      /// The reference's `_split_tags`: split on commas, trim, drop empty pieces.
      static func splitTags(_ raw: String) -> [String] {
        raw.split(separator: ",", omittingEmptySubsequences: false)
          .map { PythonText.stripped(String($0)) }
          .filter { !$0.isEmpty }
      }
    }
  }

  enum AccessChoice: String, ExpressibleByArgument, CaseIterable {
    case `private`, lan, contacts
    case contactsPlus = "contacts-plus"
    case registered, anyone

    var level: SessionAccessLevel {
      switch self {
      case .private: .private
      case .lan: .lan
      case .contacts: .contacts
      case .contactsPlus: .contactsPlus
      case .registered: .registeredUsers
      case .anyone: .anyone
      }
    }
  }

  // MARK: users

  /// `resoio session users`.
  struct Users: RequiresSubcommand {
    static let configuration = CommandConfiguration(abstract: "List the connected users.", subcommands: [List.self])

    /// `resoio session users list`.
    struct List: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List the users connected to the session.",
        discussion: """
          One line per user: `name  id=…  role=…  platform=…  head=…  vol=…
          [flags]` (flags host, self, present, silenced, or -), or with --format
          json the list.
          """)

      @OptionGroup var options: Options

      func run() async throws {
        let users = try await ModCall.run("session users list", socket: options.socketOptions) {
          try await $0.session.listUsers()
        }
        switch options.format {
        case .human: users.map(SessionText.user).forEach(Console.out)
        case .json: Console.out(JSONValue.array(users.map(\.referenceJSON)).text)
        }
      }
    }
  }

  // MARK: user

  /// `--id` / `--name` / `--self`: whom a moderation leaf acts on.
  struct TargetOptions: ParsableArguments {
    @Option(name: .customLong("id"), help: "Target user id.")
    var userID = ""

    @Option(name: .customLong("name"), help: "Target user name.")
    var userName = ""

    @Flag(name: .customLong("self"), help: "Target the local user (self).")
    var isSelf = false

    /// Checks the three are mutually exclusive and, when `required`, that one is given. As in
    /// the reference (argparse), an empty --id or --name counts as not given.
    func check(required: Bool) throws {
      let given = [("--id", !userID.isEmpty), ("--name", !userName.isEmpty), ("--self", isSelf)].filter(\.1).map(\.0)
      if given.count > 1 { throw ValidationError("argument \(given[1]): not allowed with argument \(given[0])") }
      if required && given.isEmpty { throw ValidationError("one of the arguments --id --name --self is required") }
    }

    var target: UserTarget { UserTarget(userID: userID, userName: userName, isLocal: isSelf) }
  }

  /// `resoio session user`.
  struct User: RequiresSubcommand {
    static let configuration = CommandConfiguration(
      abstract: "Moderate a single user (kick/ban/silence/respawn/role).",
      discussion:
        "Each takes one target: --id, --name or --self (required except for respawn, which defaults to self).",
      subcommands: [Kick.self, Ban.self, Silence.self, Respawn.self, Role.self])

    enum KindChoice: String, ExpressibleByArgument, CaseIterable {
      case kick
      case kickAndRevoke = "kick-and-revoke"

      var kind: KickKind { self == .kick ? .kick : .kickAndRevoke }
    }

    /// `resoio session user kick`.
    struct Kick: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Kick a user from the session.", discussion: "Prints nothing on success.")

      @OptionGroup var target: TargetOptions

      @Option(help: "Kick variant (default: kick-and-revoke).")
      var kind: KindChoice = .kickAndRevoke

      @OptionGroup var socketOptions: SocketOptions

      func validate() throws { try target.check(required: true) }

      func run() async throws {
        try await ModCall.run("session user kick", socket: socketOptions) {
          try await $0.session.kickUser(target.target, kind: kind.kind)
        }
      }
    }

    /// `resoio session user ban`.
    struct Ban: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Ban a user from the session.", discussion: "Prints nothing on success.")

      @OptionGroup var target: TargetOptions
      @OptionGroup var socketOptions: SocketOptions

      func validate() throws { try target.check(required: true) }

      func run() async throws {
        try await ModCall.run("session user ban", socket: socketOptions) {
          try await $0.session.banUser(target.target)
        }
      }
    }

    /// `--on` / `--off`: the last one given wins, as with argparse's shared destination.
    enum SilenceChoice: String, EnumerableFlag {
      case on, off

      static func help(for value: SilenceChoice) -> ArgumentHelp? {
        value == .on ? "Silence the user (default)." : "Unsilence the user."
      }
    }

    /// `resoio session user silence`.
    struct Silence: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Silence or unsilence a user.", discussion: "Prints the user line as `users list` does.")

      @OptionGroup var target: TargetOptions

      @Flag(exclusivity: .chooseLast)
      var silence: SilenceChoice = .on

      @OptionGroup var options: Options

      func validate() throws { try target.check(required: true) }

      func run() async throws {
        let user = try await ModCall.run("session user silence", socket: options.socketOptions) {
          try await $0.session.silenceUser(target.target, silenced: silence == .on)
        }
        SessionText.print(user, options.format)
      }
    }

    /// `resoio session user respawn`.
    struct Respawn: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Respawn a user (defaults to self when no target is given).",
        discussion: "Prints nothing on success.")

      @OptionGroup var target: TargetOptions
      @OptionGroup var socketOptions: SocketOptions

      func validate() throws { try target.check(required: false) }

      func run() async throws {
        var target = self.target.target
        // No target flag: respawn self, as the reference does.
        if target.userID.isEmpty && target.userName.isEmpty { target.isLocal = true }
        try await ModCall.run("session user respawn", socket: socketOptions) { [target] in
          try await $0.session.respawnUser(target)
        }
      }
    }

    /// `resoio session user role ROLE_NAME`.
    struct Role: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Assign a role to a user.", discussion: "Prints the user line as `users list` does.")

      @OptionGroup var target: TargetOptions

      @Argument(help: "Role name to assign.")
      var roleName: String

      @OptionGroup var options: Options

      func validate() throws { try target.check(required: true) }

      func run() async throws {
        let user = try await ModCall.run("session user role", socket: options.socketOptions) {
          try await $0.session.setUserRole(target.target, roleName: roleName)
        }
        SessionText.print(user, options.format)
      }
    }
  }

  // MARK: roles, overrides

  /// `resoio session roles`.
  struct Roles: RequiresSubcommand {
    static let configuration = CommandConfiguration(
      abstract: "List the session's permission roles.", subcommands: [List.self])

    /// `resoio session roles list`.
    struct List: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List the permission roles and default-role assignments.",
        discussion: """
          One line per role (`name (highest|lowest) - description`), a blank line,
          then the five default roles; or with --format json one object.
          """)

      @OptionGroup var options: Options

      func run() async throws {
        let roles = try await ModCall.run("session roles list", socket: options.socketOptions) {
          try await $0.session.listRoles()
        }
        switch options.format {
        case .human: SessionText.roles(roles).forEach(Console.out)
        case .json: Console.out(roles.referenceJSON.text)
        }
      }
    }
  }

  /// `resoio session overrides`.
  struct Overrides: RequiresSubcommand {
    static let configuration = CommandConfiguration(
      abstract: "List the per-user default-role overrides.", subcommands: [List.self])

    /// `resoio session overrides list`.
    struct List: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "List the per-user default-role overrides.",
        discussion: "One `user_id  role` line each, or with --format json the list.")

      @OptionGroup var options: Options

      func run() async throws {
        let overrides = try await ModCall.run("session overrides list", socket: options.socketOptions) {
          try await $0.session.getUserRoleOverrides()
        }
        switch options.format {
        case .human: overrides.forEach { Console.out("\($0.userID)  \($0.roleName)") }
        case .json: Console.out(JSONValue.array(overrides.map(\.referenceJSON)).text)
        }
      }
    }
  }
}

/// The reference's session formatting.
enum SessionText {
  static func settings(_ settings: SessionSettings) -> [String] {
    let fields: [(String, String)] = [
      ("world_name", settings.worldName),
      ("world_description", settings.worldDescription),
      ("max_users", String(settings.maxUsers)),
      ("access_level", settings.accessLevel.rawValue),
      ("hide_from_listing", PythonText.bool(settings.hideFromListing)),
      ("mobile_friendly", PythonText.bool(settings.mobileFriendly)),
      ("away_kick_enabled", PythonText.bool(settings.awayKickEnabled)),
      ("away_kick_minutes", PythonText.float(settings.awayKickMinutes)),
      ("auto_save_enabled", PythonText.bool(settings.autoSaveEnabled)),
      ("auto_save_interval_minutes", PythonText.float(settings.autoSaveIntervalMinutes)),
      ("auto_cleanup_enabled", PythonText.bool(settings.autoCleanupEnabled)),
      ("auto_cleanup_interval_seconds", PythonText.float(settings.autoCleanupIntervalSeconds)),
      ("tags", settings.tags.joined(separator: ",")),
      ("session_id", settings.sessionID),
      ("is_host", PythonText.bool(settings.isHost)),
    ]
    let width = fields.map { PythonText.length($0.0) }.max() ?? 0
    return fields.map { "\(PythonText.leftJustified($0.0, width))  \($0.1)" }
  }

  static func print(_ settings: SessionSettings, _ format: OutputFormat) {
    switch format {
    case .human: self.settings(settings).forEach(Console.out)
    case .json: Console.out(settings.referenceJSON.text)
    }
  }

  static func user(_ user: SessionUser) -> String {
    let flags = [
      ("host", user.isHost), ("self", user.isLocalUser), ("present", user.isPresentInWorld),
      ("silenced", user.isSilenced),
    ].filter(\.1).map(\.0)
    func orDash(_ text: String) -> String { text.isEmpty ? "-" : text }
    return "\(user.userName)  id=\(orDash(user.userID))  role=\(orDash(user.roleName))  "
      + "platform=\(orDash(user.platform))  head=\(orDash(user.headDevice))  "
      + "vol=\(PythonText.float(user.localVolume))  [\(flags.isEmpty ? "-" : flags.joined(separator: ","))]"
  }

  static func print(_ user: SessionUser, _ format: OutputFormat) {
    switch format {
    case .human: Console.out(self.user(user))
    case .json: Console.out(user.referenceJSON.text)
    }
  }

  static func roles(_ roles: SessionRoles) -> [String] {
    var lines = roles.roles.map { role in
      let markers = [("highest", role.isHighest), ("lowest", role.isLowest)].filter(\.1).map(\.0)
      let markerText = markers.isEmpty ? "" : " (\(markers.joined(separator: ",")))"
      let description = role.roleDescription.isEmpty ? "" : " - \(role.roleDescription)"
      return role.roleName + markerText + description
    }
    func orDash(_ text: String) -> String { text.isEmpty ? "-" : text }
    lines.append("")
    lines.append("default_anonymous_role  \(orDash(roles.defaultAnonymousRole))")
    lines.append("default_visitor_role    \(orDash(roles.defaultVisitorRole))")
    lines.append("default_contact_role    \(orDash(roles.defaultContactRole))")
    lines.append("default_host_role       \(orDash(roles.defaultHostRole))")
    lines.append("default_owner_role      \(orDash(roles.defaultOwnerRole))")
    return lines
  }
}

extension SessionSettings {
  /// The reference's JSON: the 15 fields in declaration order, access_level as its value
  /// (`contacts_plus`), as `_settings_payload` writes it.
  var referenceJSON: JSONValue {
    .object([
      ("world_name", .string(worldName)), ("world_description", .string(worldDescription)),
      ("max_users", .integer(Int64(maxUsers))), ("access_level", .string(accessLevel.rawValue)),
      ("hide_from_listing", .bool(hideFromListing)), ("mobile_friendly", .bool(mobileFriendly)),
      ("away_kick_enabled", .bool(awayKickEnabled)), ("away_kick_minutes", .number(Double(awayKickMinutes))),
      ("auto_save_enabled", .bool(autoSaveEnabled)),
      ("auto_save_interval_minutes", .number(Double(autoSaveIntervalMinutes))),
      ("auto_cleanup_enabled", .bool(autoCleanupEnabled)),
      ("auto_cleanup_interval_seconds", .number(Double(autoCleanupIntervalSeconds))),
      ("tags", .array(tags.map(JSONValue.string))), ("session_id", .string(sessionID)), ("is_host", .bool(isHost)),
    ])
  }
}

extension SessionUser {
  /// The reference's JSON: the 10 fields of its `SessionUser` in declaration order.
  var referenceJSON: JSONValue {
    .object([
      ("user_id", .string(userID)), ("user_name", .string(userName)), ("is_host", .bool(isHost)),
      ("is_local_user", .bool(isLocalUser)), ("is_present_in_world", .bool(isPresentInWorld)),
      ("is_silenced", .bool(isSilenced)), ("local_volume", .number(Double(localVolume))),
      ("role_name", .string(roleName)), ("platform", .string(platform)), ("head_device", .string(headDevice)),
    ])
  }
}

extension SessionRoles {
  /// The reference's JSON: `{roles: [{role_name, role_description, is_highest, is_lowest}], default_…}`.
  var referenceJSON: JSONValue {
    .object([
      (
        "roles",
        .array(
          roles.map {
            .object([
              ("role_name", .string($0.roleName)), ("role_description", .string($0.roleDescription)),
              ("is_highest", .bool($0.isHighest)), ("is_lowest", .bool($0.isLowest)),
            ])
          })
      ),
      ("default_anonymous_role", .string(defaultAnonymousRole)), ("default_visitor_role", .string(defaultVisitorRole)),
      ("default_contact_role", .string(defaultContactRole)), ("default_host_role", .string(defaultHostRole)),
      ("default_owner_role", .string(defaultOwnerRole)),
    ])
  }
}

extension UserRoleOverride {
  /// The reference's JSON: `{user_id, role_name}`.
  var referenceJSON: JSONValue { .object([("user_id", .string(userID)), ("role_name", .string(roleName))]) }
}
