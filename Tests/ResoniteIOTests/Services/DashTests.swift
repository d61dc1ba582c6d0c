import ResoniteGRPC
import ResoniteIO
import ResoniteIOMessages
import ResoniteIOStubs
import ResoniteTestServer
import ResoniteTestSupport
import Testing

private typealias Methods = ResoniteIo_V1_DashStub.Methods

@Suite("Dash")
struct DashTests {
  // MARK: Open, close, state

  @Test("open, close and state report is_open and open_lerp, and the state persists")
  func openCloseState() async throws {
    try await withMod { (client, server) async throws in
      #expect(try await client.dash.state() == DashState(isOpen: false, openLerp: 0))
      #expect(try await client.dash.open() == DashState(isOpen: true, openLerp: 1))
      #expect(try await client.dash.state() == DashState(isOpen: true, openLerp: 1))
      #expect(server.mod.dash.isOpen)
      #expect(try await client.dash.open() == DashState(isOpen: true, openLerp: 1), "opening again is a no-op")
      #expect(try await client.dash.close() == DashState(isOpen: false, openLerp: 0))
      #expect(!server.mod.dash.isOpen)
    }
  }

  @Test("FAILED_PRECONDITION (dash not ready) surfaces as RPCError with the mod's message")
  func notReady() async throws {
    try await withMod({
      $0.failures[Methods.open.path] = CallFailure(code: .failedPrecondition, message: "Userspace is not ready yet.")
    }) { (client, _) async throws in
      await expectNavigationStatus(.failedPrecondition, "Userspace is not ready yet.") {
        _ = try await client.dash.open()
      }
    }
  }

  @Test("a client that is not connected throws notConnected")
  func notConnected() async throws {
    let client = ResoniteClient(socketPath: "/nonexistent/resonite-1.sock", probeTimeout: .zero)
    let error = await expectNavigationError(ResoniteClientError.self) { _ = try await client.dash.listTabs() }
    #expect(error == .notConnected)
  }

  // MARK: Tabs

