import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteIOMessages
import SwiftProtobuf

/// How the methods of one family that answer the same type are checked: their check names
/// (`client.<family>.<method>`), their RPCs (`/resonite_io.v1.<service>/<rpc>`), and what the
/// reference makes of the reply message (``ReferenceMapping``), which a result must equal.
struct Mapped<Result: Equatable, Wire> {
  let family: String
  let service: String
  /// What the mapping makes, for the check name ("GrabberGrabState").
  let what: String
  let expected: (Wire) -> Result?
}

/// The service clients (`client.display`, `client.world`, ...) against reference_server.py.
///
/// For each method: the request the reference server decoded equals the request the reference
/// client sends for the same call (so presence and enum mapping are checked on the wire), and
/// the mapped reply carries the reference server's values (strings byte for byte, int64 exact,
/// enums mapped as the reference maps them). On the failing socket: each family's failing RPC
/// surfaces as `RPCError` with its code and message.
@MainActor
struct FamilyChecks {
  let report: Report
  let fixtures: Fixtures
  let log: RequestLog
  let options = CallOptions(timeout: .seconds(10))

  /// Text with 2-, 3- and 4-byte UTF-8, `%` and quotes, for the strings we send.
  static let text = "Grüße ✓ 日本語 🙂 100% %41 \"q\""

  // MARK: Helpers

  /// The fixture reply of `path`, as our message type.
  func reply<Reply: SwiftProtobuf.Message>(_ path: String, as type: Reply.Type = Reply.self) -> Reply {
    (try? Reply(jsonString: fixtures.unary[path]?.reply ?? "{}")) ?? Reply()
  }

  /// Runs `body` (one client method), then checks that the reference server decoded exactly
  /// `expected` for `path`. Returns the method's result, or nil when it threw.
  func call<Result, Request: SwiftProtobuf.Message & Equatable>(
    _ name: String, _ path: String, sends expected: Request, _ body: () async throws -> Result
  ) async -> Result? {
    let before = log.count()
    let result: Result
    do {
      result = try await body()
    } catch {
      report.check(name, false, "threw \(error)")
      return nil
    }
    let entry = log.entry(after: before, path: path)
    let sent = entry.flatMap { try? Request(jsonString: $0.requestJSON) }
    report.check(
      "\(name): sends what the reference sends", sent == expected,
      "the reference decoded \(entry?.requestJSON ?? "nothing"), expected \((try? expected.jsonString()) ?? "?")")
    return result
  }

  /// Checks one method of `mapped`'s family as ``call(_:_:sends:_:)`` does and, when it returned,
  /// its result against what the reference makes of `field` of the fixture reply, as
  /// "client.<family>.<method>: maps <what>".
  func call<Result, Wire, Reply: SwiftProtobuf.Message>(
    _ mapped: Mapped<Result, Wire>, _ method: String, _ rpc: String,
    sends request: some SwiftProtobuf.Message & Equatable, reply field: KeyPath<Reply, Wire>,
    _ body: () async throws -> Result
  ) async {
    let name = "client.\(mapped.family).\(method)"
    let path = "/resonite_io.v1.\(mapped.service)/\(rpc)"
    if let result = await call(name, path, sends: request, body) {
      expect("\(name): maps \(mapped.what)", result, mapped.expected((reply(path) as Reply)[keyPath: field]))
    }
  }

  /// The same where the whole reply is what maps.
  func call<Result, Reply: SwiftProtobuf.Message>(
    _ mapped: Mapped<Result, Reply>, _ method: String, _ rpc: String,
    sends request: some SwiftProtobuf.Message & Equatable, _ body: () async throws -> Result
  ) async {
    await call(mapped, method, rpc, sends: request, reply: \Reply.self, body)
  }

  /// Checks that `result` equals what the reference makes of the reply (nil: a wire value the
  /// reference has no name for).
  func expect<Result: Equatable>(_ name: String, _ result: Result, _ expected: Result?) {
    guard let expected else { return report.check(name, false, "the reply has a value the reference cannot map") }
    report.expect(name, result, expected)
  }

  // MARK: Healthy

  func checkHealthy(_ client: ResoniteClient) async {
    await display(client)
    await lifecycle(client)
    await cursor(client)
    await grabber(client)
    await contextMenu(client)
    await dash(client)
    await world(client)
    await inventory(client)
    await session(client)
    await contact(client)
    await auth(client)
  }

