import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs

/// Browses live sessions and world records, joins and starts worlds, and switches between the
/// worlds open in the engine.
///
/// Reach it as ``ResoniteClient/world``. The methods mirror the reference client's
/// `WorldClient`, with Swift value types where it returns the generated wire types.
///
/// ```swift
/// try await ResoniteClient.withConnection { mod in
///   let page = try await mod.world.listSessions(filter: .headless, minActiveUsers: 1)
///   guard let session = page.sessions.first else { return }
///   let world = try await mod.world.join(sessionID: session.sessionID)
///   print("joined", world.name, "as handle", world.handle)
///   if let current = try await mod.world.current() { print("focused:", current.name) }
/// }
/// ```
///
/// Every method throws ``ResoniteClientError/notConnected`` when the client is not connected
/// and `RPCError` for a failed call. The mod answers NOT_FOUND for an unknown session, record,
/// handle or thumbnail (and also for a join with neither id nor URL, or a start without a
/// record), FAILED_PRECONDITION while the engine is not ready, when a world fails to load or a
/// wait times out (a join or start waits up to 60 s for the world and 30 s for focus, so give
/// those calls a timeout above that if you set one), INVALID_ARGUMENT for an empty thumbnail
/// URI, and the statuses every service can answer.
public struct WorldClient: Sendable {
  /// The connection the calls go over.
  public let client: ResoniteClient

  /// Creates the service client over `client`'s connection (the same as ``ResoniteClient/world``).
  public init(client: ResoniteClient) {
    self.client = client
  }

  private func stub() throws -> ResoniteIo_V1_WorldStub {
    ResoniteIo_V1_WorldStub(channel: try client.channel())
  }

  // MARK: Browsing

  /// Lists live sessions; the mod applies the search, filter and paging. Python:
  /// `list_sessions(*, search="", filter=SessionFilter.ALL, min_active_users=0, page=0, page_size=0)`.
  ///
  /// - Parameters:
  ///   - search: free text matched against the sessions; empty matches all.
  ///   - filter: which sessions; ``SessionFilter/all`` is sent as the wire's UNSPECIFIED.
  ///   - minActiveUsers: leave out sessions with fewer active users.
  ///   - page: the 0-based page.
  ///   - pageSize: sessions per page; 0 lists all.
  ///   - options: timeout and metadata for the call.
  /// - Throws: `RPCError` (FAILED_PRECONDITION while the cloud is not ready; UNKNOWN when
  ///   `page * pageSize` overflows in the mod).
  public func listSessions(
    search: String = "", filter: SessionFilter = .all, minActiveUsers: Int32 = 0, page: UInt32 = 0,
    pageSize: UInt32 = 0, options: CallOptions = CallOptions()
  ) async throws -> WorldSessionPage {
    var request = ResoniteIo_V1_ListSessionsRequest()
    request.search = search
    request.filter = filter.wire
    request.minActiveUsers = minActiveUsers
    request.page = page
    request.pageSize = pageSize
    return WorldSessionPage(try await stub().listSessions(request, options: options))
  }

  /// Lists world records (``RecordSort/random`` for the random view). Python:
  /// `list_records(*, source=PUBLIC, required_tags=(), owner_id="", search="", offset=0,
  /// count=0, sort=CREATION_DATE, sort_direction=DESCENDING)`.
  ///
  /// - Parameters:
  ///   - source: where to look.
  ///   - requiredTags: every one of these tags must be on a record.
  ///   - ownerID: only records of this owner; empty for any.
  ///   - search: the World tab's query syntax (`+term` required, `-term` excluded,
  ///     `"a phrase"`); empty for no search.
  ///   - offset: how many records to skip.
  ///   - count: how many to return; 0 means the mod's default, 60.
  ///   - sort: the order.
  ///   - sortDirection: its direction.
  ///   - options: timeout and metadata for the call.
  /// - Throws: `RPCError` (FAILED_PRECONDITION while the cloud is not ready).
  public func listRecords(
    source: RecordSource = .public, requiredTags: [String] = [], ownerID: String = "", search: String = "",
    offset: UInt32 = 0, count: UInt32 = 0, sort: RecordSort = .creationDate,
    sortDirection: RecordSortDirection = .descending, options: CallOptions = CallOptions()
  ) async throws -> WorldRecordPage {
    var request = ResoniteIo_V1_ListRecordsRequest()
    request.source = source.wire
    request.requiredTags = requiredTags
    request.ownerID = ownerID
    request.search = search
    request.offset = offset
    request.count = count
    request.sort = sort.wire
    request.sortDirection = sortDirection.wire
    return WorldRecordPage(try await stub().listRecords(request, options: options))
  }

  // MARK: Opening worlds

