import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio world")
struct WorldCommandTests {
  static let sessionsTable = [
    "name           host               users  access           session_id",
    "Community Hub  alice              9/32   Anyone           S-hub",
    "Chill Lounge   bob                2/16   Contacts         S-lounge",
    "Game Night     Headless Games     18/50  Anyone           S-headless-games",
    "Quiet Library  carol              0/8    Anyone           S-quiet",
    "Build Space    Builders Headless  3/10   RegisteredUsers  S-build",
  ]

  @Test("sessions: the aligned table; -w adds thumbnail_url; --format json the sessions' 18 fields")
  func sessions() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let table = try await scratch.resoio("world", "sessions", "-s", server.socketPath)
      #expect(table.status == 0 && table.stderr == "", "\(table)")
      #expect(table.stdoutLines == Self.sessionsTable, "\(table)")
      let wide = try await scratch.resoio("world", "sessions", "--wide", "--limit", "1", "-s", server.socketPath)
      #expect(
        wide.stdoutLines == [
          "name           host   users  access  session_id  thumbnail_url",
          "Community Hub  alice  9/32   Anyone  S-hub       resdb:///thumb-S-hub",
        ], "\(wide)")
      #expect(wide.stderrLines == ["... showing 1 of 5 (use --all)"], "\(wide)")
      let json = try await scratch.resoio("world", "sessions", "--format", "json", "-s", server.socketPath)
      let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
      #expect(array.count == 5)
      let keys = json.stdout.matches(of: #/\n    "(\w+)": /#).prefix(18).map { String($0.output.1) }
      #expect(
        keys == [
          "session_id", "name", "description", "host_user_id", "host_username", "session_urls", "thumbnail_url",
          "joined_users", "active_users", "maximum_users", "tags", "access_level", "headless_host", "mobile_friendly",
          "corresponding_world_id", "universe_id", "session_begin_unix_nanos", "last_update_unix_nanos",
        ], "\(json)")
      #expect(json.stdout.contains("\"session_begin_unix_nanos\": 1763924400123456789,"), "int64 exact")
    }
  }

  @Test("sessions: --filter, --search, --min-users, --page/--page-size reach the mod; --limit and --all")
  func sessionsFilters() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      func ids(_ arguments: String...) async throws -> [String] {
        let outcome = try await scratch.resoio(
          arguments: ["world", "sessions"] + arguments + ["-s", server.socketPath])
        #expect(outcome.status == 0, "\(outcome)")
        return outcome.stdoutLines.dropFirst().map { String($0.split(separator: " ").last ?? "") }
      }
      #expect(try await ids("--filter", "friends") == ["S-hub", "S-lounge"])
      #expect(try await ids("--filter", "headless") == ["S-headless-games", "S-build"])
      #expect(try await ids("--search", "HUB") == ["S-hub"])
      #expect(try await ids("--min-users", "5") == ["S-hub", "S-headless-games"])
      #expect(try await ids("--page", "1", "--page-size", "2") == ["S-headless-games", "S-quiet"])
      #expect(try await ids("--limit", "-2") == ["S-hub", "S-lounge", "S-headless-games"], "Python slicing")
      #expect(try await ids("--limit", "0") == [])
      #expect(try await ids("--limit", "1", "--all").count == 5)
      #expect(try await scratch.resoio("world", "sessions", "--filter", "bogus", "-s", server.socketPath).status == 2)
      #expect(try await scratch.resoio("world", "sessions", "--page", "-1", "-s", server.socketPath).status == 2)
    }
  }

  @Test("records: the table, every filter and sort flag, json with the 8 fields")
  func records() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let table = try await scratch.resoio("world", "records", "-s", server.socketPath)
      #expect(
        table.stdoutLines == [
          "name          owner            tags            record_id",
          "Broken World  U-resoio-tester  test            R-broken",
          "Guild Hall    G-builders       group,building  R-guild",
          "Race Track    U-carol          games,racing    R-race",
          "Art Museum    U-bob            art,gallery     R-museum",
          "Grid Space    U-alice          grid,basic      R-grid",
          "Tester Home   U-resoio-tester  home            R-home",
        ], "\(table)")
      func ids(_ arguments: String...) async throws -> [String] {
        let outcome = try await scratch.resoio(
          arguments: ["world", "records"] + arguments + ["-s", server.socketPath])
        #expect(outcome.status == 0, "\(outcome)")
        return outcome.stdoutLines.dropFirst().map { String($0.split(separator: " ").last ?? "") }
      }
      #expect(try await ids("--source", "featured") == ["R-race", "R-museum"])
      #expect(try await ids("--source", "own") == ["R-broken", "R-home"])
      #expect(try await ids("--source", "group") == ["R-guild"])
      #expect(try await ids("--tag", "games", "--tag", "racing") == ["R-race"])
      #expect(try await ids("--owner", "U-alice") == ["R-grid"])
      #expect(try await ids("--search", "+grid") == ["R-grid"])
      #expect(try await ids("--offset", "1", "--count", "2") == ["R-guild", "R-race"])
      #expect(try await ids("--sort", "name", "--asc").first == "R-museum")
      #expect(try await ids("--sort", "visits").count == 6)
      #expect(try await ids("--sort", "updated").count == 6)
      #expect(try await ids("--sort", "published").count == 6)
      #expect(try await ids("--sort", "random").count == 6)
      #expect(try await ids("--sort", "creation", "-w", "--limit", "2").count == 2)
      let json = try await scratch.resoio(
        "world", "records", "--count", "1", "--format", "json", "-s", server.socketPath)
      let keys = json.stdout.matches(of: #/\n    "(\w+)": /#).map { String($0.output.1) }
      #expect(
        keys == [
          "record_id", "owner_id", "name", "description", "thumbnail_url", "tags", "record_url",
          "last_modification_unix_nanos",
        ], "\(json)")
      #expect(try await scratch.resoio("world", "records", "--sort", "bogus", "-s", server.socketPath).status == 2)
    }
  }

  @Test("thumbnail: -o writes the bytes and prints the absolute path; - writes raw bytes; the default name")
  func thumbnail() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let target = scratch.path + "/sub/../hub.webp"
      try FileManager.default.createDirectory(atPath: scratch.path + "/sub", withIntermediateDirectories: true)
      let saved = try await scratch.resoio(
        "world", "thumbnail", "resdb:///thumb-S-hub", "-o", target, "-s", server.socketPath)
      #expect(saved.status == 0, "\(saved)")
      #expect(saved.stdout == scratch.path + "/hub.webp\n", "normalized like os.path.abspath: \(saved)")
      let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/hub.webp"))
      #expect(!bytes.isEmpty)
      let raw = try await scratch.resoio(
        "world", "thumbnail", "resdb:///thumb-S-hub", "-o", "-", "-s", server.socketPath)
      #expect(raw.status == 0 && Data(raw.stdout.utf8) == bytes, "\(raw)")
      // The default name goes to the working directory: the scratch directory here.
      let stamped = try await ChildProcess.run(
        URL(fileURLWithPath: "/bin/sh"),
        [
          "-c", #"cd "$1" && exec "$0" world thumbnail resdb:///thumb-S-build -s "$2""#,
          try BuiltProducts.executable("resoio").path, scratch.path, server.socketPath,
        ],
        environment: ChildProcess.environment(home: scratch.home, [:]), scratch: scratch.path)
      #expect(stamped.status == 0, "\(stamped)")
      let path = try #require(
        stamped.stdout.wholeMatch(of: #/(/.*/thumbnail_\d{8}_\d{6}\.webp)\n/#)?.output.1, "\(stamped)")
      #expect(path.hasPrefix(scratch.path + "/"), "\(stamped)")
      #expect(FileManager.default.fileExists(atPath: String(path)))
      let unwritable = try await scratch.resoio(
        "world", "thumbnail", "resdb:///thumb-S-hub", "-o", "/nonexistent-dir/x.png", "-s", server.socketPath)
      #expect(unwritable.status == 1)
      #expect(
        unwritable.stderrLines == [
          "resoio world thumbnail: cannot write /nonexistent-dir/x.png: No such file or directory"
        ],
        "\(unwritable)")
      let missing = try await scratch.resoio("world", "thumbnail", "resdb:///nope", "-s", server.socketPath)
      #expect(missing.status == 1)
      #expect(
        missing.stderrLines == ["resoio world thumbnail: NOT_FOUND: Thumbnail 'resdb:///nope' could not be fetched."])
    }
  }

  @Test("join: by id or url, --no-focus; exactly one of them or exit 2; a failing session exits 1")
  func join() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let joined = try await scratch.resoio(
        "world", "join", "--session-id", "S-lounge", "--no-focus", "-s", server.socketPath)
      #expect(
        joined.stdoutLines == [
          "name          focused  users  access    handle", "Chill Lounge  no       5      Contacts  3",
        ], "\(joined)")
      #expect(server.mod.world.focusedHandle == 1)
      let byURL = try await scratch.resoio(
        "world", "join", "--url", "ressession:///S-build", "--format", "json", "-s", server.socketPath)
      #expect(
        byURL.stdout == """
          {
            "handle": 4,
            "session_id": "S-build",
            "name": "Build Space",
            "focused": true,
            "user_count": 4,
            "access_level": "RegisteredUsers"
          }

          """, "\(byURL)")
      #expect(server.mod.world.focusedHandle == 4)
      let neither = try await scratch.resoio("world", "join", "-s", server.socketPath)
      #expect(neither.status == 2 && neither.stderr.contains("--session-id --url"), "\(neither)")
      let both = try await scratch.resoio("world", "join", "--session-id", "a", "--url", "b", "-s", server.socketPath)
      #expect(both.status == 2, "\(both)")
      let failing = try await scratch.resoio("world", "join", "--session-id", "S-quiet", "-s", server.socketPath)
      #expect(
        failing.status == 1 && failing.stderrLines.first?.hasPrefix("resoio world join: FAILED_PRECONDITION: ") == true)
    }
  }

  @Test("start, list, focus, leave, current (a missing focus: stderr message, JSON null, exit 0)")
  func openWorlds() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let started = try await scratch.resoio(
        "world", "start", "--record-id", "R-museum", "--owner-id", "U-bob", "--no-focus", "-s", server.socketPath)
      #expect(started.status == 0 && started.stdoutLines.last?.hasPrefix("Art Museum") == true, "\(started)")
      #expect(try await scratch.resoio("world", "start", "-s", server.socketPath).status == 2)
      #expect(
        try await scratch.resoio("world", "start", "--record-id", "R-broken", "-s", server.socketPath).status == 1)
      let list = try await scratch.resoio("world", "list", "-s", server.socketPath)
      #expect(
        list.stdoutLines == [
          "name           focused  users  access   handle",
          "Tester Home    yes      1      Private  1",
          "Community Hub  no       13     Anyone   2",
          "Art Museum     no       1      Private  3",
        ], "\(list)")
      let focus = try await scratch.resoio("world", "focus", "2", "--format", "json", "-s", server.socketPath)
      #expect(focus.status == 0 && focus.stdout.contains("\"focused\": true"), "\(focus)")
      #expect(try await scratch.resoio("world", "focus", "99", "-s", server.socketPath).status == 1)
      #expect(try await scratch.resoio("world", "focus", "x", "-s", server.socketPath).status == 2)
      let leave = try await scratch.resoio("world", "leave", "3", "-s", server.socketPath)
      #expect(leave.status == 0 && leave.stdout == "", "\(leave)")
      let leaveJSON = try await scratch.resoio("world", "leave", "2", "--format", "json", "-s", server.socketPath)
      #expect(leaveJSON.stdout == "{\n  \"handle\": 2,\n  \"left\": true\n}\n", "\(leaveJSON)")
      let none = try await scratch.resoio("world", "current", "-s", server.socketPath)
      #expect(none.status == 0 && none.stdout == "", "\(none)")
      #expect(none.stderrLines == ["no focused world (userspace)"])
      let null = try await scratch.resoio("world", "current", "--format", "json", "-s", server.socketPath)
      #expect(null.status == 0 && null.stdout == "null\n", "\(null)")
      _ = try await scratch.resoio("world", "focus", "1", "-s", server.socketPath)
      let current = try await scratch.resoio("world", "current", "-s", server.socketPath)
      #expect(
        current.stdoutLines == [
          "name         focused  users  access   handle", "Tester Home  yes      1      Private  1",
        ])
    }
  }

  @Test("failures exit 1 with a plain line; no subcommand exits 2; --help everywhere")
  func failuresAndHelp() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.failures["/resonite_io.v1.World/ListSessions"] = CallFailure(
          code: .failedPrecondition, message: "cloud not ready")
      }
      let failed = try await scratch.resoio("world", "sessions", "-s", server.socketPath)
      #expect(failed.status == 1 && failed.stdout == "", "\(failed)")
      #expect(failed.stderrLines.first == "resoio world sessions: FAILED_PRECONDITION: cloud not ready")
      let group = try await scratch.resoio("world")
      #expect(group.status == 2 && group.stderr.contains("a subcommand is required"), "\(group)")
      for leaf in ["", "sessions", "records", "thumbnail", "join", "start", "list", "focus", "leave", "current"] {
        let arguments = ["world"] + (leaf.isEmpty ? [] : [leaf]) + ["--help"]
        let outcome = try await scratch.resoio(arguments: arguments)
        #expect(outcome.status == 0 && outcome.stdout.contains("USAGE: resoio world"), "\(arguments): \(outcome)")
      }
    }
  }
}