  func display(_ client: ResoniteClient) async {
    var apply = ResoniteIo_V1_DisplayConfig()
    apply.width = 1920
    apply.height = 1080
    apply.maxFps = 59.5
    _ = await call("client.display.apply", "/resonite_io.v1.Display/Apply", sends: apply) {
      try await client.display.apply(width: 1920, height: 1080, maxFPS: 59.5, options: options)
    }
    if let info = await call(
      "client.display.get", "/resonite_io.v1.Display/Get", sends: ResoniteIo_V1_DisplayGetRequest(),
      {
        try await client.display.get(options: options)
      })
    {
      expect(
        "client.display.get: maps DisplayState", info, ReferenceMapping.display(reply("/resonite_io.v1.Display/Get")))
    }
  }

  func lifecycle(_ client: ResoniteClient) async {
    if let response = await call(
      "client.lifecycle.shutdown", "/resonite_io.v1.Lifecycle/Shutdown", sends: ResoniteIo_V1_ShutdownRequest(),
      {
        try await client.lifecycle.shutdown(options: options)
      })
    {
      report.expect("client.lifecycle.shutdown: accepted", response.accepted, true)
    }
  }

  func cursor(_ client: ResoniteClient) async {
    let c = client.cursor
    let state = Mapped(family: "cursor", service: "Cursor", what: "CursorState", expected: ReferenceMapping.cursor)
    await call(
      state, "setPosition", "SetPosition",
      sends: ResoniteIo_V1_CursorSetPositionRequest.with {
        $0.x = 0.25; $0.y = 1
      }
    ) {
      try await c.setPosition(x: 0.25, y: 1, options: options)
    }
    await call(state, "position", "GetPosition", sends: ResoniteIo_V1_CursorGetPositionRequest()) {
      try await c.position(options: options)
    }
    await call(state, "release", "Release", sends: ResoniteIo_V1_CursorReleaseRequest()) {
      try await c.release(options: options)
    }
  }

  func grabber(_ client: ResoniteClient) async {
    let g = client.grabber
    var grab = ResoniteIo_V1_GrabberGrabRequest()
    grab.hand = .left
    grab.radius = 0.25
    if let result = await call(
      "client.grabber.grab", "/resonite_io.v1.Grabber/Grab", sends: grab,
      {
        try await g.grab(hand: .left, radius: 0.25, options: options)
      })
    {
      let wire: ResoniteIo_V1_GrabberGrabResult = reply("/resonite_io.v1.Grabber/Grab")
      report.expect("client.grabber.grab: grabbed", result.grabbed, wire.grabbed)
      expect("client.grabber.grab: maps the state", result.state, ReferenceMapping.grabState(wire.state))
    }
    let state = Mapped(
      family: "grabber", service: "Grabber", what: "GrabberGrabState", expected: ReferenceMapping.grabState)
    await call(state, "release", "Release", sends: ResoniteIo_V1_GrabberReleaseRequest.with { $0.hand = .right }) {
      try await g.release(hand: .right, options: options)
    }
    await call(state, "state", "GetState", sends: ResoniteIo_V1_GrabberGetStateRequest.with { $0.hand = .primary }) {
      try await g.state(options: options)
    }
    let use = ResoniteIo_V1_GrabberUseRequest.with {
      $0.hand = .primary
      $0.button = .secondary
      $0.strength = 0.5
    }
    await call(state, "use", "Use", sends: use) { try await g.use(button: .secondary, strength: 0.5, options: options) }
    let unuse = ResoniteIo_V1_GrabberUnuseRequest.with {
      $0.hand = .primary
      $0.button = .secondary
    }
    await call(state, "unuse", "Unuse", sends: unuse) { try await g.unuse(button: .secondary, options: options) }
    // click = use then unuse; the reference's use() sends strength 1.0 by default.
    let clickUse = ResoniteIo_V1_GrabberUseRequest.with {
      $0.hand = .primary
      $0.button = .primary
      $0.strength = 1
    }
    _ = await call("client.grabber.click (its Use)", "/resonite_io.v1.Grabber/Use", sends: clickUse) {
      try await g.click(options: options)
    }
    await call(state, "equip", "Equip", sends: ResoniteIo_V1_GrabberEquipRequest.with { $0.hand = .left }) {
      try await g.equip(hand: .left, options: options)
    }
    await call(state, "dequip", "Dequip", sends: ResoniteIo_V1_GrabberDequipRequest.with { $0.hand = .left }) {
      try await g.dequip(hand: .left, options: options)
    }
  }

