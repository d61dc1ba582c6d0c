public import Foundation
import ResoniteGRPC
public import ResoniteIOMessages
import Synchronization

/// The stand-in mod's worlds: live sessions to list and join, world records to list and start,
/// the worlds open in the engine (by handle, one focused), and thumbnails by URI.
///
/// Initial state (deterministic; the signed-in user is ``signedInUserID`` `U-resoio-tester`,
/// whose contacts are `U-alice` and `U-bob`):
/// - sessions, in order: `S-hub` "Community Hub" (host alice, 12 joined / 9 active / 32 max,
///   Anyone); `S-lounge` "Chill Lounge" (host bob, 4/2/16, Contacts); `S-headless-games`
///   "Game Night" (headless host, 20/18/50, Anyone); `S-quiet` "Quiet Library" (host carol,
///   1/0/8, Anyone, **fails to load**); `S-build` "Build Space" (headless host, 3/3/10,
///   RegisteredUsers). Each has one URL `ressession:///<id>` (the hub also
///   `lnl-nat:///hub-1`) and a thumbnail `resdb:///thumb-<id>`.
/// - records: `R-home` "Tester Home" (own), `R-grid` "Grid Space", `R-museum` "Art Museum"
///   (featured), `R-race` "Race Track" (featured), `R-guild` "Guild Hall" (group `G-builders`),
///   `R-broken` "Broken World" (own, **fails to load**), each with creation, first-publish and
///   update times, visit counts and tags (see the source).
/// - open worlds: handle 1 "Tester Home" (`S-local-home`, focused, 1 user, Private) and
///   handle 2 "Community Hub" (`S-hub`, 13 users, Anyone); new handles count from 3.
///
/// Behaviour (as SERVICES.md describes the mod): ListSessions filters (UNSPECIFIED or unknown =
/// all, FRIENDS = hosted by a contact, HEADLESS), searches name, host and tags
/// (case-insensitive), applies `min_active_users`, then pages (`page_size` 0 = everything;
/// `page * page_size` overflowing 32 bits is UNKNOWN, as the mod's `checked(page*page_size)`
/// gives). ListRecords: source UNSPECIFIED or PUBLIC = every record, FEATURED, OWN (owner =
/// the user), GROUP (owner `G-…`); `required_tags` all present; `owner_id`; `search` with `+term`, `-term`,
/// `"a phrase"` (plain and `+` terms required); sort UNSPECIFIED = CREATION_DATE, direction
/// UNSPECIFIED = DESCENDING, RANDOM a fixed shuffle; `count` 0 = 60. Join by id (wins) or by
/// URL; neither is NOT_FOUND; a session already open returns that world. StartWorld needs a
/// record id (NOT_FOUND otherwise) and, when given, the matching owner. Joining or starting
/// focuses the new world when `focus` is set. Leave of the focused world leaves nothing
/// focused (GetCurrent: `has_world` false). FetchThumbnail: empty URI INVALID_ARGUMENT,
/// unknown NOT_FOUND.
public final class WorldModel: Sendable {
  /// A world record with the facts the stand-in sorts and filters by.
  public struct Record: Sendable, Hashable {
    /// The record as ListRecords answers it.
    public var record: ResoniteIo_V1_WorldRecord
    /// Listed under FEATURED.
    public var isFeatured: Bool
    /// Sort key of CREATION_DATE.
    public var createdUnixNanos: Int64
    /// Sort key of FIRST_PUBLISH.
    public var firstPublishedUnixNanos: Int64
    /// Sort key of TOTAL_VISITS.
    public var totalVisits: Int

    /// Creates a record.
    public init(
      record: ResoniteIo_V1_WorldRecord, isFeatured: Bool = false, createdUnixNanos: Int64 = 0,
      firstPublishedUnixNanos: Int64 = 0, totalVisits: Int = 0
    ) {
      self.record = record
      self.isFeatured = isFeatured
      self.createdUnixNanos = createdUnixNanos
      self.firstPublishedUnixNanos = firstPublishedUnixNanos
      self.totalVisits = totalVisits
    }
  }

