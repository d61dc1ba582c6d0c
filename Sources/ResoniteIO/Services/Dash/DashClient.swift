import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs
import SwiftProtobuf

/// Drives the dash, the userspace overlay behind `Esc`: open and close it, switch its bottom
/// tabs, and press, scroll or highlight the current tab's controls.
///
/// Reach it as ``ResoniteClient/dash``. On the wire everything is addressed by `ref_id`, the
/// engine's language-independent `ReferenceID`; the `find…` and `…ByLabel` methods resolve a
/// human-friendly query (a label, locale key, name or ref id) on the client first, as the
/// reference client's `DashClient` does.
///
/// ```swift
/// try await ResoniteClient.withConnection { mod in
///   _ = try await mod.dash.open()
///   _ = try await mod.dash.setTabByLabel("worlds")
///   for control in try await mod.dash.listControls() {
///     print(String(repeating: "  ", count: control.depth), control.controlType, control.label)
///   }
///   let result = try await mod.dash.invokeByLabel("Refresh")
///   if !result.ok { print("not applied:", result.detail) }
/// }
/// ```
///
/// A target that does not resolve, or an action it does not support, comes back as a
/// ``DashActionResult`` with `found`/`ok` false, not as an error. Every method throws
/// ``ResoniteClientError/notConnected`` when the client is not connected and `RPCError` for a
/// failed call: FAILED_PRECONDITION while the dash or userspace is not ready,
/// INVALID_ARGUMENT for an argument the mod rejects, and the statuses every service can
/// answer (UNAVAILABLE, INTERNAL, CANCELLED, DEADLINE_EXCEEDED).
public struct DashClient: Sendable {
  /// The connection the calls go over.
  public let client: ResoniteClient

  /// Creates the service client over `client`'s connection (the same as ``ResoniteClient/dash``).
  public init(client: ResoniteClient) {
    self.client = client
  }

  private func stub() throws -> ResoniteIo_V1_DashStub {
    ResoniteIo_V1_DashStub(channel: try client.channel())
  }

  // MARK: Open and close

  /// Opens the dash (a no-op when it is already open) and returns its state. Python: `open()`.
  ///
  /// - Throws: `RPCError` (FAILED_PRECONDITION while userspace is not ready).
  public func open(options: CallOptions = CallOptions()) async throws -> DashState {
    DashState(try await stub().open(ResoniteIo_V1_DashOpenRequest(), options: options))
  }

  /// Closes the dash and returns its state. Python: `close()`.
  ///
  /// - Throws: `RPCError` (FAILED_PRECONDITION while userspace is not ready).
  public func close(options: CallOptions = CallOptions()) async throws -> DashState {
    DashState(try await stub().close(ResoniteIo_V1_DashCloseRequest(), options: options))
  }

  /// The dash's state, unchanged. Python: `get_state()`.
  ///
  /// - Throws: `RPCError` (FAILED_PRECONDITION while userspace is not ready).
  public func state(options: CallOptions = CallOptions()) async throws -> DashState {
    DashState(try await stub().getState(ResoniteIo_V1_DashGetStateRequest(), options: options))
  }

  // MARK: Tabs

  /// The bottom tab bar, in order (also while the dash is closed). Python: `list_tabs()`.
  ///
  /// - Throws: `RPCError` (FAILED_PRECONDITION while the dash is not ready).
  public func listTabs(options: CallOptions = CallOptions()) async throws -> [DashTab] {
    try await stub().listTabs(ResoniteIo_V1_DashListTabsRequest(), options: options).tabs.map(DashTab.init)
  }

  /// Switches the current tab, by `refID` when it is not empty, else by `localeKey` (for
  /// example `Dash.Screens.Worlds`). Python: `set_tab(*, ref_id="", locale_key="")`.
  ///
  /// A key that matches no tab is a soft failure: `found == false`. A disabled tab gives
  /// `found == true, ok == false`.
  ///
  /// - Throws: ``DashArgumentError/setTabNeedsRefIDOrLocaleKey`` when both are empty, before
  ///   any RPC; `RPCError` (INVALID_ARGUMENT, FAILED_PRECONDITION while the dash is not ready).
  public func setTab(
    refID: String = "", localeKey: String = "", options: CallOptions = CallOptions()
  ) async throws -> DashActionResult {
    guard !refID.isEmpty || !localeKey.isEmpty else { throw DashArgumentError.setTabNeedsRefIDOrLocaleKey }
    var request = ResoniteIo_V1_DashSetTabRequest()
    request.refID = refID
    request.localeKey = localeKey
    return DashActionResult(try await stub().setTab(request, options: options))
  }