  func contextMenu(_ client: ResoniteClient) async {
    let m = client.contextMenu
    let state = Mapped(
      family: "contextMenu", service: "ContextMenu", what: "ContextMenuState", expected: ReferenceMapping.menu)
    await call(state, "open", "Open", sends: ResoniteIo_V1_ContextMenuOpenRequest.with { $0.hand = .primary }) {
      try await m.open(options: options)
    }
    await call(state, "close", "Close", sends: ResoniteIo_V1_ContextMenuCloseRequest.with { $0.hand = .left }) {
      try await m.close(hand: .left, options: options)
    }
    await call(state, "state", "GetState", sends: ResoniteIo_V1_ContextMenuGetStateRequest.with { $0.hand = .right }) {
      try await m.state(hand: .right, options: options)
    }
    let highlight = ResoniteIo_V1_ContextMenuHighlightRequest.with {
      $0.hand = .primary
      $0.index = 3
    }
    await call(state, "highlight", "Highlight", sends: highlight) { try await m.highlight(3, options: options) }
    let invoke = ResoniteIo_V1_ContextMenuInvokeRequest.with {
      $0.hand = .primary
      $0.index = 0
    }
    await call(state, "invoke", "Invoke", sends: invoke) { try await m.invoke(0, options: options) }
  }

  func dash(_ client: ResoniteClient) async {
    let dash = client.dash
    for (name, path, body) in [
      ("open", "/resonite_io.v1.Dash/Open", { try await dash.open(options: options) }),
      ("close", "/resonite_io.v1.Dash/Close", { try await dash.close(options: options) }),
      ("state", "/resonite_io.v1.Dash/GetState", { try await dash.state(options: options) }),
    ] as [(String, String, () async throws -> DashState)] {
      let before = log.count()
      do {
        let state = try await body()
        let sent = log.entry(after: before, path: path)?.requestJSON
        report.expect("client.dash.\(name): sends an empty request", sent, "{}")
        expect("client.dash.\(name): maps DashState", state, ReferenceMapping.dashState(reply(path)))
      } catch {
        report.check("client.dash.\(name)", false, "threw \(error)")
      }
    }
    if let tabs = await call(
      "client.dash.listTabs", "/resonite_io.v1.Dash/ListTabs", sends: ResoniteIo_V1_DashListTabsRequest(),
      {
        try await dash.listTabs(options: options)
      })
    {
      expect(
        "client.dash.listTabs: maps DashTab", tabs, ReferenceMapping.dashTabs(reply("/resonite_io.v1.Dash/ListTabs")))
    }
    let action = Mapped(
      family: "dash", service: "Dash", what: "DashActionResult", expected: ReferenceMapping.dashAction)
    await call(
      action, "setTab", "SetTab", sends: ResoniteIo_V1_DashSetTabRequest.with { $0.localeKey = "Dash.Screens.Worlds" }
    ) {
      try await dash.setTab(localeKey: "Dash.Screens.Worlds", options: options)
    }
    let before = log.count()
    do {
      _ = try await dash.setTab(options: options)
      report.check("client.dash.setTab(): refuses before any RPC", false, "no error")
    } catch {
      report.check(
        "client.dash.setTab() with neither key: refuses before any RPC (as the reference's ValueError)",
        error is DashArgumentError && log.entry(after: before, path: "/resonite_io.v1.Dash/SetTab") == nil, "\(error)")
    }
    var listControls = ResoniteIo_V1_DashListControlsRequest()
    listControls.includeDisabled = true
    if let controls = await call(
      "client.dash.listControls", "/resonite_io.v1.Dash/ListControls", sends: listControls,
      {
        try await dash.listControls(includeDisabled: true, options: options)
      })
    {
      let wire: ResoniteIo_V1_DashControlList = reply("/resonite_io.v1.Dash/ListControls")
      expect("client.dash.listControls: maps DashControl", controls, ReferenceMapping.dashControls(wire))
    }
    await call(action, "invoke", "Invoke", sends: ResoniteIo_V1_DashInvokeRequest.with { $0.refID = Self.text }) {
      try await dash.invoke(Self.text, options: options)
    }
    let scroll = ResoniteIo_V1_DashScrollRequest.with {
      $0.refID = "ID-1"
      $0.deltaY = -2.5
    }
    await call(action, "scroll", "Scroll", sends: scroll) {
      try await dash.scroll("ID-1", deltaY: -2.5, options: options)
    }
    await call(action, "highlight", "Highlight", sends: ResoniteIo_V1_DashHighlightRequest.with { $0.refID = "ID-2" }) {
      try await dash.highlight("ID-2", options: options)
    }
    // The selector: the fixture's first tab by its exact label (stage 1 of the reference's
    // three-stage match), then set by its ref_id.
    let tabs: ResoniteIo_V1_DashTabList = reply("/resonite_io.v1.Dash/ListTabs")
    if let first = tabs.tabs.first {
      do {
        let found = try await dash.findTab(first.label, options: options)
        report.expect("client.dash.findTab: an exact label finds the first tab", found.refID, first.refID)
      } catch {
        report.check("client.dash.findTab", false, "threw \(error)")
      }
    }
  }

