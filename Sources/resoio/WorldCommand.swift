import ArgumentParser
import Foundation
import PythonCompatibility
import ResoniteIO

/// `resoio world`: live sessions, world records, thumbnails and the worlds open in the engine,
/// like the reference CLI's `world`.
struct World: RequiresSubcommand {
  static let configuration = CommandConfiguration(
    abstract: "Browse, join, start, and manage Resonite worlds.",
    discussion: """
      Three kinds of world: `sessions` lists live sessions (join one with
      `join`); `records` lists saved worlds (start one with `start`); `list`
      lists the worlds open in the engine, by handle (`focus`, `leave`,
      `current`). `thumbnail` downloads a session's or record's thumbnail.

      Failures of a call exit 1 with one plain line naming the gRPC status and
      the server's message (the reference prints a Python traceback).


      """ + socketResolutionHelp,
    subcommands: [
      Sessions.self, Records.self, Thumbnail.self, Join.self, Start.self, List.self, Focus.self, Leave.self,
      Current.self,
    ]
  )
}

extension World {
  /// `-s/--socket` and `--format`, on every world leaf but `thumbnail`.
  struct Options: ParsableArguments {
    @OptionGroup var socketOptions: SocketOptions

    @Option(help: "Output format: human (a table) or json (one document).")
    var format: OutputFormat = .human
  }

  /// The table flags of `sessions` and `records`.
  struct TableOptions: ParsableArguments {
    @Flag(name: [.short, .long], help: "Show all columns, including thumbnail_url.")
    var wide = false

    @Option(
      parsing: .unconditional, help: "Max rows to print (default: 20); the rest is counted on stderr.",
      transform: PythonNumber.int)
    var limit: Int = 20

    @Flag(help: "Print every row (overrides --limit).")
    var all = false

    /// Prints `headers` and `rows` (with the thumbnail column when wide), capped as the
    /// reference caps them: a footer on stderr when rows are left out.
    func print(_ headers: [String], _ rows: [[String]], thumbnails: [String]) {
      var headers = headers
      var rows = rows
      if wide {
        headers.append("thumbnail_url")
        rows = zip(rows, thumbnails).map { $0 + [$1] }
      }
      if !all && rows.count > limit {
        Console.error("... showing \(limit) of \(rows.count) (use --all)")
        rows = PythonText.prefix(rows, limit)
      }
      PythonText.table(headers, rows).forEach(Console.out)
    }
  }

  enum FilterChoice: String, ExpressibleByArgument, CaseIterable {
    case all, friends, headless

    var filter: SessionFilter {
      switch self {
      case .all: .all
      case .friends: .friends
      case .headless: .headless
      }
    }
  }

  enum SourceChoice: String, ExpressibleByArgument, CaseIterable {
    case `public`, featured, own, group

    var source: RecordSource {
      switch self {
      case .public: .public
      case .featured: .featured
      case .own: .own
      case .group: .group
      }
    }
  }

  enum SortChoice: String, ExpressibleByArgument, CaseIterable {
    case creation, updated, published, visits, name, random

    var sort: RecordSort {
      switch self {
      case .creation: .creationDate
      case .updated: .lastUpdate
      case .published: .firstPublish
      case .visits: .totalVisits
      case .name: .name
      case .random: .random
      }
    }
  }

