/// How ``SessionClient/kickUser(_:kind:options:)`` removes a user (mirrors the engine's
/// `KickRequestState`). The raw values are the reference client's.
public enum KickKind: String, Sendable, Hashable, CaseIterable {
  /// Remove the user; they may join again (`KICK_KIND_KICK`).
  case kick = "kick"
  /// Remove the user and revoke their invite, so they cannot simply rejoin
  /// (`KICK_KIND_KICK_AND_REVOKE`). The reference client's default.
  case kickAndRevoke = "kick_and_revoke"

  /// The wire value.
  var wire: ResoniteIo_V1_KickKind {
    switch self {
    case .kick: .kick
    case .kickAndRevoke: .kickAndRevoke
    }
  }
}