  func world(_ client: ResoniteClient) async {
    let w = client.world
    var list = ResoniteIo_V1_ListSessionsRequest()
    list.search = Self.text
    list.filter = .headless
    list.minActiveUsers = 2
    list.page = 3
    list.pageSize = 25
    if let page = await call(
      "client.world.listSessions", "/resonite_io.v1.World/ListSessions", sends: list,
      {
        try await w.listSessions(
          search: Self.text, filter: .headless, minActiveUsers: 2, page: 3, pageSize: 25, options: options)
      })
    {
      let wire: ResoniteIo_V1_ListSessionsResponse = reply("/resonite_io.v1.World/ListSessions")
      expect("client.world.listSessions: maps the page", page, ReferenceMapping.sessionPage(wire))
    }
    var records = ResoniteIo_V1_ListRecordsRequest()
    records.source = .own
    records.requiredTags = ["a", Self.text]
    records.ownerID = "U-owner"
    records.offset = 10
    records.count = 5
    records.sort = .random
    records.sortDirection = .ascending
    records.search = "world"
    if let page = await call(
      "client.world.listRecords", "/resonite_io.v1.World/ListRecords", sends: records,
      {
        try await w.listRecords(
          source: .own, requiredTags: ["a", Self.text], ownerID: "U-owner", search: "world", offset: 10, count: 5,
          sort: .random,
          sortDirection: .ascending, options: options)
      })
    {
      let wire: ResoniteIo_V1_ListRecordsResponse = reply("/resonite_io.v1.World/ListRecords")
      expect("client.world.listRecords: maps the page", page, ReferenceMapping.recordPage(wire))
    }
    // The reference's defaults: source PUBLIC, sort CREATION_DATE, direction DESCENDING, sent as
    // their wire values (not UNSPECIFIED).
    var defaults = ResoniteIo_V1_ListRecordsRequest()
    defaults.source = .public
    defaults.sort = .creationDate
    defaults.sortDirection = .descending
    _ = await call("client.world.listRecords() defaults", "/resonite_io.v1.World/ListRecords", sends: defaults) {
      try await w.listRecords(options: options)
    }
    let opens = Mapped(family: "world", service: "World", what: "OpenWorld", expected: ReferenceMapping.openWorld)
    let join = ResoniteIo_V1_JoinRequest.with {
      $0.sessionURL = "ressession:///S-ü"
      $0.focus = false
    }
    await call(opens, "join", "Join", sends: join, reply: \ResoniteIo_V1_JoinResponse.world) {
      try await w.join(url: "ressession:///S-ü", focus: false, options: options)
    }
    let start = ResoniteIo_V1_StartWorldRequest.with {
      $0.recordID = "R-1"
      $0.focus = true
    }
    await call(opens, "startWorld", "StartWorld", sends: start, reply: \ResoniteIo_V1_StartWorldResponse.world) {
      try await w.startWorld(recordID: "R-1", options: options)
    }
    if let worlds = await call(
      "client.world.listOpenWorlds", "/resonite_io.v1.World/ListOpenWorlds",
      sends: ResoniteIo_V1_ListOpenWorldsRequest(),
      {
        try await w.listOpenWorlds(options: options)
      })
    {
      let wire: ResoniteIo_V1_ListOpenWorldsResponse = reply("/resonite_io.v1.World/ListOpenWorlds")
      report.expect("client.world.listOpenWorlds: the handles", worlds.map(\.handle), wire.worlds.map(\.handle))
    }
    await call(
      opens, "focus", "Focus", sends: ResoniteIo_V1_FocusRequest.with { $0.handle = -7 },
      reply: \ResoniteIo_V1_FocusResponse.world
    ) {
      try await w.focus(-7, options: options)
    }
    var leave = ResoniteIo_V1_LeaveRequest()
    leave.handle = 2_000_000_001
    _ = await call("client.world.leave", "/resonite_io.v1.World/Leave", sends: leave) {
      try await w.leave(2_000_000_001, options: options)
    }
    if let current = await call(
      "client.world.current", "/resonite_io.v1.World/GetCurrent", sends: ResoniteIo_V1_GetCurrentRequest(),
      {
        try await w.current(options: options)
      })
    {
      let wire: ResoniteIo_V1_GetCurrentResponse = reply("/resonite_io.v1.World/GetCurrent")
      if let current {
        expect("client.world.current: has_world true gives the world", current, ReferenceMapping.openWorld(wire.world))
      } else {
        report.check("client.world.current: has_world true gives the world", !wire.hasWorld, "got nil")
      }
    }
    var thumb = ResoniteIo_V1_FetchThumbnailRequest()
    thumb.uri = "resdb:///" + Self.text
    if let t = await call(
      "client.world.fetchThumbnail", "/resonite_io.v1.World/FetchThumbnail", sends: thumb,
      {
        try await w.fetchThumbnail(uri: "resdb:///" + Self.text, options: options)
      })
    {
      let wire: ResoniteIo_V1_FetchThumbnailResponse = reply("/resonite_io.v1.World/FetchThumbnail")
      report.expect(
        "client.world.fetchThumbnail: bytes and content type exact", t,
        WorldThumbnail(data: wire.data, contentType: wire.contentType))
    }
    let before = log.count()
    do {
      _ = try await w.join(options: options)
      report.check("client.world.join() refuses", false, "no error")
    } catch {
      report.check(
        "client.world.join() with neither id nor URL: refuses before any RPC (as the reference's ValueError)",
        error is WorldArgumentError && log.entry(after: before, path: "/resonite_io.v1.World/Join") == nil, "\(error)")
    }
  }

