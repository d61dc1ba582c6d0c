public import ResoniteGRPC

extension RPCError {
  /// True when this is the mod's answer to a login that needs a two-factor (TOTP) code and got
  /// none: `FAILED_PRECONDITION` with "Two-factor authentication code is required.".
  ///
  /// The mod answers `FAILED_PRECONDITION` for two different things, told apart only by the
  /// message: this one, and "Cloud session manager is not ready." (the engine's cloud is not
  /// up yet). Like the reference CLI's `_is_totp_required`, this looks for "totp",
  /// "two-factor" or "two factor" in the message, ignoring case.
  ///
  /// ```swift
  /// do {
  ///   status = try await mod.auth.login(credential: name, password: password)
  /// } catch let error as RPCError where error.isTwoFactorRequired {
  ///   status = try await mod.auth.login(credential: name, password: password, totp: readCode())
  /// }
  /// ```
  public var isTwoFactorRequired: Bool {
    guard code == .failedPrecondition else { return false }
    let text = message.lowercased()
    return text.contains("totp") || text.contains("two-factor") || text.contains("two factor")
  }
}
