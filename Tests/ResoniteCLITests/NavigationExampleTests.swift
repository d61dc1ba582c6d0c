import Foundation
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Examples/Navigation")
struct NavigationExampleTests {
  /// Runs the built `Navigation` example in `scratch` with `arguments`.
  private func navigation(
    _ scratch: Scratch, _ arguments: String..., environment: [String: String] = [:]
  ) async throws -> ProcessOutcome {
    try await ChildProcess.run(
      BuiltProducts.executable("Navigation"), arguments,
      environment: ChildProcess.environment(home: scratch.home, environment), scratch: scratch.path)
  }

  @Test("--demo --join tours the bundled test server's dash, sessions, open worlds and inventory, then joins")
  func demo() async throws {
    try await withScratch { scratch in
      let outcome = try await navigation(scratch, "--demo", "--join", "S-lounge", "--sessions", "2")
      #expect(outcome.status == 0, "\(outcome)")
      let lines = outcome.stdoutLines
      try #require(lines.count == 20, "\(outcome)")
      #expect(lines[0].hasPrefix("No Resonite needed: started the bundled test server at "), "\(outcome)")
      #expect(lines[1].hasPrefix("Socket: /"))
      #expect(lines[2] == "Dash: open, tabs: Home*, Worlds, Contacts (disabled), Inventory, Settings")
      #expect(lines[3] == "Switched to the Worlds tab: ok")
      #expect(
        lines[4...6] == ["  scroll World List [ID3001]", "    button Search [ID3002]", "    button Refresh [ID3003]"])
      #expect(lines[7] == "Sessions: 5 live, showing 2")
      #expect(lines[8] == "  Community Hub by alice: 9/32 active [S-hub]")
      #expect(lines[10...12] == ["Open worlds:", "  * 1 Tester Home (1 user)", "    2 Community Hub (13 users)"])
      #expect(lines[13] == "Inventory /Inventory:")
      #expect(
        lines[14...17] == ["  directory Avatars", "  directory Empty", "  directory Tools", "  directory Worlds"])
      #expect(lines[18] == "  unknown   Readme")
      #expect(lines[19] == "Joined Chill Lounge as handle 3; focused: Chill Lounge")
    }
  }

  @Test("--demo-if-absent with a mod running tours that one, not a demo")
  func demoIfAbsentWithMod() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer(named: "resonite-\(getpid()).sock")
      let outcome = try await navigation(
        scratch, "--demo-if-absent", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(!outcome.stdout.contains("test server"), "\(outcome)")
      #expect(outcome.stdoutLines.first == "Socket: \(server.socketPath)", "\(outcome)")
      #expect(server.mod.dash.isOpen && server.mod.dash.currentTabRefID == "ID1002", "the tour drove this server")
      #expect(server.mod.world.openWorlds.count == 2, "no --join, so nothing joined")
    }
  }

  @Test("no mod and no demo: exit 1 with advice on stderr")
  func noMod() async throws {
    try await withScratch { scratch in
      let outcome = try await navigation(
        scratch, "--wait", "0.3", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderr.contains("swift run Navigation --demo"), "\(outcome)")
    }
  }
}