  // MARK: Controls

  /// The current tab's controls in reading order; empty while the dash is closed. Switch tabs
  /// with ``setTab(refID:localeKey:options:)`` to read another tab's. Python:
  /// `list_controls(*, include_disabled=False)`.
  ///
  /// - Parameters:
  ///   - includeDisabled: also list disabled controls (by default only enabled ones).
  ///   - options: timeout and metadata for the call.
  /// - Throws: `RPCError` (FAILED_PRECONDITION while the dash is not ready).
  public func listControls(
    includeDisabled: Bool = false, options: CallOptions = CallOptions()
  ) async throws -> [DashControl] {
    try await stub().listControls(.with { $0.includeDisabled = includeDisabled }, options: options).controls.map(
      DashControl.init)
  }

  /// Presses the control `refID` (a button). Python: `invoke(ref_id)`.
  ///
  /// An unknown ref id gives `found == false`; a control that cannot be pressed (disabled, or
  /// a scroll area) gives `ok == false` with a ``DashActionResult/detail``.
  ///
  /// - Throws: `RPCError` (FAILED_PRECONDITION while the dash is not ready).
  public func invoke(_ refID: String, options: CallOptions = CallOptions()) async throws -> DashActionResult {
    DashActionResult(try await stub().invoke(.with { $0.refID = refID }, options: options))
  }

  /// Scrolls the control `refID` (a scroll area) by adding the deltas to its normalized
  /// position (`[0, 1]` space). Python: `scroll(ref_id, *, delta_x=0, delta_y=0)`.
  ///
  /// An unknown ref id gives `found == false`; a control that cannot scroll gives `ok == false`.
  ///
  /// - Throws: `RPCError` (INVALID_ARGUMENT for deltas the mod rejects, FAILED_PRECONDITION
  ///   while the dash is not ready).
  public func scroll(
    _ refID: String, deltaX: Float = 0, deltaY: Float = 0, options: CallOptions = CallOptions()
  ) async throws -> DashActionResult {
    var request = ResoniteIo_V1_DashScrollRequest()
    request.refID = refID
    request.deltaX = deltaX
    request.deltaY = deltaY
    return DashActionResult(try await stub().scroll(request, options: options))
  }

  /// Moves the hover highlight to the control `refID` without pressing it. Python:
  /// `highlight(ref_id)`.
  ///
  /// A control without hover (a scroll area) gives `found == true, ok == false`.
  ///
  /// - Throws: `RPCError` (FAILED_PRECONDITION while the dash is not ready).
  public func highlight(_ refID: String, options: CallOptions = CallOptions()) async throws -> DashActionResult {
    DashActionResult(try await stub().highlight(.with { $0.refID = refID }, options: options))
  }

  // MARK: Finding by label

  /// Lists the tabs and resolves `query` to one of them by ref id, locale key, name or label
  /// (see ``resolveTab(_:in:)``). Python: `find_tab(query)`.
  ///
  /// - Throws: ``DashNoMatchError``, ``DashAmbiguousMatchError``; `RPCError` from the listing.
  public func findTab(_ query: String, options: CallOptions = CallOptions()) async throws -> DashTab {
    try Self.resolveTab(query, in: try await listTabs(options: options))
  }

  /// Lists the current tab's enabled controls and resolves `query` to one of them by ref id,
  /// locale key or label (see ``resolveControl(_:in:)``). Python: `find_control(query)`.
  ///
  /// - Throws: ``DashNoMatchError``, ``DashAmbiguousMatchError``; `RPCError` from the listing.
  public func findControl(_ query: String, options: CallOptions = CallOptions()) async throws -> DashControl {
    try Self.resolveControl(query, in: try await listControls(options: options))
  }

  /// ``findTab(_:options:)``, then ``setTab(refID:localeKey:options:)`` with the tab's ref id
  /// (two RPCs). Python: `set_tab_by_label(query)`.
  ///
  /// ```swift
  /// let result = try await mod.dash.setTabByLabel("worlds")  // label, name or locale key
  /// ```
  ///
  /// - Throws: ``DashNoMatchError``, ``DashAmbiguousMatchError`` (no switch is sent);
  ///   `RPCError`.
  public func setTabByLabel(_ query: String, options: CallOptions = CallOptions()) async throws -> DashActionResult {
    let tab = try await findTab(query, options: options)
    return try await setTab(refID: tab.refID, options: options)
  }