  /// A thumbnail's bytes and type.
  public struct Thumbnail: Sendable, Hashable {
    /// The image bytes.
    public var data: Data
    /// Their MIME type.
    public var contentType: String

    /// Creates a thumbnail.
    public init(data: Data, contentType: String = "image/webp") {
      self.data = data
      self.contentType = contentType
    }
  }

  struct State {
    var sessions: [ResoniteIo_V1_WorldSession] = WorldModel.initialSessions
    var records: [Record] = WorldModel.initialRecords
    var openWorlds: [ResoniteIo_V1_OpenWorld] = WorldModel.initialOpenWorlds
    var nextHandle: Int32 = 3
    var contacts: Set<String> = ["U-alice", "U-bob"]
    var failingLoads: Set<String> = ["S-quiet", "R-broken"]
    var thumbnails: [String: Thumbnail] = WorldModel.initialThumbnails
  }

  private let state = Mutex(State())

  /// The signed-in user: the owner the OWN source lists.
  public let signedInUserID = "U-resoio-tester"

  /// Creates the worlds in their initial state.
  public init() {}

  // MARK: Reading (for tests)

  /// The live sessions, in listing order.
  public var sessions: [ResoniteIo_V1_WorldSession] { state.withLock { $0.sessions } }
  /// The world records, in their stored order.
  public var records: [Record] { state.withLock { $0.records } }
  /// The open worlds, in opening order (`focused` set on at most one).
  public var openWorlds: [ResoniteIo_V1_OpenWorld] { state.withLock { $0.openWorlds } }
  /// The focused world's handle, if any.
  public var focusedHandle: Int32? { state.withLock { $0.openWorlds.first { $0.focused }?.handle } }

  // MARK: Seeding (for tests)

  /// Replaces the live sessions.
  public func setSessions(_ sessions: [ResoniteIo_V1_WorldSession]) { state.withLock { $0.sessions = sessions } }
  /// Replaces the world records.
  public func setRecords(_ records: [Record]) { state.withLock { $0.records = records } }
  /// Replaces the open worlds (new handles then count on from the largest).
  public func setOpenWorlds(_ worlds: [ResoniteIo_V1_OpenWorld]) {
    state.withLock {
      $0.openWorlds = worlds
      $0.nextHandle = (worlds.map(\.handle).max() ?? 0) + 1
    }
  }
  /// Makes joining the session or starting the record with this id fail (or succeed again).
  public func setFailsToLoad(_ id: String, _ fails: Bool = true) {
    state.withLock {
      if fails { $0.failingLoads.insert(id) } else { $0.failingLoads.remove(id) }
    }
  }
  /// Stores (or with nil removes) the thumbnail served for `uri`.
  public func setThumbnail(_ thumbnail: Thumbnail?, for uri: String) {
    state.withLock { $0.thumbnails[uri] = thumbnail }
  }

  // MARK: RPCs

  func listSessions(_ request: ResoniteIo_V1_ListSessionsRequest) throws(CallFailure)
    -> ResoniteIo_V1_ListSessionsResponse
  {
    let (all, contacts) = state.withLock { ($0.sessions, $0.contacts) }
    let terms = Self.fold(request.search).split(separator: " ").map(String.init)
    let matching = all.filter { session in
      switch request.filter {
      case .friends: guard contacts.contains(session.hostUserID) else { return false }
      case .headless: guard session.headlessHost else { return false }
      default: break
      }
      guard session.activeUsers >= request.minActiveUsers else { return false }
      let haystack = ([session.name, session.hostUsername] + session.tags).map(Self.fold)
      return terms.allSatisfy { term in haystack.contains { $0.contains(term) } }
    }
    var response = ResoniteIo_V1_ListSessionsResponse()
    response.totalCount = UInt32(matching.count)
    response.page = request.page
    response.pageSize = request.pageSize
    if request.pageSize == 0 {
      response.sessions = matching
    } else {
      let (skip, overflow) = request.page.multipliedReportingOverflow(by: request.pageSize)
      if overflow {
        throw CallFailure(
          code: .unknown,
          message: "Exception was thrown by handler. OverflowException: Arithmetic operation resulted in an overflow.")
      }
      response.sessions = Array(matching.dropFirst(Int(skip)).prefix(Int(request.pageSize)))
    }
    return response
  }