  /// Joins a live session by its id **or** by one of its URLs, and returns the open world.
  /// Python: `join(*, session_id="", url="", focus=True)`.
  ///
  /// ```swift
  /// let world = try await mod.world.join(sessionID: "S-1234", focus: false)
  /// ```
  ///
  /// - Parameters:
  ///   - sessionID: the session's id (`S-…`); empty when joining by `url`.
  ///   - url: one of the session's URLs; empty when joining by `sessionID`.
  ///   - focus: also focus the world once it runs.
  ///   - options: timeout and metadata for the call.
  /// - Throws: ``WorldArgumentError/joinNeedsExactlyOneOfSessionIDOrURL`` when both or neither
  ///   are given, before any RPC; ``UnexpectedReplyError`` when the reply has no world;
  ///   `RPCError` (NOT_FOUND for an unknown session, FAILED_PRECONDITION when it fails to load
  ///   or a wait times out).
  public func join(
    sessionID: String = "", url: String = "", focus: Bool = true, options: CallOptions = CallOptions()
  ) async throws -> OpenWorld {
    guard sessionID.isEmpty != url.isEmpty else { throw WorldArgumentError.joinNeedsExactlyOneOfSessionIDOrURL }
    var request = ResoniteIo_V1_JoinRequest()
    request.sessionID = sessionID
    request.sessionURL = url
    request.focus = focus
    let reply = try await stub().join(request, options: options)
    guard reply.hasWorld else { throw Self.missingWorld(in: "Join") }
    return OpenWorld(reply.world)
  }

  /// Starts a new session from a world record and returns the open world. Python:
  /// `start_world(*, record_id, owner_id="", focus=True)`.
  ///
  /// - Parameters:
  ///   - recordID: the record (`R-…`).
  ///   - ownerID: the record's owner; empty lets the mod find it.
  ///   - focus: also focus the world once it runs.
  ///   - options: timeout and metadata for the call.
  /// - Throws: ``UnexpectedReplyError`` when the reply has no world; `RPCError` (NOT_FOUND for
  ///   an unknown or empty record, FAILED_PRECONDITION when it fails to load or a wait times out).
  public func startWorld(
    recordID: String, ownerID: String = "", focus: Bool = true, options: CallOptions = CallOptions()
  ) async throws -> OpenWorld {
    var request = ResoniteIo_V1_StartWorldRequest()
    request.recordID = recordID
    request.ownerID = ownerID
    request.focus = focus
    let reply = try await stub().startWorld(request, options: options)
    guard reply.hasWorld else { throw Self.missingWorld(in: "StartWorld") }
    return OpenWorld(reply.world)
  }

  // MARK: Open worlds

  /// The worlds open in the engine. Python: `list_open_worlds()`.
  ///
  /// - Throws: `RPCError` (FAILED_PRECONDITION while the engine is not ready).
  public func listOpenWorlds(options: CallOptions = CallOptions()) async throws -> [OpenWorld] {
    try await stub().listOpenWorlds(ResoniteIo_V1_ListOpenWorldsRequest(), options: options).worlds.map(OpenWorld.init)
  }

  /// Focuses the open world `handle` and returns it. Python: `focus(handle)`.
  ///
  /// - Throws: ``UnexpectedReplyError`` when the reply has no world; `RPCError` (NOT_FOUND
  ///   for an unknown handle, FAILED_PRECONDITION when focusing times out).
  public func focus(_ handle: Int32, options: CallOptions = CallOptions()) async throws -> OpenWorld {
    var request = ResoniteIo_V1_FocusRequest()
    request.handle = handle
    let reply = try await stub().focus(request, options: options)
    guard reply.hasWorld else { throw Self.missingWorld(in: "Focus") }
    return OpenWorld(reply.world)
  }

  /// Leaves (closes) the open world `handle`. Python: `leave(handle)`.
  ///
  /// - Throws: `RPCError` (NOT_FOUND for an unknown handle).
  public func leave(_ handle: Int32, options: CallOptions = CallOptions()) async throws {
    var request = ResoniteIo_V1_LeaveRequest()
    request.handle = handle
    _ = try await stub().leave(request, options: options)
  }

  /// The focused world, or nil when none is (the user is in userspace only). Python:
  /// `get_current()`.
  ///
  /// - Throws: ``UnexpectedReplyError`` when the reply says there is a world but carries
  ///   none; `RPCError`.
  public func current(options: CallOptions = CallOptions()) async throws -> OpenWorld? {
    let reply = try await stub().getCurrent(ResoniteIo_V1_GetCurrentRequest(), options: options)
    guard reply.hasWorld_p else { return nil }
    guard reply.hasWorld else { throw Self.missingWorld(in: "GetCurrent") }
    return OpenWorld(reply.world)
  }

  // MARK: Thumbnails

  /// Fetches a thumbnail image by its `resdb:///` or `https://` URI (a session's or record's
  /// `thumbnailURL`). Python: `fetch_thumbnail(uri)`.
  ///
  /// - Throws: `RPCError` (INVALID_ARGUMENT for an empty URI, NOT_FOUND when the image cannot
  ///   be fetched).
  public func fetchThumbnail(uri: String, options: CallOptions = CallOptions()) async throws -> WorldThumbnail {
    var request = ResoniteIo_V1_FetchThumbnailRequest()
    request.uri = uri
    let reply = try await stub().fetchThumbnail(request, options: options)
    return WorldThumbnail(data: reply.data, contentType: reply.contentType)
  }

  private static func missingWorld(in method: String) -> UnexpectedReplyError {
    UnexpectedReplyError(method: "World/\(method)", problem: "no world in the reply")
  }
}
