/// Where a contact stands with you (the cloud's `ContactStatus`).
///
/// The reference client re-exports the wire enum, so ``unspecified`` is kept (it is what a
/// default, empty contact holds). A value this client does not know makes the call throw
/// ``UnexpectedReplyError``. Raw values are the wire names in lower snake case.
public enum ContactStatus: String, Sendable, Hashable, CaseIterable {
  /// No status (`CONTACT_STATUS_UNSPECIFIED`, 0).
  case unspecified = "unspecified"
  /// No relationship (`CONTACT_STATUS_NONE`, 1); hidden by default.
  case none = "none"
  /// Found by a user search, not a contact (`CONTACT_STATUS_SEARCH_RESULT`, 2).
  case searchResult = "search_result"
  /// A contact request is pending (`CONTACT_STATUS_REQUESTED`, 3).
  case requested = "requested"
  /// Ignored, for example a removed contact or a rejected request (`CONTACT_STATUS_IGNORED`,
  /// 4); hidden by default.
  case ignored = "ignored"
  /// Blocked (`CONTACT_STATUS_BLOCKED`, 5); hidden by default.
  case blocked = "blocked"
  /// Added as a contact (`CONTACT_STATUS_ACCEPTED`, 6).
  case accepted = "accepted"

  init(wire: ResoniteIo_V1_ContactStatus, method: String) throws(UnexpectedReplyError) {
    switch wire {
    case .unspecified: self = .unspecified
    case .none: self = .none
    case .searchResult: self = .searchResult
    case .requested: self = .requested
    case .ignored: self = .ignored
    case .blocked: self = .blocked
    case .accepted: self = .accepted
    case .UNRECOGNIZED(let value):
      throw UnexpectedReplyError(method: method, problem: "unknown contact status \(value)")
    }
  }
}