  /// ``findControl(_:options:)``, then ``invoke(_:options:)`` by ref id (two RPCs). Python:
  /// `invoke_by_label(query)`.
  ///
  /// - Throws: ``DashNoMatchError``, ``DashAmbiguousMatchError`` (nothing is invoked);
  ///   `RPCError`.
  public func invokeByLabel(_ query: String, options: CallOptions = CallOptions()) async throws -> DashActionResult {
    let control = try await findControl(query, options: options)
    return try await invoke(control.refID, options: options)
  }

  /// ``findControl(_:options:)``, then ``scroll(_:deltaX:deltaY:options:)`` by ref id (two
  /// RPCs). Python: `scroll_by_label(query, *, delta_x=0, delta_y=0)`.
  ///
  /// - Throws: ``DashNoMatchError``, ``DashAmbiguousMatchError`` (nothing is scrolled);
  ///   `RPCError`.
  public func scrollByLabel(
    _ query: String, deltaX: Float = 0, deltaY: Float = 0, options: CallOptions = CallOptions()
  ) async throws -> DashActionResult {
    let control = try await findControl(query, options: options)
    return try await scroll(control.refID, deltaX: deltaX, deltaY: deltaY, options: options)
  }

  /// ``findControl(_:options:)``, then ``highlight(_:options:)`` by ref id (two RPCs). Python:
  /// `highlight_by_label(query)`.
  ///
  /// - Throws: ``DashNoMatchError``, ``DashAmbiguousMatchError`` (nothing is highlighted);
  ///   `RPCError`.
  public func highlightByLabel(_ query: String, options: CallOptions = CallOptions()) async throws -> DashActionResult {
    let control = try await findControl(query, options: options)
    return try await highlight(control.refID, options: options)
  }

  // MARK: Resolution without a call

  /// Resolves `query` to one of `tabs`, matching ref id, locale key, name and label, the way
  /// the reference client's `_resolve_one` does:
  ///
  /// 1. the **first** tab with a key equal to `query` (case-sensitive), so a full ref id is
  ///    always unambiguous;
  /// 2. else the **only** tab with a key equal to `query` ignoring case (full Unicode case
  ///    folding, like Python's `casefold`);
  /// 3. else the **only** tab with a key that contains `query` ignoring case.
  ///
  /// ```swift
  /// let worlds = try DashClient.resolveTab("wor", in: tabs)  // unique substring of "Worlds"
  /// ```
  ///
  /// - Throws: ``DashNoMatchError`` when stage 3 matches nothing (listing every tab);
  ///   ``DashAmbiguousMatchError`` when it matches several (listing them).
  public static func resolveTab(_ query: String, in tabs: [DashTab]) throws -> DashTab {
    try DashSelector.resolve(query, in: tabs, keys: \.selectorKeys)
  }

  /// Resolves `query` to one of `controls` by ref id, locale key and label, with the same
  /// three stages as ``resolveTab(_:in:)``.
  ///
  /// - Throws: ``DashNoMatchError``; ``DashAmbiguousMatchError``.
  public static func resolveControl(_ query: String, in controls: [DashControl]) throws -> DashControl {
    try DashSelector.resolve(query, in: controls, keys: \.selectorKeys)
  }
}

extension DashState {
  init(_ message: ResoniteIo_V1_DashState) {
    self.init(isOpen: message.isOpen, openLerp: message.openLerp)
  }
}

extension DashTab {
  init(_ message: ResoniteIo_V1_DashTab) {
    self.init(
      refID: message.refID, localeKey: message.localeKey, name: message.name, label: message.label,
      isCurrent: message.isCurrent, isEnabled: message.enabled)
  }
}

extension DashControl {
  init(_ message: ResoniteIo_V1_DashControl) {
    self.init(
      refID: message.refID, controlType: message.controlType, label: message.label, localeKey: message.localeKey,
      isEnabled: message.enabled, parentRefID: message.parentRefID, depth: Int(message.depth))
  }
}

extension DashActionResult {
  init(_ message: ResoniteIo_V1_DashActionResult) {
    self.init(ok: message.ok, found: message.found, refID: message.refID, detail: message.detail)
  }
}