  func listRecords(_ request: ResoniteIo_V1_ListRecordsRequest) -> ResoniteIo_V1_ListRecordsResponse {
    let all = state.withLock { $0.records }
    let (required, excluded) = Self.searchTerms(request.search)
    var matching = all.filter { entry in
      let record = entry.record
      switch request.source {
      case .featured: guard entry.isFeatured else { return false }
      case .own: guard record.ownerID == signedInUserID else { return false }
      case .group: guard record.ownerID.hasPrefix("G-") else { return false }
      default: break
      }
      guard request.requiredTags.allSatisfy(record.tags.contains) else { return false }
      guard request.ownerID.isEmpty || record.ownerID == request.ownerID else { return false }
      let haystack = ([record.name, record.description_p] + record.tags).map(Self.fold)
      guard required.allSatisfy({ term in haystack.contains { $0.contains(term) } }) else { return false }
      return !excluded.contains { term in haystack.contains { $0.contains(term) } }
    }
    let ascending = request.sortDirection == .ascending
    switch request.sort {
    case .random:
      matching.sort { Self.shuffleKey($0.record.recordID) < Self.shuffleKey($1.record.recordID) }
    default:
      matching.sort { a, b in
        let order = Self.compare(a, b, by: request.sort)
        if order == 0 { return a.record.recordID < b.record.recordID }
        return ascending ? order < 0 : order > 0
      }
    }
    let count = request.count == 0 ? 60 : Int(request.count)
    let start = min(Int(request.offset), matching.count)
    var response = ResoniteIo_V1_ListRecordsResponse()
    response.records = Array(matching[start...].prefix(count)).map(\.record)
    response.hasMore_p = start + count < matching.count
    response.offset = request.offset
    return response
  }

