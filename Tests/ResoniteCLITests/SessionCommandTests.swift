import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio session")
struct SessionCommandTests {
  static let settingsLines = [
    "world_name                     Stand-in Lounge",
    "world_description              A session played by resoio-test-server",
    "max_users                      16",
    "access_level                   contacts_plus",
    "hide_from_listing              False",
    "mobile_friendly                True",
    "away_kick_enabled              True",
    "away_kick_minutes              10.0",
    "auto_save_enabled              False",
    "auto_save_interval_minutes     15.0",
    "auto_cleanup_enabled           True",
    "auto_cleanup_interval_seconds  300.0",
    "tags                           stand-in,social",
    "session_id                     S-stand-in-lounge",
    "is_host                        True",
  ]

  @Test("settings get: aligned key  value lines; json with the 15 keys, access_level as its value")
  func settingsGet() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let human = try await scratch.resoio("session", "settings", "get", "-s", server.socketPath)
      #expect(human.status == 0 && human.stderr == "", "\(human)")
      #expect(human.stdoutLines == Self.settingsLines, "\(human)")
      let json = try await scratch.resoio("session", "settings", "get", "--format", "json", "-s", server.socketPath)
      #expect(
        json.stdout == """
          {
            "world_name": "Stand-in Lounge",
            "world_description": "A session played by resoio-test-server",
            "max_users": 16,
            "access_level": "contacts_plus",
            "hide_from_listing": false,
            "mobile_friendly": true,
            "away_kick_enabled": true,
            "away_kick_minutes": 10.0,
            "auto_save_enabled": false,
            "auto_save_interval_minutes": 15.0,
            "auto_cleanup_enabled": true,
            "auto_cleanup_interval_seconds": 300.0,
            "tags": [
              "stand-in",
              "social"
            ],
            "session_id": "S-stand-in-lounge",
            "is_host": true
          }

          """, "\(json)")
    }
  }

  @Test("settings set: every flag, --no- forms, floats as Python prints float32, then the settings read back")
  func settingsSetEveryFlag() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        "session", "settings", "set", "--world-name", "Grüße ✓", "--description", "it's", "--max-users", "20",
        "--access-level", "registered", "--hide-from-listing", "--no-mobile-friendly", "--no-away-kick-enabled",
        "--away-kick-minutes", "0.1", "--auto-save-enabled", "--auto-save-interval-minutes", "2.5",
        "--no-auto-cleanup-enabled", "--auto-cleanup-interval-seconds", "1e3", "--tags", " a, b ,,c ",
        "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stdoutLines == [
          "world_name                     Grüße ✓",
          "world_description              it's",
          "max_users                      20",
          "access_level                   registered_users",
          "hide_from_listing              True",
          "mobile_friendly                False",
          "away_kick_enabled              False",
          "away_kick_minutes              0.10000000149011612",
          "auto_save_enabled              True",
          "auto_save_interval_minutes     2.5",
          "auto_cleanup_enabled           False",
          "auto_cleanup_interval_seconds  1000.0",
          "tags                           a,b,c",
          "session_id                     S-stand-in-lounge",
          "is_host                        True",
        ], "\(outcome)")
      for (flag, value) in [
        ("private", "private"), ("lan", "lan"), ("contacts", "contacts"),
        ("contacts-plus", "contacts_plus"), ("anyone", "anyone"),
      ] {
        let set = try await scratch.resoio(
          "session", "settings", "set", "--access-level", flag, "--format", "json", "-s", server.socketPath)
        #expect(set.stdout.contains("\"access_level\": \"\(value)\","), "\(flag): \(set)")
      }
      let inverse = try await scratch.resoio(
        "session", "settings", "set", "--no-hide-from-listing", "--mobile-friendly", "--away-kick-enabled",
        "--no-auto-save-enabled", "--auto-cleanup-enabled", "-s", server.socketPath)
      #expect(
        inverse.stdoutLines[4...6] == [
          "hide_from_listing              False", "mobile_friendly                True",
          "away_kick_enabled              True",
        ], "\(inverse)")
      let last = try await scratch.resoio(
        "session", "settings", "set", "--hide-from-listing", "--no-hide-from-listing", "-s", server.socketPath)
      #expect(last.stdoutLines[4] == "hide_from_listing              False", "the last one wins: \(last)")
    }
  }

  @Test("settings set --tags: replaces the set; an empty value (also --tags=) clears it")
  func settingsTags() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let set = try await scratch.resoio("session", "settings", "set", "--tags", "x,y", "-s", server.socketPath)
      #expect(set.stdoutLines[12] == "tags                           x,y", "\(set)")
      let cleared = try await scratch.resoio(
        "session", "settings", "set", "--tags=", "--format", "json", "-s", server.socketPath)
      #expect(cleared.status == 0 && cleared.stdout.contains("\"tags\": [],"), "\(cleared)")
      _ = try await scratch.resoio("session", "settings", "set", "--tags", "x", "-s", server.socketPath)
      let empty = try await scratch.resoio("session", "settings", "set", "--tags", "", "-s", server.socketPath)
      #expect(
        empty.stdoutLines[12] == "tags" + String(repeating: " ", count: 27),
        "the line keeps its padding, as the reference's: \(empty)")
    }
  }

  @Test("settings set: no flag, a bad choice or number exit 2; the mod's refusal exits 1 with one line")
  func settingsSetErrors() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let none = try await scratch.resoio("session", "settings", "set", "--format", "json", "-s", server.socketPath)
      #expect(none.status == 2 && none.stderr.contains("at least one setting flag is required"), "\(none)")
      #expect(server.callCount(path: "/resonite_io.v1.Session/ApplySettings") == 0)
      #expect(
        try await scratch.resoio("session", "settings", "set", "--access-level", "bogus", "-s", server.socketPath)
          .status == 2)
      #expect(
        try await scratch.resoio("session", "settings", "set", "--max-users", "many", "-s", server.socketPath).status
          == 2)
      let refused = try await scratch.resoio(
        "session", "settings", "set", "--max-users", "300", "-s", server.socketPath)
      #expect(refused.status == 1 && refused.stdout == "", "\(refused)")
      #expect(
        refused.stderrLines.count == 1
          && refused.stderrLines[0].hasPrefix("resoio session settings set: INVALID_ARGUMENT: "))
    }
  }

  @Test("users list: one line per user with flags; json with the 10 keys")
  func usersList() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let human = try await scratch.resoio("session", "users", "list", "-s", server.socketPath)
      #expect(
        human.stdoutLines == [
          "Host  id=U-host  role=Admin  platform=Linux  head=Screen  vol=1.0  [host,self,present]",
          "Alice  id=U-alice  role=Builder  platform=Windows  head=SteamVR  vol=1.0  [present]",
          "Bob  id=U-bob  role=Guest  platform=Android  head=Quest  vol=1.0  [present]",
          "Guest  id=-  role=Spectator  platform=Windows  head=Screen  vol=1.0  [present]",
          "Guest  id=-  role=Spectator  platform=Linux  head=Screen  vol=1.0  [present]",
        ], "\(human)")
      let json = try await scratch.resoio("session", "users", "list", "--format", "json", "-s", server.socketPath)
      let keys = json.stdout.matches(of: #/\n    "(\w+)": /#).prefix(10).map { String($0.output.1) }
      #expect(
        keys == [
          "user_id", "user_name", "is_host", "is_local_user", "is_present_in_world", "is_silenced", "local_volume",
          "role_name", "platform", "head_device",
        ], "\(json)")
    }
  }

  @Test("user kick/ban/respawn print nothing; the target flags are checked as argparse checks them")
  func moderation() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let kick = try await scratch.resoio(
        "session", "user", "kick", "--name", "Bob", "--kind", "kick", "-s", server.socketPath)
      #expect(kick.status == 0 && kick.stdout == "" && kick.stderr == "", "\(kick)")
      let ban = try await scratch.resoio("session", "user", "ban", "--id", "U-alice", "-s", server.socketPath)
      #expect(ban.status == 0 && ban.stdout == "", "\(ban)")
      let users = try await scratch.resoio("session", "users", "list", "-s", server.socketPath)
      #expect(users.stdoutLines.map { String($0.prefix(5)) } == ["Host ", "Guest", "Guest"], "\(users)")
      #expect(try await scratch.resoio("session", "user", "respawn", "-s", server.socketPath).status == 0)
      #expect(try await scratch.resoio("session", "user", "respawn", "--self", "-s", server.socketPath).status == 0)
      #expect(server.mod.session.snapshot.respawned.count == 2)
      // An empty --id counts as not given: with --name it is fine, alone it is missing.
      let emptyID = try await scratch.resoio(
        "session", "user", "respawn", "--id", "", "--name", "Host", "-s", server.socketPath)
      #expect(emptyID.status == 0, "\(emptyID)")
      for arguments in [
        ["kick"], ["kick", "--id", ""], ["ban"], ["kick", "--id", "U-x", "--name", "x"],
        ["respawn", "--self", "--id", "U-x"], ["kick", "--id", "U-x", "--kind", "bogus"], ["silence"],
        ["role", "Admin"],
        ["role", "--id", "U-x"],
      ] {
        let outcome = try await scratch.resoio(arguments: ["session", "user"] + arguments + ["-s", server.socketPath])
        #expect(outcome.status == 2, "\(arguments): \(outcome)")
      }
      let required = try await scratch.resoio("session", "user", "ban", "-s", server.socketPath)
      #expect(required.stderr.contains("one of the arguments --id --name --self is required"), "\(required)")
      let ambiguous = try await scratch.resoio("session", "user", "kick", "--name", "Guest", "-s", server.socketPath)
      #expect(ambiguous.status == 1 && ambiguous.stderrLines.count == 1, "no readiness hint: \(ambiguous)")
      #expect(ambiguous.stderrLines.first?.hasPrefix("resoio session user kick: FAILED_PRECONDITION: ") == true)
    }
  }

  @Test("user silence (--on/--off, the last wins) and role print the user line or JSON")
  func silenceAndRole() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let silence = try await scratch.resoio("session", "user", "silence", "--name", "Alice", "-s", server.socketPath)
      #expect(
        silence.stdout
          == "Alice  id=U-alice  role=Builder  platform=Windows  head=SteamVR  vol=1.0  [present,silenced]\n",
        "\(silence)")
      let off = try await scratch.resoio(
        "session", "user", "silence", "--id", "U-alice", "--on", "--off", "--format", "json", "-s", server.socketPath)
      #expect(off.status == 0 && off.stdout.contains("\"is_silenced\": false,"), "\(off)")
      let on = try await scratch.resoio(
        "session", "user", "silence", "--id", "U-alice", "--off", "--on", "-s", server.socketPath)
      #expect(on.stdout.hasSuffix("[present,silenced]\n"), "\(on)")
      let role = try await scratch.resoio(
        "session", "user", "role", "--id", "U-bob", "Moderator", "-s", server.socketPath)
      #expect(
        role.stdout == "Bob  id=U-bob  role=Moderator  platform=Android  head=Quest  vol=1.0  [present]\n", "\(role)")
      let roleJSON = try await scratch.resoio(
        "session", "user", "role", "--self", "Builder", "--format", "json", "-s", server.socketPath)
      #expect(roleJSON.stdout.contains("\"role_name\": \"Builder\","), "\(roleJSON)")
      let unknown = try await scratch.resoio(
        "session", "user", "role", "--id", "U-bob", "Nope", "-s", server.socketPath)
      #expect(
        unknown.status == 1 && unknown.stderrLines.first?.hasPrefix("resoio session user role: NOT_FOUND: ") == true)
      let overrides = try await scratch.resoio("session", "overrides", "list", "-s", server.socketPath)
      #expect(overrides.stdoutLines == ["U-alice  Builder", "U-bob  Moderator", "U-host  Builder"], "\(overrides)")
      let json = try await scratch.resoio("session", "overrides", "list", "--format", "json", "-s", server.socketPath)
      #expect(
        json.stdout.hasPrefix("[\n  {\n    \"user_id\": \"U-alice\",\n    \"role_name\": \"Builder\"\n  },"), "\(json)")
    }
  }

  @Test("roles list: role lines with markers and descriptions, a blank line, the five defaults; json")
  func roles() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let human = try await scratch.resoio("session", "roles", "list", "-s", server.socketPath)
      #expect(
        human.stdoutLines == [
          "Admin (highest) - Full control of the world and the session",
          "Builder - Can build and edit the world",
          "Moderator - Can moderate users but not build",
          "Guest - Can interact but not build",
          "Spectator (lowest) - Can only watch",
          "",
          "default_anonymous_role  Spectator",
          "default_visitor_role    Guest",
          "default_contact_role    Builder",
          "default_host_role       Admin",
          "default_owner_role      Admin",
        ], "\(human)")
      let json = try await scratch.resoio("session", "roles", "list", "--format", "json", "-s", server.socketPath)
      #expect(
        json.stdout.hasPrefix(
          "{\n  \"roles\": [\n    {\n      \"role_name\": \"Admin\",\n      \"role_description\": \"Full control of the world and the session\",\n      \"is_highest\": true,\n      \"is_lowest\": false\n    },"
        ), "\(json)")
      #expect(json.stdout.hasSuffix("  \"default_host_role\": \"Admin\",\n  \"default_owner_role\": \"Admin\"\n}\n"))
    }
  }

  @Test("PERMISSION_DENIED exits 1 with one line; groups without a subcommand exit 2; --help everywhere")
  func failuresAndHelp() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.failures["/resonite_io.v1.Session/KickUser"] = CallFailure(code: .permissionDenied, message: "not the host")
      }
      let denied = try await scratch.resoio("session", "user", "kick", "--id", "U-bob", "-s", server.socketPath)
      #expect(denied.status == 1 && denied.stderrLines == ["resoio session user kick: PERMISSION_DENIED: not the host"])
      for group in [
        ["session"], ["session", "settings"], ["session", "users"], ["session", "user"], ["session", "roles"],
        ["session", "overrides"],
      ] {
        #expect(try await scratch.resoio(arguments: group).status == 2, "\(group)")
        let help = try await scratch.resoio(arguments: group + ["--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: resoio session"), "\(group)")
      }
      for leaf in [
        ["settings", "get"], ["settings", "set"], ["users", "list"], ["user", "kick"], ["user", "ban"],
        ["user", "silence"], ["user", "respawn"], ["user", "role"], ["roles", "list"], ["overrides", "list"],
      ] {
        let help = try await scratch.resoio(arguments: ["session"] + leaf + ["--help"])
        #expect(
          help.status == 0 && help.stdout.contains("USAGE: resoio session \(leaf.joined(separator: " "))"), "\(leaf)")
      }
    }
  }
}