  func inventory(_ client: ResoniteClient) async {
    let inv = client.inventory
    let dir = "/Inventory/" + Self.text
    var list = ResoniteIo_V1_InventoryListRequest()
    list.path = dir
    if let listing = await call(
      "client.inventory.list", "/resonite_io.v1.Inventory/List", sends: list,
      { try await inv.list(dir, options: options) })
    {
      // The fixture's kind is the enum's highest value; the reference maps it by name.
      let wire: ResoniteIo_V1_InventoryListing = reply("/resonite_io.v1.Inventory/List")
      expect("client.inventory.list: maps the listing", listing, ReferenceMapping.listing(wire))
    }
    let mutation = Mapped(
      family: "inventory", service: "Inventory", what: "the result", expected: ReferenceMapping.mutation)
    await call(mutation, "mkdir", "MakeDir", sends: ResoniteIo_V1_InventoryMakeDirRequest.with { $0.path = dir }) {
      try await inv.mkdir(dir, options: options)
    }
    let copy = ResoniteIo_V1_InventoryCopyRequest.with {
      $0.sourcePath = dir
      $0.destinationPath = "/Inventory/b"
      $0.recursive = true
    }
    await call(mutation, "copy", "Copy", sends: copy) {
      try await inv.copy(dir, to: "/Inventory/b", recursive: true, options: options)
    }
    let move = ResoniteIo_V1_InventoryMoveRequest.with {
      $0.sourcePath = "/Inventory/b"
      $0.destinationPath = dir
    }
    await call(mutation, "move", "Move", sends: move) { try await inv.move("/Inventory/b", to: dir, options: options) }
    await call(mutation, "remove", "Remove", sends: ResoniteIo_V1_InventoryRemoveRequest.with { $0.path = dir }) {
      try await inv.remove(dir, options: options)
    }
    var spawn = ResoniteIo_V1_InventorySpawnRequest()
    spawn.path = dir
    if let r = await call(
      "client.inventory.spawn", "/resonite_io.v1.Inventory/Spawn", sends: spawn,
      { try await inv.spawn(dir, options: options) })
    {
      expect(
        "client.inventory.spawn: maps the result", r, ReferenceMapping.spawn(reply("/resonite_io.v1.Inventory/Spawn")))
    }
    var thumb = ResoniteIo_V1_InventoryThumbnailRequest()
    thumb.path = dir
    if let t = await call(
      "client.inventory.fetchThumbnail", "/resonite_io.v1.Inventory/FetchThumbnail", sends: thumb,
      {
        try await inv.fetchThumbnail(dir, options: options)
      })
    {
      let wire: ResoniteIo_V1_InventoryThumbnailResponse = reply("/resonite_io.v1.Inventory/FetchThumbnail")
      report.expect(
        "client.inventory.fetchThumbnail: bytes and content type exact", t,
        InventoryThumbnail(data: wire.data, contentType: wire.contentType))
    }
  }

