/// A dash call refused on the client, before any RPC was sent.
public enum DashArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
  /// ``DashClient/setTab(refID:localeKey:options:)`` was given neither a ref id nor a locale
  /// key (the reference client raises `ValueError` here; the mod would answer
  /// INVALID_ARGUMENT).
  case setTabNeedsRefIDOrLocaleKey

  public var description: String {
    switch self {
    case .setTabNeedsRefIDOrLocaleKey: "setTab requires refID or localeKey"
    }
  }
}