  /// `resoio world sessions`.
  struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List live sessions.",
      discussion: """
        Prints a table (name, host, users = active/maximum, access, session_id;
        with -w also thumbnail_url), or with --format json the list of sessions
        (every field; the total count is not included).
        """)

    @Option(help: "Name substring filter.")
    var search = ""

    @Option(help: "Session filter (default: all).")
    var filter: FilterChoice = .all

    @Option(
      name: .customLong("min-users"), parsing: .unconditional,
      help: "Minimum active users (default: 0 = no lower bound).", transform: PythonNumber.int32)
    var minUsers: Int32 = 0

    @Option(parsing: .unconditional, help: "0-based page number (default: 0).", transform: PythonNumber.uint32)
    var page: UInt32 = 0

    @Option(
      name: .customLong("page-size"), parsing: .unconditional, help: "Items per page (default: 0 = unlimited).",
      transform: PythonNumber.uint32)
    var pageSize: UInt32 = 0

    @OptionGroup var table: TableOptions
    @OptionGroup var options: Options

    func run() async throws {
      let page = try await ModCall.run("world sessions", socket: options.socketOptions) {
        try await $0.world.listSessions(
          search: search, filter: filter.filter, minActiveUsers: minUsers, page: self.page, pageSize: pageSize)
      }
      switch options.format {
      case .human:
        table.print(
          ["name", "host", "users", "access", "session_id"],
          page.sessions.map {
            [$0.name, $0.hostUsername, "\($0.activeUsers)/\($0.maximumUsers)", $0.accessLevel, $0.sessionID]
          },
          thumbnails: page.sessions.map(\.thumbnailURL))
      case .json:
        Console.out(JSONValue.array(page.sessions.map(\.referenceJSON)).text)
      }
    }
  }

  /// `resoio world records`.
  struct Records: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List world records.",
      discussion: """
        Prints a table (name, owner, tags, record_id; with -w also
        thumbnail_url), or with --format json the list of records.
        """)

    @Option(help: "Record source (default: public).")
    var source: SourceChoice = .public

    @Option(name: .customLong("tag"), help: "Required tag (AND condition; repeatable).")
    var tags: [String] = []

    @Option(help: "Owner id for group / own.")
    var owner = ""

    @Option(help: "Free-text query (+term required, -term excluded, \"phrase\"; matches name/description/tags).")
    var search = ""

    @Option(parsing: .unconditional, help: "Server-side paging offset.", transform: PythonNumber.uint32)
    var offset: UInt32 = 0

    @Option(parsing: .unconditional, help: "Item count (default: 0 = server default).", transform: PythonNumber.uint32)
    var count: UInt32 = 0

    @Option(help: "Sort key (default: creation).")
    var sort: SortChoice = .creation

    @Flag(help: "Ascending order (default: descending).")
    var asc = false

    @OptionGroup var table: TableOptions
    @OptionGroup var options: Options

    func run() async throws {
      let page = try await ModCall.run("world records", socket: options.socketOptions) {
        try await $0.world.listRecords(
          source: source.source, requiredTags: tags, ownerID: owner, search: search, offset: offset, count: count,
          sort: sort.sort, sortDirection: asc ? .ascending : .descending)
      }
      switch options.format {
      case .human:
        table.print(
          ["name", "owner", "tags", "record_id"],
          page.records.map { [$0.name, $0.ownerID, $0.tags.joined(separator: ","), $0.recordID] },
          thumbnails: page.records.map(\.thumbnailURL))
      case .json:
        Console.out(JSONValue.array(page.records.map(\.referenceJSON)).text)
      }
    }
  }

  /// `resoio world thumbnail URI`.
  struct Thumbnail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Download a session / record thumbnail image.",
      discussion: """
        Writes the image bytes as the mod sends them and prints the file's
        absolute path; with -o - the bytes go to stdout and nothing is printed.
        A file that cannot be written exits 1 with one line saying why.


        """ + socketResolutionHelp)

    @Argument(help: "Thumbnail URI (resdb:/// or https://) from 'records --wide'.")
    var uri: String

    @Option(
      name: [.short, .long],
      help: ArgumentHelp(
        "Output target; \"-\" emits raw image bytes to stdout, a path writes that file. Omitted: thumbnail_YYYYMMDD_HHMMSS.<ext> in the current directory (extension derived from the content type: png, jpg, webp, else bin).",
        valueName: "output"))
    var output: String?

    @OptionGroup var socketOptions: SocketOptions

    func run() async throws {
      let thumbnail = try await ModCall.run("world thumbnail", socket: socketOptions) {
        try await $0.world.fetchThumbnail(uri: uri)
      }
      if output == "-" {
        try? FileHandle.standardOutput.write(contentsOf: thumbnail.data)
        return
      }
      let path = output ?? "thumbnail_\(OutputFile.stamp()).\(Self.fileExtension(thumbnail.contentType))"
      try OutputFile.write(thumbnail.data, to: path, command: "world thumbnail")
      Console.out(PythonPath.absolute(path))
    }

    /// The reference's extension for a content type.
    static func fileExtension(_ contentType: String) -> String {
      switch contentType {
      case "image/png": "png"
      case "image/jpeg": "jpg"
      case "image/webp": "webp"
      default: "bin"
      }
    }
  }

  /// `resoio world join`.
  struct Join: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Join an existing session by id or url.",
      discussion: "Exactly one of --session-id and --url (exit 2 otherwise). Prints the open world as `list` does.")

    @Option(name: .customLong("session-id"), help: "Session id to join.")
    var sessionID: String?

    @Option(help: "Session url to join.")
    var url: String?

    @Flag(name: .customLong("no-focus"), help: "Do not focus after joining.")
    var noFocus = false

    @OptionGroup var options: Options

    func validate() throws {
      switch (sessionID, url) {
      case (nil, nil): throw ValidationError("one of the arguments --session-id --url is required")
      case (.some, .some): throw ValidationError("argument --session-id: not allowed with argument --url")
      default: break
      }
    }

    func run() async throws {
      let world = try await ModCall.run("world join", socket: options.socketOptions) {
        try await $0.world.join(sessionID: sessionID ?? "", url: url ?? "", focus: !noFocus)
      }
      WorldText.print([world], json: world.referenceJSON, options.format)
    }
  }

  /// `resoio world start`.
  struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Start a new session from a world record.",
      discussion: "Prints the open world as `list` does.")

    @Option(name: .customLong("record-id"), help: "Record id to start.")
    var recordID: String

    @Option(name: .customLong("owner-id"), help: "Record owner id.")
    var ownerID = ""

    @Flag(name: .customLong("no-focus"), help: "Do not focus after starting.")
    var noFocus = false

    @OptionGroup var options: Options

    func run() async throws {
      let world = try await ModCall.run("world start", socket: options.socketOptions) {
        try await $0.world.startWorld(recordID: recordID, ownerID: ownerID, focus: !noFocus)
      }
      WorldText.print([world], json: world.referenceJSON, options.format)
    }
  }

  /// `resoio world list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List locally-open worlds.",
      discussion: "Prints a table (name, focused yes/no, users, access, handle), or with --format json the list.")

    @OptionGroup var options: Options

    func run() async throws {
      let worlds = try await ModCall.run("world list", socket: options.socketOptions) {
        try await $0.world.listOpenWorlds()
      }
      WorldText.print(worlds, json: .array(worlds.map(\.referenceJSON)), options.format)
    }
  }

  /// `resoio world focus HANDLE`.
  struct Focus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Focus a locally-open world by handle.")

    @Argument(help: "World handle to focus.", transform: PythonNumber.int32)
    var handle: Int32

    @OptionGroup var options: Options

    func run() async throws {
      let world = try await ModCall.run("world focus", socket: options.socketOptions) {
        try await $0.world.focus(handle)
      }
      WorldText.print([world], json: world.referenceJSON, options.format)
    }
  }

  /// `resoio world leave HANDLE`.
  struct Leave: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Leave a locally-open world by handle.",
      discussion: "Prints nothing, or with --format json {\"handle\": H, \"left\": true}.")

    @Argument(help: "World handle to leave.", transform: PythonNumber.int32)
    var handle: Int32

    @OptionGroup var options: Options

    func run() async throws {
      try await ModCall.run("world leave", socket: options.socketOptions) { try await $0.world.leave(handle) }
      if options.format == .json {
        Console.out(JSONValue.object([("handle", .integer(Int64(handle))), ("left", .bool(true))]).text)
      }
    }
  }

  /// `resoio world current`.
  struct Current: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the currently focused world.",
      discussion: """
        With no focused world (userspace only) prints "no focused world
        (userspace)" on stderr, or with --format json null, and exits 0.
        """)

    @OptionGroup var options: Options

    func run() async throws {
      let world = try await ModCall.run("world current", socket: options.socketOptions) {
        try await $0.world.current()
      }
      switch (world, options.format) {
      case (nil, .json): Console.out("null")
      case (let world?, .json): Console.out(world.referenceJSON.text)
      case (nil, .human): Console.error("no focused world (userspace)")
      case (let world?, .human): WorldText.table([world]).forEach(Console.out)
      }
    }
  }
}