  func session(_ client: ResoniteClient) async {
    let s = client.session
    if let settings = await call(
      "client.session.getSettings", "/resonite_io.v1.Session/GetSettings", sends: ResoniteIo_V1_GetSettingsRequest(),
      {
        try await s.getSettings(options: options)
      })
    {
      let wire: ResoniteIo_V1_SessionSettings = reply("/resonite_io.v1.Session/GetSettings")
      expect("client.session.getSettings: maps SessionSettings", settings, ReferenceMapping.settings(wire))
    }
    // Present fields only, zero values included; tags set → replace_tags; access level set.
    var patch = ResoniteIo_V1_SessionSettingsPatch()
    patch.worldName = ""
    patch.maxUsers = 1
    patch.accessLevel = .contactsPlus
    patch.hideFromListing = false
    patch.awayKickMinutes = 0
    patch.replaceTags = true
    patch.tags = []
    _ = await call(
      "client.session.applySettings (zero values present, tags [] replaces)", "/resonite_io.v1.Session/ApplySettings",
      sends: patch
    ) {
      try await s.applySettings(
        worldName: "", maxUsers: 1, accessLevel: .contactsPlus, hideFromListing: false, awayKickMinutes: 0, tags: [],
        options: options)
    }
    _ = await call(
      "client.session.applySettings() (nothing present)", "/resonite_io.v1.Session/ApplySettings",
      sends: ResoniteIo_V1_SessionSettingsPatch()
    ) {
      try await s.applySettings(options: options)
    }
    if let users = await call(
      "client.session.listUsers", "/resonite_io.v1.Session/ListUsers", sends: ResoniteIo_V1_ListUsersRequest(),
      {
        try await s.listUsers(options: options)
      })
    {
      let wire: ResoniteIo_V1_ListUsersResponse = reply("/resonite_io.v1.Session/ListUsers")
      report.expect("client.session.listUsers: count", users.count, wire.users.count)
      if let first = users.first, let w = wire.users.first {
        expect("client.session.listUsers: maps SessionUser", first, ReferenceMapping.user(w))
      }
    }
    var target = ResoniteIo_V1_UserTarget()
    target.userName = Self.text
    var kick = ResoniteIo_V1_KickUserRequest()
    kick.target = target
    kick.kind = .kick
    _ = await call("client.session.kickUser", "/resonite_io.v1.Session/KickUser", sends: kick) {
      try await s.kickUser(.user(named: Self.text), kind: .kick, options: options)
    }
    var idTarget = ResoniteIo_V1_UserTarget()
    idTarget.userID = "U-1"
    var ban = ResoniteIo_V1_BanUserRequest()
    ban.target = idTarget
    _ = await call("client.session.banUser", "/resonite_io.v1.Session/BanUser", sends: ban) {
      try await s.banUser(.user(id: "U-1"), options: options)
    }
    let updates = Mapped(family: "session", service: "Session", what: "the user", expected: ReferenceMapping.user)
    let silence = ResoniteIo_V1_SilenceUserRequest.with {
      $0.target = idTarget
      $0.silenced = false
    }
    await call(updates, "silenceUser", "SilenceUser", sends: silence, reply: \ResoniteIo_V1_SilenceUserResponse.user) {
      try await s.silenceUser(.user(id: "U-1"), silenced: false, options: options)
    }
    var localTarget = ResoniteIo_V1_UserTarget()
    localTarget.local = true
    var respawn = ResoniteIo_V1_RespawnUserRequest()
    respawn.target = localTarget
    _ = await call("client.session.respawnSelf", "/resonite_io.v1.Session/RespawnUser", sends: respawn) {
      try await s.respawnSelf(options: options)
    }
    let role = ResoniteIo_V1_SetUserRoleRequest.with {
      $0.target = idTarget
      $0.roleName = "Builder ✓"
    }
    await call(updates, "setUserRole", "SetUserRole", sends: role, reply: \ResoniteIo_V1_SetUserRoleResponse.user) {
      try await s.setUserRole(.user(id: "U-1"), roleName: "Builder ✓", options: options)
    }
    if let roles = await call(
      "client.session.listRoles", "/resonite_io.v1.Session/ListRoles", sends: ResoniteIo_V1_ListRolesRequest(),
      {
        try await s.listRoles(options: options)
      })
    {
      expect(
        "client.session.listRoles: maps SessionRoles", roles,
        ReferenceMapping.roles(reply("/resonite_io.v1.Session/ListRoles")))
    }
    if let overrides = await call(
      "client.session.getUserRoleOverrides", "/resonite_io.v1.Session/GetUserRoleOverrides",
      sends: ResoniteIo_V1_GetUserRoleOverridesRequest(), { try await s.getUserRoleOverrides(options: options) })
    {
      let wire: ResoniteIo_V1_GetUserRoleOverridesResponse = reply("/resonite_io.v1.Session/GetUserRoleOverrides")
      report.expect(
        "client.session.getUserRoleOverrides: maps the overrides", overrides.map { [$0.userID, $0.roleName] },
        wire.overrides.map { [$0.userID, $0.roleName] })
    }
  }

