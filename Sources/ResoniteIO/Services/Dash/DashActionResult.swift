/// The outcome of a dash action (set a tab, invoke, scroll or highlight a control).
///
/// A target that did not resolve, or an action the target does not support, is a **soft**
/// failure reported here, not an error: `found == false` when the ref id (or locale key)
/// matched nothing, `ok == false` with a ``detail`` when the action was not applied. `ok` is
/// never true when `found` is false. The reference client's `DashActionResult`.
public struct DashActionResult: Sendable, Hashable {
  /// Whether the action was applied.
  public var ok: Bool
  /// Whether the requested target resolved to a tab or control.
  public var found: Bool
  /// The resolved target's ref id (or the requested one).
  public var refID: String
  /// Why the action was not applied (for example a disabled control or a type mismatch);
  /// usually empty on success.
  public var detail: String

  /// Creates a result.
  public init(ok: Bool, found: Bool, refID: String, detail: String) {
    self.ok = ok
    self.found = found
    self.refID = refID
    self.detail = detail
  }
}