/// The reference's open-world table.
enum WorldText {
  static func table(_ worlds: [OpenWorld]) -> [String] {
    PythonText.table(
      ["name", "focused", "users", "access", "handle"],
      worlds.map { [$0.name, $0.isFocused ? "yes" : "no", String($0.userCount), $0.accessLevel, String($0.handle)] })
  }

  /// The table of `worlds`, or `json` with --format json.
  static func print(_ worlds: [OpenWorld], json: JSONValue, _ format: OutputFormat) {
    switch format {
    case .human: table(worlds).forEach(Console.out)
    case .json: Console.out(json.text)
    }
  }
}

extension WorldSession {
  /// The reference's JSON: the wire message's 18 fields in declaration order.
  var referenceJSON: JSONValue {
    .object([
      ("session_id", .string(sessionID)), ("name", .string(name)), ("description", .string(description)),
      ("host_user_id", .string(hostUserID)), ("host_username", .string(hostUsername)),
      ("session_urls", .array(sessionURLs.map(JSONValue.string))), ("thumbnail_url", .string(thumbnailURL)),
      ("joined_users", .integer(Int64(joinedUsers))), ("active_users", .integer(Int64(activeUsers))),
      ("maximum_users", .integer(Int64(maximumUsers))), ("tags", .array(tags.map(JSONValue.string))),
      ("access_level", .string(accessLevel)), ("headless_host", .bool(isHeadlessHost)),
      ("mobile_friendly", .bool(isMobileFriendly)), ("corresponding_world_id", .string(correspondingWorldID)),
      ("universe_id", .string(universeID)), ("session_begin_unix_nanos", .integer(sessionBeginUnixNanos)),
      ("last_update_unix_nanos", .integer(lastUpdateUnixNanos)),
    ])
  }
}

extension WorldRecord {
  /// The reference's JSON: the wire message's 8 fields in declaration order.
  var referenceJSON: JSONValue {
    .object([
      ("record_id", .string(recordID)), ("owner_id", .string(ownerID)), ("name", .string(name)),
      ("description", .string(description)), ("thumbnail_url", .string(thumbnailURL)),
      ("tags", .array(tags.map(JSONValue.string))), ("record_url", .string(recordURL)),
      ("last_modification_unix_nanos", .integer(lastModificationUnixNanos)),
    ])
  }
}

extension OpenWorld {
  /// The reference's JSON: `{handle, session_id, name, focused, user_count, access_level}`.
  var referenceJSON: JSONValue {
    .object([
      ("handle", .integer(Int64(handle))), ("session_id", .string(sessionID)), ("name", .string(name)),
      ("focused", .bool(isFocused)), ("user_count", .integer(Int64(userCount))),
      ("access_level", .string(accessLevel)),
    ])
  }
}