  func contact(_ client: ResoniteClient) async {
    let c = client.contact
    var list = ResoniteIo_V1_ListContactsRequest()
    list.search = Self.text
    list.filter = .requests
    list.includeHidden = true
    if let contacts = await call(
      "client.contact.listContacts", "/resonite_io.v1.Contact/ListContacts", sends: list,
      {
        try await c.listContacts(search: Self.text, filter: .requests, includeHidden: true, options: options)
      })
    {
      let wire: ResoniteIo_V1_ListContactsResponse = reply("/resonite_io.v1.Contact/ListContacts")
      expect(
        "client.contact.listContacts: maps the list and each ContactInfo", contacts, ReferenceMapping.contacts(wire))
    }
    var get = ResoniteIo_V1_GetContactRequest()
    get.userID = "U-" + Self.text
    if let found = await call(
      "client.contact.getContact", "/resonite_io.v1.Contact/GetContact", sends: get,
      { try await c.getContact("U-" + Self.text, options: options) })
    {
      let wire: ResoniteIo_V1_GetContactResponse = reply("/resonite_io.v1.Contact/GetContact")
      expect("client.contact.getContact: found gives the contact", found, ReferenceMapping.contact(wire.contact))
    }
    var search = ResoniteIo_V1_SearchUsersRequest()
    search.query = Self.text
    search.exactMatch = true
    if let results = await call(
      "client.contact.searchUsers", "/resonite_io.v1.Contact/SearchUsers", sends: search,
      {
        try await c.searchUsers(Self.text, exactMatch: true, options: options)
      })
    {
      let wire: ResoniteIo_V1_SearchUsersResponse = reply("/resonite_io.v1.Contact/SearchUsers")
      report.expect(
        "client.contact.searchUsers: maps the results", results.map { [$0.userID, $0.username, "\($0.isVerified)"] },
        wire.results.map { [$0.userID, $0.username, "\($0.isVerified)"] })
    }
    let answers = Mapped(family: "contact", service: "Contact", what: "the contact", expected: ReferenceMapping.contact)
    await call(
      answers, "addContact", "AddContact", sends: ResoniteIo_V1_AddContactRequest.with { $0.userID = "U-1" },
      reply: \ResoniteIo_V1_AddContactResponse.contact
    ) { try await c.addContact("U-1", options: options) }
    await call(
      answers, "acceptRequest", "AcceptRequest", sends: ResoniteIo_V1_AcceptRequestRequest.with { $0.userID = "U-2" },
      reply: \ResoniteIo_V1_AcceptRequestResponse.contact
    ) { try await c.acceptRequest("U-2", options: options) }
    var remove = ResoniteIo_V1_RemoveContactRequest()
    remove.userID = "U-3"
    _ = await call("client.contact.removeContact", "/resonite_io.v1.Contact/RemoveContact", sends: remove) {
      try await c.removeContact("U-3", options: options)
    }
  }

