/// A contact's presence (the cloud's `OnlineStatus`).
///
/// The reference client re-exports the wire enum, so ``unspecified`` is kept (presence not
/// known). A value this client does not know makes the call throw ``UnexpectedReplyError``.
/// Raw values are the wire names in lower case.
public enum OnlineStatus: String, Sendable, Hashable, CaseIterable {
  /// Not known (`ONLINE_STATUS_UNSPECIFIED`, 0).
  case unspecified = "unspecified"
  /// Offline (`ONLINE_STATUS_OFFLINE`, 1).
  case offline = "offline"
  /// Online but shown as offline (`ONLINE_STATUS_INVISIBLE`, 2).
  case invisible = "invisible"
  /// Away (`ONLINE_STATUS_AWAY`, 3).
  case away = "away"
  /// Busy (`ONLINE_STATUS_BUSY`, 4).
  case busy = "busy"
  /// Online (`ONLINE_STATUS_ONLINE`, 5).
  case online = "online"
  /// Online and open to invites (`ONLINE_STATUS_SOCIABLE`, 6).
  case sociable = "sociable"

  init(wire: ResoniteIo_V1_OnlineStatus, method: String) throws(UnexpectedReplyError) {
    switch wire {
    case .unspecified: self = .unspecified
    case .offline: self = .offline
    case .invisible: self = .invisible
    case .away: self = .away
    case .busy: self = .busy
    case .online: self = .online
    case .sociable: self = .sociable
    case .UNRECOGNIZED(let value):
      throw UnexpectedReplyError(method: method, problem: "unknown online status \(value)")
    }
  }
}