  func join(_ request: ResoniteIo_V1_JoinRequest) throws(CallFailure) -> ResoniteIo_V1_JoinResponse {
    try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_JoinResponse in
      let session: ResoniteIo_V1_WorldSession?
      if !request.sessionID.isEmpty {
        session = state.sessions.first { $0.sessionID == request.sessionID }
        guard session != nil else {
          throw CallFailure(code: .notFound, message: "Session '\(request.sessionID)' was not found.")
        }
      } else if !request.sessionURL.isEmpty {
        session = state.sessions.first { $0.sessionUrls.contains(request.sessionURL) }
        guard session != nil else {
          throw CallFailure(code: .notFound, message: "No session has the URL '\(request.sessionURL)'.")
        }
      } else {
        throw CallFailure(code: .notFound, message: "Join requires a session_id or a session_url.")
      }
      guard let session else { fatalError("unreachable") }
      if state.failingLoads.contains(session.sessionID) {
        throw CallFailure(code: .failedPrecondition, message: "World '\(session.name)' failed to load.")
      }
      var response = ResoniteIo_V1_JoinResponse()
      if let index = state.openWorlds.firstIndex(where: { $0.sessionID == session.sessionID }) {
        if request.focus { Self.focus(index, in: &state) }
        response.world = state.openWorlds[index]
        return response
      }
      var world = ResoniteIo_V1_OpenWorld()
      world.sessionID = session.sessionID
      world.name = session.name
      world.userCount = session.joinedUsers + 1
      world.accessLevel = session.accessLevel
      response.world = Self.open(world, focus: request.focus, in: &state)
      return response
    }
  }

  func startWorld(_ request: ResoniteIo_V1_StartWorldRequest) throws(CallFailure) -> ResoniteIo_V1_StartWorldResponse {
    try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_StartWorldResponse in
      guard !request.recordID.isEmpty else {
        throw CallFailure(code: .notFound, message: "StartWorld requires a record_id.")
      }
      guard
        let entry = state.records.first(where: {
          $0.record.recordID == request.recordID && (request.ownerID.isEmpty || $0.record.ownerID == request.ownerID)
        })
      else {
        let owner = request.ownerID.isEmpty ? "" : " of owner '\(request.ownerID)'"
        throw CallFailure(code: .notFound, message: "World record '\(request.recordID)'\(owner) was not found.")
      }
      if state.failingLoads.contains(entry.record.recordID) {
        throw CallFailure(code: .failedPrecondition, message: "World '\(entry.record.name)' failed to load.")
      }
      var world = ResoniteIo_V1_OpenWorld()
      world.sessionID = "S-started-\(state.nextHandle)"
      world.name = entry.record.name
      world.userCount = 1
      world.accessLevel = "Private"
      var response = ResoniteIo_V1_StartWorldResponse()
      response.world = Self.open(world, focus: request.focus, in: &state)
      return response
    }
  }

  func listOpenWorlds() -> ResoniteIo_V1_ListOpenWorldsResponse {
    var response = ResoniteIo_V1_ListOpenWorldsResponse()
    response.worlds = state.withLock { $0.openWorlds }
    return response
  }

  func focus(_ handle: Int32) throws(CallFailure) -> ResoniteIo_V1_FocusResponse {
    try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_FocusResponse in
      guard let index = state.openWorlds.firstIndex(where: { $0.handle == handle }) else {
        throw Self.unknownHandle(handle)
      }
      Self.focus(index, in: &state)
      var response = ResoniteIo_V1_FocusResponse()
      response.world = state.openWorlds[index]
      return response
    }
  }

  func leave(_ handle: Int32) throws(CallFailure) -> ResoniteIo_V1_LeaveResponse {
    try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_LeaveResponse in
      guard let index = state.openWorlds.firstIndex(where: { $0.handle == handle }) else {
        throw Self.unknownHandle(handle)
      }
      state.openWorlds.remove(at: index)
      return ResoniteIo_V1_LeaveResponse()
    }
  }

  func current() -> ResoniteIo_V1_GetCurrentResponse {
    var response = ResoniteIo_V1_GetCurrentResponse()
    if let world = state.withLock({ $0.openWorlds.first { $0.focused } }) {
      response.world = world
      response.hasWorld_p = true
    }
    return response
  }

  func fetchThumbnail(_ uri: String) throws(CallFailure) -> ResoniteIo_V1_FetchThumbnailResponse {
    guard !uri.isEmpty else { throw CallFailure(code: .invalidArgument, message: "uri is required.") }
    guard let thumbnail = state.withLock({ $0.thumbnails[uri] }) else {
      throw CallFailure(code: .notFound, message: "Thumbnail '\(uri)' could not be fetched.")
    }
    var response = ResoniteIo_V1_FetchThumbnailResponse()
    response.data = thumbnail.data
    response.contentType = thumbnail.contentType
    return response
  }

  // MARK: Helpers

  private static func unknownHandle(_ handle: Int32) -> CallFailure {
    CallFailure(code: .notFound, message: "No open world has handle \(handle).")
  }

  private static func focus(_ index: Int, in state: inout State) {
    for i in state.openWorlds.indices { state.openWorlds[i].focused = i == index }
  }

  private static func open(_ world: ResoniteIo_V1_OpenWorld, focus: Bool, in state: inout State)
    -> ResoniteIo_V1_OpenWorld
  {
    var world = world
    world.handle = state.nextHandle
    state.nextHandle += 1
    state.openWorlds.append(world)
    if focus { Self.focus(state.openWorlds.count - 1, in: &state) }
    return state.openWorlds[state.openWorlds.count - 1]
  }

  private static func fold(_ text: String) -> String { text.folding(options: .caseInsensitive, locale: nil) }

  /// The World tab's search: `"a phrase"` is one term, `-term` excluded, others required.
  static func searchTerms(_ search: String) -> (required: [String], excluded: [String]) {
    var required: [String] = []
    var excluded: [String] = []
    var rest = Substring(fold(search))
    while rest.contains(where: { $0 != " " }) {
      rest = rest.drop { $0 == " " }
      var negate = false
      if rest.first == "-" || rest.first == "+" {
        negate = rest.first == "-"
        rest = rest.dropFirst()
      }
      let term: Substring
      if rest.first == "\"" {
        rest = rest.dropFirst()
        term = rest.prefix { $0 != "\"" }
        rest = rest.dropFirst(term.count).dropFirst()
      } else {
        term = rest.prefix { $0 != " " }
        rest = rest.dropFirst(term.count)
      }
      guard !term.isEmpty else { continue }
      if negate { excluded.append(String(term)) } else { required.append(String(term)) }
    }
    return (required, excluded)
  }

  /// -1, 0 or 1: how `a` compares with `b` by `sort` (UNSPECIFIED = CREATION_DATE).
  private static func compare(_ a: Record, _ b: Record, by sort: ResoniteIo_V1_RecordSort) -> Int {
    func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
    switch sort {
    case .lastUpdate: return sign(a.record.lastModificationUnixNanos, b.record.lastModificationUnixNanos)
    case .firstPublish: return sign(a.firstPublishedUnixNanos, b.firstPublishedUnixNanos)
    case .totalVisits: return sign(a.totalVisits, b.totalVisits)
    case .name: return sign(fold(a.record.name), fold(b.record.name))
    default: return sign(a.createdUnixNanos, b.createdUnixNanos)
    }
  }

  /// A fixed pseudo-random key (FNV-1a of the id), so RANDOM is the same shuffle every time.
  private static func shuffleKey(_ id: String) -> UInt64 {
    id.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
  }

  // MARK: Initial state

  /// 2025-11-24T00:00:00Z plus `hours`, in nanoseconds.
  private static func time(hours: Int64) -> Int64 { (1_763_942_400 + hours * 3600) * 1_000_000_000 }

  private static func session(
    _ id: String, _ name: String, host: (id: String, name: String), users: (Int32, Int32, Int32), access: String,
    headless: Bool = false, tags: [String] = [], extraURLs: [String] = [], begunHoursAgo: Int64
  ) -> ResoniteIo_V1_WorldSession {
    var session = ResoniteIo_V1_WorldSession()
    session.sessionID = id
    session.name = name
    session.description_p = "\(name), a stand-in session."
    session.hostUserID = host.id
    session.hostUsername = host.name
    session.sessionUrls = ["ressession:///\(id)"] + extraURLs
    session.thumbnailURL = "resdb:///thumb-\(id)"
    session.joinedUsers = users.0
    session.activeUsers = users.1
    session.maximumUsers = users.2
    session.tags = tags
    session.accessLevel = access
    session.headlessHost = headless
    session.mobileFriendly = !headless
    session.correspondingWorldID = ""
    session.universeID = ""
    session.sessionBeginUnixNanos = time(hours: -begunHoursAgo) + 123_456_789
    session.lastUpdateUnixNanos = time(hours: 0) + 987_654_321
    return session
  }

  static let initialSessions: [ResoniteIo_V1_WorldSession] = [
    session(
      "S-hub", "Community Hub", host: ("U-alice", "alice"), users: (12, 9, 32), access: "Anyone",
      tags: ["social", "hub"], extraURLs: ["lnl-nat:///hub-1"], begunHoursAgo: 5),
    session(
      "S-lounge", "Chill Lounge", host: ("U-bob", "bob"), users: (4, 2, 16), access: "Contacts",
      tags: ["social", "music"], begunHoursAgo: 2),
    session(
      "S-headless-games", "Game Night", host: ("U-headless-1", "Headless Games"), users: (20, 18, 50),
      access: "Anyone", headless: true, tags: ["games"], begunHoursAgo: 30),
    session(
      "S-quiet", "Quiet Library", host: ("U-carol", "carol"), users: (1, 0, 8), access: "Anyone",
      tags: ["reading"], begunHoursAgo: 1),
    session(
      "S-build", "Build Space", host: ("U-headless-2", "Builders Headless"), users: (3, 3, 10),
      access: "RegisteredUsers", headless: true, tags: ["building"], begunHoursAgo: 48),
  ]

  private static func record(
    _ id: String, _ name: String, owner: String, tags: [String], featured: Bool = false, created: Int64,
    published: Int64, updated: Int64, visits: Int
  ) -> Record {
    var record = ResoniteIo_V1_WorldRecord()
    record.recordID = id
    record.ownerID = owner
    record.name = name
    record.description_p = "\(name), a stand-in world."
    record.thumbnailURL = "resdb:///thumb-\(id)"
    record.tags = tags
    record.recordURL = "resrec:///\(owner)/\(id)"
    record.lastModificationUnixNanos = time(hours: -updated)
    return Record(
      record: record, isFeatured: featured, createdUnixNanos: time(hours: -created),
      firstPublishedUnixNanos: time(hours: -published), totalVisits: visits)
  }

  static let initialRecords: [Record] = [
    record(
      "R-home", "Tester Home", owner: "U-resoio-tester", tags: ["home"], created: 900, published: 800, updated: 3,
      visits: 12),
    record(
      "R-grid", "Grid Space", owner: "U-alice", tags: ["grid", "basic"], created: 500, published: 480, updated: 100,
      visits: 3400),
    record(
      "R-museum", "Art Museum", owner: "U-bob", tags: ["art", "gallery"], featured: true, created: 300,
      published: 290, updated: 10, visits: 8800),
    record(
      "R-race", "Race Track", owner: "U-carol", tags: ["games", "racing"], featured: true, created: 200,
      published: 150, updated: 50, visits: 2100),
    record(
      "R-guild", "Guild Hall", owner: "G-builders", tags: ["group", "building"], created: 100, published: 90,
      updated: 20, visits: 640),
    record(
      "R-broken", "Broken World", owner: "U-resoio-tester", tags: ["test"], created: 50, published: 40, updated: 1,
      visits: 0),
  ]

  static let initialOpenWorlds: [ResoniteIo_V1_OpenWorld] = {
    var home = ResoniteIo_V1_OpenWorld()
    home.handle = 1
    home.sessionID = "S-local-home"
    home.name = "Tester Home"
    home.focused = true
    home.userCount = 1
    home.accessLevel = "Private"
    var hub = ResoniteIo_V1_OpenWorld()
    hub.handle = 2
    hub.sessionID = "S-hub"
    hub.name = "Community Hub"
    hub.focused = false
    hub.userCount = 13
    hub.accessLevel = "Anyone"
    return [home, hub]
  }()

  /// A tiny deterministic "WebP" (RIFF header, then `label`'s bytes).
  static func fakeWebP(_ label: String) -> Data {
    let payload = Array("VP8L".utf8) + Array(label.utf8)
    let size = UInt32(4 + payload.count)
    var bytes = Array("RIFF".utf8)
    bytes += withUnsafeBytes(of: size.littleEndian, Array.init)
    bytes += Array("WEBP".utf8) + payload
    return Data(bytes)
  }

  static let initialThumbnails: [String: Thumbnail] = {
    var thumbnails: [String: Thumbnail] = [:]
    for id in initialSessions.map(\.sessionID) + initialRecords.map(\.record.recordID) {
      thumbnails["resdb:///thumb-\(id)"] = Thumbnail(data: fakeWebP(id))
    }
    return thumbnails
  }()
}
