import ResoniteIOMessages

/// One page of live sessions, the answer of
/// ``WorldClient/listSessions(search:filter:minActiveUsers:page:pageSize:options:)`` (the
/// reference client's `ListSessionsResponse`).
public struct WorldSessionPage: Sendable, Hashable {
  /// The sessions on this page.
  public var sessions: [WorldSession]
  /// How many sessions matched in all, across every page.
  public var totalCount: Int
  /// The page number (0-based), as the mod applied it.
  public var page: Int
  /// The page size as the mod applied it (0: no paging).
  public var pageSize: Int

  /// Creates a page.
  public init(sessions: [WorldSession], totalCount: Int, page: Int, pageSize: Int) {
    self.sessions = sessions
    self.totalCount = totalCount
    self.page = page
    self.pageSize = pageSize
  }
}

extension WorldSessionPage {
  init(_ message: ResoniteIo_V1_ListSessionsResponse) {
    self.init(
      sessions: message.sessions.map(WorldSession.init), totalCount: Int(message.totalCount),
      page: Int(message.page), pageSize: Int(message.pageSize))
  }
}