  func auth(_ client: ResoniteClient) async {
    let a = client.auth
    /// AuthStatus as a whole, and its expiry as the reference derives it: unix_nanos // 1000
    /// microseconds after the epoch, UTC.
    func expectStatus(_ name: String, _ status: AuthStatus, _ wire: ResoniteIo_V1_AuthStatus) {
      expect(name, status, ReferenceMapping.auth(wire))
      let micros = wire.sessionExpiresUnixNanos / 1000
      report.expect(
        "\(name): sessionExpires", status.sessionExpires,
        Date(timeIntervalSince1970: Double(micros / 1_000_000) + Double(micros % 1_000_000) / 1e6))
    }
    // The reference sends remember_me true by default and leaves totp absent.
    var login = ResoniteIo_V1_AuthLoginRequest()
    login.credential = Self.text
    login.password = "pässwörd 🔑"
    login.rememberMe = true
    if let status = await call(
      "client.auth.login (no totp: absent)", "/resonite_io.v1.Auth/Login", sends: login,
      {
        try await a.login(credential: Self.text, password: "pässwörd 🔑", options: options)
      })
    {
      expectStatus("client.auth.login: maps AuthStatus", status, reply("/resonite_io.v1.Auth/Login"))
    }
    var withCode = login
    withCode.totp = ""
    withCode.rememberMe = false
    _ = await call("client.auth.login (totp \"\": present)", "/resonite_io.v1.Auth/Login", sends: withCode) {
      try await a.login(credential: Self.text, password: "pässwörd 🔑", totp: "", rememberMe: false, options: options)
    }
    let status = Mapped(family: "auth", service: "Auth", what: "AuthStatus", expected: ReferenceMapping.auth)
    await call(status, "logout", "Logout", sends: ResoniteIo_V1_AuthLogoutRequest()) {
      try await a.logout(options: options)
    }
    await call(status, "status", "Status", sends: ResoniteIo_V1_AuthStatusRequest()) {
      try await a.status(options: options)
    }
  }

  // MARK: Failing

  func checkFailing(_ client: ResoniteClient) async {
    let cases: [(String, () async throws -> Void)] = [
      ("/resonite_io.v1.Display/Get", { _ = try await client.display.get(options: options) }),
      ("/resonite_io.v1.Lifecycle/Shutdown", { _ = try await client.lifecycle.shutdown(options: options) }),
      (
        "/resonite_io.v1.Cursor/SetPosition",
        { _ = try await client.cursor.setPosition(x: 0.5, y: 0.5, options: options) }
      ),
      ("/resonite_io.v1.Grabber/Grab", { _ = try await client.grabber.grab(options: options) }),
      ("/resonite_io.v1.ContextMenu/Highlight", { _ = try await client.contextMenu.highlight(0, options: options) }),
      ("/resonite_io.v1.Dash/SetTab", { _ = try await client.dash.setTab(refID: "ID-1", options: options) }),
      ("/resonite_io.v1.World/Join", { _ = try await client.world.join(sessionID: "S-1", options: options) }),
      ("/resonite_io.v1.Inventory/Copy", { _ = try await client.inventory.copy("/a", to: "/b", options: options) }),
      ("/resonite_io.v1.Session/KickUser", { try await client.session.kickUser(.user(id: "U-1"), options: options) }),
      ("/resonite_io.v1.Contact/AddContact", { _ = try await client.contact.addContact("U-1", options: options) }),
      (
        "/resonite_io.v1.Auth/Login",
        { _ = try await client.auth.login(credential: "a", password: "b", options: options) }
      ),
    ]
    for (path, body) in cases {
      guard let failure = fixtures.failing[path] else { continue }
      let name = "client \(path): \(failure.name) surfaces as RPCError with its message intact"
      do {
        try await body()
        report.check(name, false, "the call succeeded")
      } catch let error as RPCError {
        report.check(
          name, error.code.rawValue == failure.code && error.message == failure.message,
          "got \(error.code.name) \(String(reflecting: error.message))")
      } catch {
        report.check(name, false, "not an RPCError: \(error)")
      }
    }
  }
}
