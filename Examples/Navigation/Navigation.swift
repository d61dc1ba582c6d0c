// Navigation: a tour of the dash, the worlds and the inventory.
//
// It opens the dash and shows its tabs and the Worlds tab's controls, lists live sessions and
// the worlds open in the engine, and lists the top of the inventory. With --join it also joins
// a session and shows where you are. With --demo it first starts the bundled test server (a
// stand-in for the mod with a few tabs, sessions and inventory folders), so it runs anywhere:
//
//   swift run Navigation --demo --join S-lounge
import ExampleSupport
import ResoniteCommandLine
import ArgumentParser
import Foundation
import ResoniteIO

@main
struct Navigation: AsyncParsableCommand {
  /// Usage errors exit 2, as every executable of this package does.
  static func main() async { await mainExitingTwoOnUsageErrors() }

  static let configuration = CommandConfiguration(
    abstract: "Tour the dash, the live sessions, the open worlds and the inventory of a Resonite IO mod.",
    discussion: """
      Without -s/--socket the socket is found the way the mod binds it: RESONITE_IO_SOCKET, \
      else resonite-<pid>.sock in RESONITE_IO_SOCKET_DIR or ~/.resonite-io/ (stale ones skipped).
      Against a real mod it opens the dash and switches it to the Worlds tab; it joins a \
      session only when you pass --join.
      """)

  @Option(help: "Join this session id (focusing it) after the tour.")
  var join: String?

  @Option(help: "How many sessions to show.")
  var sessions = 3

  @OptionGroup var target: ModOptions

  func run() async throws {
    // 1. Pick the server (the running mod, or the bundled test server) and wait until it answers.
    try await target.withReadyMod(example: "Navigation") { ready in
      try await tour(ready.socketPath)
    }
  }

  func tour(_ path: String) async throws {
    // 2. One connection for all three services; withConnection always closes it.
    try await ResoniteClient.withConnection(socketPath: path) { mod in
      print("Socket: \(mod.socketPath ?? "?")")
      try await tourDash(mod.dash)
      try await tourWorlds(mod.world)
      try await tourInventory(mod.inventory)
      if let join { try await joinSession(join, mod.world) }
    }
  }

  /// Opens the dash, lists its tabs, switches to Worlds by label and shows that tab's controls.
  func tourDash(_ dash: DashClient) async throws {
    let state = try await dash.open()
    let tabs = try await dash.listTabs()
    let names = tabs.map { tab in tab.label + (tab.isCurrent ? "*" : "") + (tab.isEnabled ? "" : " (disabled)") }
    print("Dash: \(state.isOpen ? "open" : "closed"), tabs: \(names.joined(separator: ", "))")

    // "worlds" is resolved on the client (exact, case-insensitive, then substring match),
    // then sent by ref id.
    let switched = try await dash.setTabByLabel("worlds")
    print("Switched to the Worlds tab: \(switched.ok ? "ok" : "not applied (\(switched.detail))")")
    for control in try await dash.listControls(includeDisabled: true) {
      let indent = String(repeating: "  ", count: control.depth + 1)
      let label = control.label.isEmpty ? "(\(control.localeKey))" : control.label
      print("\(indent)\(control.controlType) \(label) [\(control.refID)]\(control.isEnabled ? "" : " disabled")")
    }
  }

  /// Lists the first live sessions (in the mod's order) and the open worlds.
  func tourWorlds(_ world: WorldClient) async throws {
    let page = try await world.listSessions(pageSize: UInt32(max(sessions, 1)))
    print("Sessions: \(page.totalCount) live, showing \(page.sessions.count)")
    for session in page.sessions {
      print(
        "  \(session.name) by \(session.hostUsername): \(session.activeUsers)/\(session.maximumUsers) active [\(session.sessionID)]"
      )
    }
    print("Open worlds:")
    for open in try await world.listOpenWorlds() {
      let users = open.userCount == 1 ? "1 user" : "\(open.userCount) users"
      print("  \(open.isFocused ? "*" : " ") \(open.handle) \(open.name) (\(users))")
    }
  }

  /// Lists the top inventory folder.
  func tourInventory(_ inventory: InventoryClient) async throws {
    let listing = try await inventory.list("/Inventory")
    print("Inventory \(listing.path):")
    for entry in listing.entries {
      print("  \(entry.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(entry.name)")
    }
  }

  /// Joins `sessionID`, focusing it, and shows the focused world.
  func joinSession(_ sessionID: String, _ world: WorldClient) async throws {
    let joined = try await world.join(sessionID: sessionID)
    let current = try await world.current()
    print("Joined \(joined.name) as handle \(joined.handle); focused: \(current?.name ?? "none")")
  }
}
