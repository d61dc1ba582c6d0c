import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteIOMessages
import ResoniteIOStubs
import ResoniteTestServer
import ResoniteTestSupport
import Testing

private typealias Methods = ResoniteIo_V1_WorldStub.Methods

/// 2025-11-24T00:00:00Z plus `hours`, in nanoseconds (the stand-in's clock).
private func standInTime(hours: Int64) -> Int64 { (1_763_942_400 + hours * 3600) * 1_000_000_000 }

@Suite("World")
struct WorldTests {
  // MARK: Sessions

  @Test("listSessions with the defaults lists every session with every field mapped")
  func listSessions() async throws {
    try await withMod { (client, _) async throws in
      let page = try await client.world.listSessions()
      #expect(page.sessions.map(\.sessionID) == ["S-hub", "S-lounge", "S-headless-games", "S-quiet", "S-build"])
      #expect(page.totalCount == 5 && page.page == 0 && page.pageSize == 0)
      let hub = try #require(page.sessions.first)
      #expect(
        hub
          == WorldSession(
            sessionID: "S-hub", name: "Community Hub", description: "Community Hub, a stand-in session.",
            hostUserID: "U-alice", hostUsername: "alice", sessionURLs: ["ressession:///S-hub", "lnl-nat:///hub-1"],
            thumbnailURL: "resdb:///thumb-S-hub", joinedUsers: 12, activeUsers: 9, maximumUsers: 32,
            tags: ["social", "hub"], accessLevel: "Anyone", isHeadlessHost: false, isMobileFriendly: true,
            sessionBeginUnixNanos: standInTime(hours: -5) + 123_456_789,
            lastUpdateUnixNanos: standInTime(hours: 0) + 987_654_321))
      #expect(hub.sessionBegin == Date(timeIntervalSince1970: 1_763_942_400 - 5 * 3600 + 0.123_456_789))
      #expect(page.sessions[2].isHeadlessHost && !page.sessions[2].isMobileFriendly)
    }
  }

  @Test("filters: friends (hosted by a contact) and headless")
  func sessionFilters() async throws {
    try await withMod { (client, _) async throws in
      #expect(try await client.world.listSessions(filter: .friends).sessions.map(\.sessionID) == ["S-hub", "S-lounge"])
      let headless = try await client.world.listSessions(filter: .headless)
      #expect(headless.sessions.map(\.sessionID) == ["S-headless-games", "S-build"])
      #expect(headless.totalCount == 2)
    }
  }

  @Test("search (case-insensitive, name/host/tags) and minActiveUsers")
  func sessionSearch() async throws {
    try await withMod { (client, _) async throws in
      #expect(try await client.world.listSessions(search: "SOCIAL").sessions.map(\.sessionID) == ["S-hub", "S-lounge"])
      #expect(try await client.world.listSessions(search: "bob").sessions.map(\.sessionID) == ["S-lounge"])
      #expect(
        try await client.world.listSessions(minActiveUsers: 9).sessions.map(\.sessionID) == [
          "S-hub", "S-headless-games",
        ])
      #expect(try await client.world.listSessions(search: "nothing like it").sessions.isEmpty)
    }
  }

  @Test("paging: page and pageSize are applied after filtering; totalCount counts all pages")
  func sessionPaging() async throws {
    try await withMod { (client, _) async throws in
      let second = try await client.world.listSessions(page: 1, pageSize: 2)
      #expect(second.sessions.map(\.sessionID) == ["S-headless-games", "S-quiet"])
      #expect(second.totalCount == 5 && second.page == 1 && second.pageSize == 2)
      #expect(try await client.world.listSessions(page: 2, pageSize: 2).sessions.map(\.sessionID) == ["S-build"])
      #expect(try await client.world.listSessions(page: 3, pageSize: 2).sessions.isEmpty)
    }
  }

  @Test("page * pageSize overflowing in the mod answers UNKNOWN")
  func sessionPagingOverflow() async throws {
    try await withMod { (client, _) async throws in
      let error = await expectRPCError { _ = try await client.world.listSessions(page: .max, pageSize: 2) }
      #expect(error?.code == .unknown)
      #expect(error?.message.contains("OverflowException") == true)
    }
  }

  @Test("SessionFilter maps by name: all → UNSPECIFIED, friends → FRIENDS, headless → HEADLESS")
  func sessionFilterOnTheWire() async throws {
    let capture = NavigationCapture<ResoniteIo_V1_ListSessionsRequest>()
    try await withMod({
      $0.handlers[Methods.listSessions.path] = capture.handler(replying: ResoniteIo_V1_ListSessionsResponse())
    }) {
      (client, _) async throws in
      for filter in SessionFilter.allCases {
        _ = try await client.world.listSessions(search: "q", filter: filter, minActiveUsers: 3, page: 4, pageSize: 5)
      }
    }
    #expect(capture.requests.map(\.filter) == [.unspecified, .friends, .headless])
    #expect(SessionFilter.allCases.map(\.rawValue) == ["all", "friends", "headless"])
    let first = try #require(capture.requests.first)
    #expect(first.search == "q" && first.minActiveUsers == 3 && first.page == 4 && first.pageSize == 5)
  }

  @Test("the record enums map by name to the wire, never by their position")
  func recordEnumsOnTheWire() async throws {
    let capture = NavigationCapture<ResoniteIo_V1_ListRecordsRequest>()
    try await withMod({
      $0.handlers[Methods.listRecords.path] = capture.handler(replying: ResoniteIo_V1_ListRecordsResponse())
    }) {
      (client, _) async throws in
      _ = try await client.world.listRecords()
      for source in RecordSource.allCases { _ = try await client.world.listRecords(source: source) }
      for sort in RecordSort.allCases { _ = try await client.world.listRecords(sort: sort) }
      for direction in RecordSortDirection.allCases { _ = try await client.world.listRecords(sortDirection: direction) }
      _ = try await client.world.listRecords(
        requiredTags: ["a", "b"], ownerID: "U-x", search: "s", offset: 7, count: 9)
    }
    let requests = capture.requests
    try #require(requests.count == 14)
    #expect(
      requests[0].source == .public && requests[0].sort == .creationDate && requests[0].sortDirection == .descending)
    #expect(requests[1...4].map(\.source) == [.public, .featured, .own, .group])
    #expect(requests[5...10].map(\.sort) == [.creationDate, .lastUpdate, .firstPublish, .totalVisits, .name, .random])
    #expect(requests[11...12].map(\.sortDirection) == [.descending, .ascending])
    let last = requests[13]
    #expect(last.requiredTags == ["a", "b"] && last.ownerID == "U-x" && last.search == "s")
    #expect(last.offset == 7 && last.count == 9)
    #expect(
      RecordSort.allCases.map(\.rawValue) == [
        "creation_date", "last_update", "first_publish", "total_visits", "name", "random",
      ])
  }

  // MARK: Records

  @Test("listRecords with the defaults: public, newest created first, every field mapped")
  func listRecords() async throws {
    try await withMod { (client, _) async throws in
      let page = try await client.world.listRecords()
      #expect(page.records.map(\.recordID) == ["R-broken", "R-guild", "R-race", "R-museum", "R-grid", "R-home"])
      #expect(!page.hasMore && page.offset == 0)
      let grid = try #require(page.records.first { $0.recordID == "R-grid" })
      #expect(
        grid
          == WorldRecord(
            recordID: "R-grid", ownerID: "U-alice", name: "Grid Space", description: "Grid Space, a stand-in world.",
            thumbnailURL: "resdb:///thumb-R-grid", tags: ["grid", "basic"], recordURL: "resrec:///U-alice/R-grid",
            lastModificationUnixNanos: standInTime(hours: -100)))
      #expect(grid.lastModification == Date(timeIntervalSince1970: 1_763_942_400 - 100 * 3600))
    }
  }

  @Test("sources: featured, own (the signed-in user's), group")
  func recordSources() async throws {
    try await withMod { (client, _) async throws in
      #expect(try await client.world.listRecords(source: .featured).records.map(\.recordID) == ["R-race", "R-museum"])
      #expect(try await client.world.listRecords(source: .own).records.map(\.recordID) == ["R-broken", "R-home"])
      #expect(try await client.world.listRecords(source: .group).records.map(\.recordID) == ["R-guild"])
    }
  }

  @Test("required tags, owner and search (+term, -term, \"phrase\")")
  func recordFilters() async throws {
    try await withMod { (client, _) async throws in
      let world = client.world
      #expect(try await world.listRecords(requiredTags: ["games", "racing"]).records.map(\.recordID) == ["R-race"])
      #expect(try await world.listRecords(requiredTags: ["games", "art"]).records.isEmpty)
      #expect(try await world.listRecords(ownerID: "U-bob").records.map(\.recordID) == ["R-museum"])
      #expect(try await world.listRecords(search: "MUSEUM").records.map(\.recordID) == ["R-museum"])
      #expect(try await world.listRecords(search: "\"race track\"").records.map(\.recordID) == ["R-race"])
      #expect(try await world.listRecords(search: "+grid basic").records.map(\.recordID) == ["R-grid"])
      #expect(
        try await world.listRecords(search: "-test -home").records.map(\.recordID)
          == ["R-guild", "R-race", "R-museum", "R-grid"])
    }
  }

  @Test("sorts and directions")
  func recordSorting() async throws {
    try await withMod { (client, _) async throws in
      let world = client.world
      #expect(
        try await world.listRecords(sort: .name, sortDirection: .ascending).records.map(\.name)
          == ["Art Museum", "Broken World", "Grid Space", "Guild Hall", "Race Track", "Tester Home"])
      #expect(
        try await world.listRecords(sort: .totalVisits).records.map(\.recordID)
          == ["R-museum", "R-grid", "R-race", "R-guild", "R-home", "R-broken"])
      #expect(
        try await world.listRecords(sort: .lastUpdate).records.map(\.recordID)
          == ["R-broken", "R-home", "R-museum", "R-guild", "R-race", "R-grid"])
      #expect(
        try await world.listRecords(sort: .creationDate, sortDirection: .ascending).records.map(\.recordID)
          == ["R-home", "R-grid", "R-museum", "R-race", "R-guild", "R-broken"])
      let random = try await world.listRecords(sort: .random).records.map(\.recordID)
      #expect(Set(random).count == 6)
      #expect(try await world.listRecords(sort: .random).records.map(\.recordID) == random, "a fixed shuffle")
    }
  }

  @Test("offset and count page the records; hasMore says whether more follow")
  func recordPaging() async throws {
    try await withMod { (client, _) async throws in
      let middle = try await client.world.listRecords(offset: 1, count: 2)
      #expect(middle.records.map(\.recordID) == ["R-guild", "R-race"])
      #expect(middle.hasMore && middle.offset == 1)
      let tail = try await client.world.listRecords(offset: 4, count: 2)
      #expect(tail.records.map(\.recordID) == ["R-grid", "R-home"])
      #expect(!tail.hasMore && tail.offset == 4)
    }
  }

  // MARK: Join

  @Test("join by session id opens and focuses the world; current() and listOpenWorlds() agree")
  func joinBySessionID() async throws {
    try await withMod { (client, server) async throws in
      let world = try await client.world.join(sessionID: "S-lounge")
      #expect(
        world
          == OpenWorld(
            handle: 3, sessionID: "S-lounge", name: "Chill Lounge", isFocused: true, userCount: 5,
            accessLevel: "Contacts"))
      let open = try await client.world.listOpenWorlds()
      #expect(open.map(\.handle) == [1, 2, 3])
      #expect(open.filter(\.isFocused).map(\.handle) == [3])
      #expect(try await client.world.current() == world)
      #expect(server.mod.world.focusedHandle == 3)
    }
  }

  @Test("join by URL; a session already open gives that world; focus: false leaves the focus")
  func joinByURL() async throws {
    try await withMod { (client, server) async throws in
      let hub = try await client.world.join(url: "lnl-nat:///hub-1", focus: false)
      #expect(hub.handle == 2 && hub.name == "Community Hub" && !hub.isFocused)
      #expect(server.mod.world.focusedHandle == 1)
      let games = try await client.world.join(url: "ressession:///S-headless-games", focus: false)
      #expect(games.handle == 3 && !games.isFocused)
      #expect(try await client.world.current()?.handle == 1)
      let capture = NavigationCapture<ResoniteIo_V1_JoinRequest>()
      server.register(
        path: Methods.join.path,
        handler: capture.handler(
          replying: {
            var reply = ResoniteIo_V1_JoinResponse()
            reply.world = ResoniteIo_V1_OpenWorld()
            return reply
          }()))
      _ = try await client.world.join(url: "u")
      _ = try await client.world.join(sessionID: "s", focus: false)
      #expect(capture.requests.map(\.sessionURL) == ["u", ""])
      #expect(capture.requests.map(\.sessionID) == ["", "s"])
      #expect(capture.requests.map(\.focus) == [true, false])
    }
  }

  @Test("join with both or neither of sessionID and url throws WorldArgumentError before any RPC")
  func joinGuard() async throws {
    try await withMod { (client, server) async throws in
      let neither = await expectNavigationError(WorldArgumentError.self) { _ = try await client.world.join() }
      #expect(neither == .joinNeedsExactlyOneOfSessionIDOrURL)
      let both = await expectNavigationError(WorldArgumentError.self) {
        _ = try await client.world.join(sessionID: "S-hub", url: "ressession:///S-hub")
      }
      #expect(both == .joinNeedsExactlyOneOfSessionIDOrURL)
      #expect(both?.description == "join requires exactly one of sessionID or url")
      #expect(server.callCount(path: Methods.join.path) == 0)
    }
  }

  @Test("join: FAILED_PRECONDITION when the world fails to load; nothing opens")
  func joinLoadFailure() async throws {
    try await withMod { (client, server) async throws in
      await expectNavigationStatus(.failedPrecondition, "World 'Quiet Library' failed to load.") {
        _ = try await client.world.join(sessionID: "S-quiet")
      }
      #expect(server.mod.world.openWorlds.count == 2)
    }
  }

  @Test("a reply without a world is an UnexpectedReplyError (Join, StartWorld, Focus)")
  func missingWorld() async throws {
    try await withMod({
      $0.handlers[Methods.join.path] = navigationReply(ResoniteIo_V1_JoinResponse())
      $0.handlers[Methods.startWorld.path] = navigationReply(ResoniteIo_V1_StartWorldResponse())
      $0.handlers[Methods.focus.path] = navigationReply(ResoniteIo_V1_FocusResponse())
    }) { (client, _) async throws in
      let join = await expectNavigationError(UnexpectedReplyError.self) {
        _ = try await client.world.join(sessionID: "S-hub")
      }
      #expect(join == UnexpectedReplyError(method: "World/Join", problem: "no world in the reply"))
      let start = await expectNavigationError(UnexpectedReplyError.self) {
        _ = try await client.world.startWorld(recordID: "R-grid")
      }
      #expect(start?.method == "World/StartWorld")
      let focus = await expectNavigationError(UnexpectedReplyError.self) { _ = try await client.world.focus(1) }
      #expect(focus?.method == "World/Focus")
    }
  }

  // MARK: StartWorld

  @Test("startWorld opens a new session from a record, with or without its owner")
  func startWorld() async throws {
    try await withMod { (client, server) async throws in
      let grid = try await client.world.startWorld(recordID: "R-grid")
      #expect(
        grid
          == OpenWorld(
            handle: 3, sessionID: "S-started-3", name: "Grid Space", isFocused: true, userCount: 1,
            accessLevel: "Private"))
      let museum = try await client.world.startWorld(recordID: "R-museum", ownerID: "U-bob", focus: false)
      #expect(museum.handle == 4 && !museum.isFocused)
      #expect(server.mod.world.focusedHandle == 3)
      #expect(
        try await client.world.listOpenWorlds().map(\.name) == [
          "Tester Home", "Community Hub", "Grid Space", "Art Museum",
        ])
    }
  }

  // MARK: Open worlds

  @Test("listOpenWorlds maps the initial open worlds")
  func listOpenWorlds() async throws {
    try await withMod { (client, _) async throws in
      #expect(
        try await client.world.listOpenWorlds() == [
          OpenWorld(
            handle: 1, sessionID: "S-local-home", name: "Tester Home", isFocused: true, userCount: 1,
            accessLevel: "Private"),
          OpenWorld(
            handle: 2, sessionID: "S-hub", name: "Community Hub", isFocused: false, userCount: 13, accessLevel: "Anyone"
          ),
        ])
    }
  }

  @Test("focus switches the focused world, and it stays switched; NOT_FOUND for an unknown handle")
  func focus() async throws {
    try await withMod { (client, server) async throws in
      let hub = try await client.world.focus(2)
      #expect(hub.handle == 2 && hub.isFocused)
      #expect(try await client.world.current()?.handle == 2)
      #expect(try await client.world.listOpenWorlds().filter(\.isFocused).map(\.handle) == [2])
      #expect(server.mod.world.focusedHandle == 2)
      await expectNavigationStatus(.notFound, "No open world has handle 99.") { _ = try await client.world.focus(99) }
    }
  }

  @Test("leave closes a world; leaving the focused one leaves current() nil; NOT_FOUND for an unknown handle")
  func leave() async throws {
    try await withMod { (client, server) async throws in
      try await client.world.leave(2)
      #expect(try await client.world.listOpenWorlds().map(\.handle) == [1])
      try await client.world.leave(1)
      #expect(try await client.world.current() == nil)
      #expect(server.mod.world.openWorlds.isEmpty)
      await expectNavigationStatus(.notFound, "No open world has handle 1.") { try await client.world.leave(1) }
    }
  }

  @Test("current(): has_world decides; has_world without a world is an UnexpectedReplyError")
  func currentFollowsHasWorld() async throws {
    try await withMod { (client, server) async throws in
      var worldButFlagFalse = ResoniteIo_V1_GetCurrentResponse()
      worldButFlagFalse.world.name = "ignored"
      server.register(path: Methods.getCurrent.path, handler: navigationReply(worldButFlagFalse))
      #expect(try await client.world.current() == nil)

      var flagButNoWorld = ResoniteIo_V1_GetCurrentResponse()
      flagButNoWorld.hasWorld_p = true
      server.register(path: Methods.getCurrent.path, handler: navigationReply(flagButNoWorld))
      let error = await expectNavigationError(UnexpectedReplyError.self) { _ = try await client.world.current() }
      #expect(error?.method == "World/GetCurrent")
    }
  }

  // MARK: Thumbnails

  @Test("fetchThumbnail returns the stored bytes and content type")
  func fetchThumbnail() async throws {
    try await withMod { (client, server) async throws in
      let uri = try await client.world.listSessions().sessions[0].thumbnailURL
      let thumbnail = try await client.world.fetchThumbnail(uri: uri)
      #expect(thumbnail.contentType == "image/webp")
      #expect(thumbnail.data.prefix(4) == Data("RIFF".utf8))
      #expect(thumbnail.data.dropFirst(8).prefix(4) == Data("WEBP".utf8))
      let bytes = Data([0, 1, 2, 255])
      server.mod.world.setThumbnail(WorldModel.Thumbnail(data: bytes, contentType: "image/png"), for: "https://x/y.png")
      #expect(
        try await client.world.fetchThumbnail(uri: "https://x/y.png")
          == WorldThumbnail(data: bytes, contentType: "image/png"))
    }
  }

  // MARK: Refusals

  /// A World call the stand-in mod refuses, with the status and message it answers.
  struct Refusal: Sendable, CustomTestStringConvertible {
    var code: StatusCode
    var message: String
    var call: @Sendable (ResoniteClient) async throws -> Void

    init(_ code: StatusCode, _ message: String, _ call: @escaping @Sendable (ResoniteClient) async throws -> Void) {
      self.code = code
      self.message = message
      self.call = call
    }

    var testDescription: String { "\(code): \(message)" }
  }

  static let refusals: [Refusal] = [
    Refusal(.notFound, "Session 'S-nope' was not found.") { _ = try await $0.world.join(sessionID: "S-nope") },
    Refusal(.notFound, "No session has the URL 'ressession:///S-nope'.") {
      _ = try await $0.world.join(url: "ressession:///S-nope")
    },
    // Neither a session id nor a URL, past the client's guard.
    Refusal(.notFound, "Join requires a session_id or a session_url.") {
      _ = try await ResoniteIo_V1_WorldStub(channel: $0.channel()).join(ResoniteIo_V1_JoinRequest())
    },
    Refusal(.notFound, "StartWorld requires a record_id.") { _ = try await $0.world.startWorld(recordID: "") },
    Refusal(.notFound, "World record 'R-nope' was not found.") {
      _ = try await $0.world.startWorld(recordID: "R-nope")
    },
    Refusal(.notFound, "World record 'R-grid' of owner 'U-bob' was not found.") {
      _ = try await $0.world.startWorld(recordID: "R-grid", ownerID: "U-bob")
    },
    Refusal(.failedPrecondition, "World 'Broken World' failed to load.") {
      _ = try await $0.world.startWorld(recordID: "R-broken")
    },
    Refusal(.invalidArgument, "uri is required.") { _ = try await $0.world.fetchThumbnail(uri: "") },
    Refusal(.notFound, "Thumbnail 'resdb:///nope' could not be fetched.") {
      _ = try await $0.world.fetchThumbnail(uri: "resdb:///nope")
    },
  ]

  @Test(
    "join, startWorld and fetchThumbnail: the mod's refusal (NOT_FOUND, FAILED_PRECONDITION, INVALID_ARGUMENT) comes through",
    arguments: refusals)
  func refused(_ refusal: Refusal) async throws {
    try await withMod { (client, _) async throws in
      await expectNavigationStatus(refusal.code, refusal.message) { try await refusal.call(client) }
    }
  }

  @Test("FAILED_PRECONDITION (not ready) from the failure knob comes through unchanged")
  func notReady() async throws {
    try await withMod({
      $0.failures[Methods.listSessions.path] = CallFailure(code: .failedPrecondition, message: "Cloud is not ready.")
    }) { (client, _) async throws in
      await expectNavigationStatus(.failedPrecondition, "Cloud is not ready.") {
        _ = try await client.world.listSessions()
      }
    }
  }
}