  @Test("listTabs maps every field, works while the dash is closed")
  func listTabs() async throws {
    try await withMod { (client, _) async throws in
      let tabs = try await client.dash.listTabs()
      #expect(tabs.map(\.refID) == ["ID1001", "ID1002", "ID1003", "ID1004", "ID1005"])
      #expect(
        tabs[0]
          == DashTab(
            refID: "ID1001", localeKey: "Dash.Screens.Home", name: "Home", label: "Home", isCurrent: true,
            isEnabled: true))
      #expect(tabs[2].name == "Contacts" && !tabs[2].isEnabled && !tabs[2].isCurrent)
      #expect(tabs.filter(\.isCurrent).count == 1)
    }
  }

  @Test("setTab by refID switches the current tab, and later listings show it")
  func setTabByRefID() async throws {
    try await withMod { (client, server) async throws in
      let result = try await client.dash.setTab(refID: "ID1002")
      #expect(result == DashActionResult(ok: true, found: true, refID: "ID1002", detail: ""))
      #expect(try await client.dash.listTabs().first(where: \.isCurrent)?.name == "Worlds")
      #expect(server.mod.dash.currentTabRefID == "ID1002")
    }
  }

  @Test("setTab by localeKey; a refID wins over a localeKey")
  func setTabByLocaleKey() async throws {
    try await withMod { (client, server) async throws in
      #expect(try await client.dash.setTab(localeKey: "Dash.Screens.Inventory").refID == "ID1004")
      #expect(server.mod.dash.currentTabRefID == "ID1004")
      let both = try await client.dash.setTab(refID: "ID1005", localeKey: "Dash.Screens.Worlds")
      #expect(both.ok && both.refID == "ID1005")
      #expect(server.mod.dash.currentTabRefID == "ID1005")
    }
  }

  @Test("setTab to an unknown key is a soft failure (found=false), not an error")
  func setTabUnknown() async throws {
    try await withMod { (client, server) async throws in
      let byRef = try await client.dash.setTab(refID: "ID9999")
      #expect(!byRef.found && !byRef.ok)
      #expect(byRef.detail == "No tab with ref_id 'ID9999'.")
      let byKey = try await client.dash.setTab(localeKey: "Dash.Screens.Nope")
      #expect(!byKey.found && !byKey.ok)
      #expect(server.mod.dash.currentTabRefID == "ID1001")
    }
  }

  @Test("setTab to a disabled tab: found, not ok, with a detail")
  func setTabDisabled() async throws {
    try await withMod { (client, server) async throws in
      let result = try await client.dash.setTab(refID: "ID1003")
      #expect(result.found && !result.ok)
      #expect(result.detail == "Tab 'Contacts' is disabled.")
      #expect(server.mod.dash.currentTabRefID == "ID1001")
    }
  }

  @Test("setTab with neither key throws DashArgumentError before any RPC")
  func setTabGuard() async throws {
    try await withMod { (client, server) async throws in
      let error = await expectNavigationError(DashArgumentError.self) { _ = try await client.dash.setTab() }
      #expect(error == .setTabNeedsRefIDOrLocaleKey)
      #expect(error?.description == "setTab requires refID or localeKey")
      #expect(server.callCount(path: Methods.setTab.path) == 0)
    }
  }

  @Test("the stand-in answers INVALID_ARGUMENT to a SetTab with both keys empty (past the guard)")
  func setTabInvalidArgumentOnTheWire() async throws {
    try await withMod { (client, _) async throws in
      await expectNavigationStatus(.invalidArgument, "SetTab requires ref_id or locale_key.") {
        _ = try await ResoniteIo_V1_DashStub(channel: client.channel()).setTab(ResoniteIo_V1_DashSetTabRequest())
      }
    }
  }

  // MARK: Controls

  @Test("listControls is empty while closed; open, it lists enabled controls with depth and parent")
  func listControls() async throws {
    try await withMod { (client, _) async throws in
      #expect(try await client.dash.listControls().isEmpty)
      _ = try await client.dash.open()
      let controls = try await client.dash.listControls()
      #expect(controls.map(\.refID) == ["ID2001", "ID2002", "ID2003", "ID2005"])
      #expect(
        controls[0]
          == DashControl(
            refID: "ID2001", controlType: "scroll", label: "Feed", localeKey: "Dash.Home.Feed", isEnabled: true,
            parentRefID: "", depth: 0))
      #expect(
        controls[1]
          == DashControl(
            refID: "ID2002", controlType: "button", label: "Join Random Session", localeKey: "Dash.Home.JoinRandom",
            isEnabled: true, parentRefID: "ID2001", depth: 1))
      #expect(controls[3].label == "" && controls[3].localeKey == "Dash.Home.Help")
    }
  }

  @Test("listControls(includeDisabled: true) also lists disabled controls")
  func listControlsIncludingDisabled() async throws {
    try await withMod { (client, _) async throws in
      _ = try await client.dash.open()
      let controls = try await client.dash.listControls(includeDisabled: true)
      #expect(controls.map(\.refID) == ["ID2001", "ID2002", "ID2003", "ID2004", "ID2005"])
      #expect(controls.first { $0.refID == "ID2004" }?.isEnabled == false)
    }
  }

  @Test("listControls follows the current tab")
  func controlsFollowTheTab() async throws {
    try await withMod { (client, _) async throws in
      _ = try await client.dash.open()
      _ = try await client.dash.setTab(refID: "ID1002")
      #expect(try await client.dash.listControls().map(\.label) == ["World List", "Search", "Refresh"])
    }
  }

  @Test("invoke presses an enabled button; other targets are soft failures")
  func invoke() async throws {
    try await withMod { (client, server) async throws in
      let closed = try await client.dash.invoke("ID2002")
      #expect(!closed.found && !closed.ok, "controls are unreachable while the dash is closed")
      _ = try await client.dash.open()
      #expect(
        try await client.dash.invoke("ID2002") == DashActionResult(ok: true, found: true, refID: "ID2002", detail: ""))
      #expect(server.mod.dash.invocations == ["ID2002"])

      let unknown = try await client.dash.invoke("ID0000")
      #expect(!unknown.found && !unknown.ok && unknown.refID == "ID0000")
      let scrollArea = try await client.dash.invoke("ID2001")
      #expect(scrollArea.found && !scrollArea.ok)
      #expect(scrollArea.detail == "A scroll control cannot be pressed.")
      let disabled = try await client.dash.invoke("ID2004")
      #expect(disabled.found && !disabled.ok)
      #expect(disabled.detail == "Control 'ID2004' is disabled.")
      #expect(server.mod.dash.invocations == ["ID2002"])
    }
  }

  @Test("scroll moves a scroll area's position by the deltas, clamped to [0, 1]")
  func scroll() async throws {
    try await withMod { (client, server) async throws in
      _ = try await client.dash.open()
      let result = try await client.dash.scroll("ID2001", deltaY: -0.25)
      #expect(result.ok && result.found)
      #expect(server.mod.dash.scrollPosition(of: "ID2001") == DashModel.ScrollPosition(x: 0, y: 0.75))
      _ = try await client.dash.scroll("ID2001", deltaX: 0.5, deltaY: -2)
      #expect(server.mod.dash.scrollPosition(of: "ID2001") == DashModel.ScrollPosition(x: 0.5, y: 0))
      let button = try await client.dash.scroll("ID2002", deltaY: 0.1)
      #expect(button.found && !button.ok)
    }
  }

  @Test("scroll with a non-finite delta: INVALID_ARGUMENT from the mod")
  func scrollNaN() async throws {
    try await withMod { (client, _) async throws in
      _ = try await client.dash.open()
      await expectNavigationStatus(.invalidArgument, "delta_x and delta_y must be finite.") {
        _ = try await client.dash.scroll("ID2001", deltaX: .nan)
      }
    }
  }

  @Test("highlight moves the hover to a button; a scroll area has no hover (found, not ok)")
  func highlight() async throws {
    try await withMod { (client, server) async throws in
      _ = try await client.dash.open()
      #expect(try await client.dash.highlight("ID2003").ok)
      #expect(server.mod.dash.highlightedRefID == "ID2003")
      let scrollArea = try await client.dash.highlight("ID2001")
      #expect(scrollArea.found && !scrollArea.ok)
      #expect(server.mod.dash.highlightedRefID == "ID2003")
      #expect(server.mod.dash.invocations.isEmpty, "highlight does not press")
    }
  }

  // MARK: Resolution (_resolve_one)

  private static func tab(_ refID: String, _ name: String, label: String? = nil, localeKey: String = "") -> DashTab {
    DashTab(refID: refID, localeKey: localeKey, name: name, label: label ?? name, isCurrent: false, isEnabled: true)
  }

  @Test("stage 1: an exact, case-sensitive match on any key wins, the first one when several match")
  func resolveExactFirstWins() throws {
    let tabs = [Self.tab("A1", "Worlds"), Self.tab("A2", "Other", label: "Worlds"), Self.tab("A3", "worlds")]
    #expect(try DashClient.resolveTab("Worlds", in: tabs).refID == "A1")
    #expect(try DashClient.resolveTab("A2", in: tabs).refID == "A2")
    #expect(try DashClient.resolveTab("worlds", in: tabs).refID == "A3", "case-sensitive exact beats the others")
  }

  @Test("stage 2: a unique case-insensitive exact match beats a wider substring match")
  func resolveCaseInsensitiveExact() throws {
    let tabs = [Self.tab("B1", "Home"), Self.tab("B2", "Homeworld")]
    #expect(try DashClient.resolveTab("HOME", in: tabs).refID == "B1")
  }

  @Test("stage 2 uses full case folding, like Python's casefold (ß = ss)")
  func resolveCaseFolding() throws {
    let tabs = [Self.tab("C1", "Straße"), Self.tab("C2", "Strand")]
    #expect(try DashClient.resolveTab("STRASSE", in: tabs).refID == "C1")
  }

  @Test("stage 3: a unique case-insensitive substring")
  func resolveSubstring() throws {
    let tabs = [Self.tab("D1", "Home"), Self.tab("D2", "Worlds", localeKey: "Dash.Screens.Worlds")]
    #expect(try DashClient.resolveTab("ORL", in: tabs).refID == "D2")
    #expect(try DashClient.resolveTab("screens.w", in: tabs).refID == "D2", "locale keys are searched too")
  }

  @Test("two case-insensitive exact matches fall through to an ambiguous substring match")
  func resolveAmbiguousCaseInsensitive() throws {
    let tabs = [Self.tab("E1", "Search"), Self.tab("E2", "SEARCH")]
    let error = #expect(throws: DashAmbiguousMatchError.self) { try DashClient.resolveTab("search", in: tabs) }
    #expect(error == DashAmbiguousMatchError(query: "search", matches: ["E1", "E2"]))
    #expect(error?.description == "'search' matched 2 items: 'E1', 'E2'")
  }

  @Test("no match lists every candidate by its first non-empty key")
  func resolveNoMatch() throws {
    let controls = [
      DashControl(
        refID: "", controlType: "button", label: "Go", localeKey: "Key.Go", isEnabled: true, parentRefID: "", depth: 0),
      DashControl(
        refID: "F2", controlType: "button", label: "Stop", localeKey: "", isEnabled: true, parentRefID: "", depth: 0),
    ]
    let error = #expect(throws: DashNoMatchError.self) { try DashClient.resolveControl("zzz", in: controls) }
    #expect(error == DashNoMatchError(query: "zzz", candidates: ["Key.Go", "F2"]))
    #expect(error?.description == "no match for 'zzz'; candidates: 'Key.Go', 'F2'")
  }

  @Test("an empty query matches exactly the first item with an empty key, as the reference does")
  func resolveEmptyQuery() throws {
    let tabs = [Self.tab("G1", "One", localeKey: "K1"), Self.tab("G2", "Two"), Self.tab("G3", "Three")]
    #expect(try DashClient.resolveTab("", in: tabs).refID == "G2")
  }

  // MARK: find… and …ByLabel over the wire

  @Test("findTab lists the tabs and resolves by name, label, locale key or ref id")
  func findTab() async throws {
    try await withMod { (client, server) async throws in
      #expect(try await client.dash.findTab("inventory").refID == "ID1004")
      #expect(try await client.dash.findTab("Dash.Screens.Settings").refID == "ID1005")
      #expect(try await client.dash.findTab("ID1002").name == "Worlds")
      #expect(server.callCount(path: Methods.listTabs.path) == 3)
    }
  }

  @Test("findTab with no match throws DashNoMatchError listing every tab")
  func findTabNoMatch() async throws {
    try await withMod { (client, _) async throws in
      let error = await expectNavigationError(DashNoMatchError.self) { _ = try await client.dash.findTab("Friends") }
      #expect(error?.candidates == ["ID1001", "ID1002", "ID1003", "ID1004", "ID1005"])
    }
  }

  @Test("setTabByLabel: ListTabs, then SetTab by the resolved ref id")
  func setTabByLabel() async throws {
    try await withMod { (client, server) async throws in
      let result = try await client.dash.setTabByLabel("worlds")
      #expect(result.ok && result.refID == "ID1002")
      #expect(server.mod.dash.currentTabRefID == "ID1002")
      #expect(server.callCount(path: Methods.listTabs.path) == 1)
      #expect(server.callCount(path: Methods.setTab.path) == 1)
    }
  }

  @Test("an ambiguous label throws DashAmbiguousMatchError and sends no action")
  func invokeByLabelAmbiguous() async throws {
    try await withMod { (client, server) async throws in
      _ = try await client.dash.open()
      let error = await expectNavigationError(DashAmbiguousMatchError.self) {
        _ = try await client.dash.invokeByLabel("join")
      }
      #expect(error == DashAmbiguousMatchError(query: "join", matches: ["ID2002", "ID2003"]))
      #expect(server.callCount(path: Methods.listControls.path) == 1)
      #expect(server.callCount(path: Methods.invoke.path) == 0)
      #expect(server.mod.dash.invocations.isEmpty)
    }
  }

  @Test("findControl only sees enabled controls (it lists without includeDisabled)")
  func findControlSkipsDisabled() async throws {
    try await withMod { (client, _) async throws in
      _ = try await client.dash.open()
      let error = await expectNavigationError(DashNoMatchError.self) {
        _ = try await client.dash.findControl("Create World")
      }
      #expect(error?.candidates == ["ID2001", "ID2002", "ID2003", "ID2005"])
    }
  }

  @Test("invokeByLabel, scrollByLabel and highlightByLabel act on the resolved control")
  func actByLabel() async throws {
    try await withMod { (client, server) async throws in
      _ = try await client.dash.open()
      #expect(try await client.dash.highlightByLabel("join friend").refID == "ID2003")
      #expect(server.mod.dash.highlightedRefID == "ID2003")
      #expect(try await client.dash.scrollByLabel("feed", deltaX: 0.25, deltaY: -0.5).ok)
      #expect(server.mod.dash.scrollPosition(of: "ID2001") == DashModel.ScrollPosition(x: 0.25, y: 0.5))
      _ = try await client.dash.setTabByLabel("Worlds")
      #expect(try await client.dash.invokeByLabel("refresh").ok)
      #expect(server.mod.dash.invocations == ["ID3003"])
    }
  }

  @Test("the stand-in's seeding: tabs and controls set by a test are what the client sees")
  func seededDash() async throws {
    try await withMod { (client, server) async throws in
      server.mod.dash.setTabs([DashModel.Tab(refID: "T1", localeKey: "K.One", name: "One")])
      server.mod.dash.setControls(
        [DashModel.Control(refID: "C1", type: "button", label: "Press me")], ofTab: "T1")
      server.mod.dash.setOpen(true)
      #expect(try await client.dash.findTab("one").refID == "T1")
      #expect(try await client.dash.invokeByLabel("press").ok)
      #expect(server.mod.dash.invocations == ["C1"])
    }
  }
}
