import Foundation
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Examples/DesktopHands")
struct DesktopHandsExampleTests {
  /// Runs the built `DesktopHands` example with `arguments` in `scratch`.
  func desktopHands(_ scratch: Scratch, _ arguments: String..., environment: [String: String] = [:]) async throws
    -> ProcessOutcome
  {
    try await ChildProcess.run(
      BuiltProducts.executable("DesktopHands"), arguments,
      environment: ChildProcess.environment(home: scratch.home, environment), scratch: scratch.path,
      timeout: .seconds(60), interruptWhen: nil)
  }

  @Test("--demo drives display, cursor, grabber and context menu on the bundled test server")
  func demo() async throws {
    try await withScratch { scratch in
      let outcome = try await desktopHands(scratch, "--demo")
      #expect(outcome.status == 0, "\(outcome)")
      let lines = outcome.stdoutLines
      try #require(lines.count == 10, "\(outcome)")
      #expect(lines[0].hasPrefix("No Resonite needed: started the bundled test server at "), "\(outcome)")
      #expect(
        Array(lines[1...]) == [
          "Display:     1280x720, background cap 30 fps",
          "Cursor:      held at (0.50, 0.50), pixel (640, 360)",
          "Grab:        right hand holds Cube",
          "Click:       primary pressed and released, held buttons now 0",
          "Release:     hand empty",
          "Menu:        Locomotion, Undo (disabled), Redo (disabled), Respawn",
          "Highlighted: Locomotion",
          "Menu open:   false",
          "Cursor held: false",
        ], "\(outcome)")
    }
  }

  @Test("--resize applies the size before reading it back, and the cursor follows it")
  func resize() async throws {
    try await withScratch { scratch in
      let outcome = try await desktopHands(scratch, "--demo", "--resize", "800x600")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.contains("Display:     800x600, background cap 30 fps"), "\(outcome)")
      #expect(outcome.stdoutLines.contains("Cursor:      held at (0.50, 0.50), pixel (400, 300)"), "\(outcome)")
    }
  }

  @Test("--demo-if-absent with a mod running drives that one and leaves it as it found it")
  func demoIfAbsentWithMod() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer(named: "resonite-\(getpid()).sock")
      let outcome = try await desktopHands(
        scratch, "--demo-if-absent", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(!outcome.stdout.contains("test server"), "\(outcome)")
      #expect(outcome.stdoutLines.first == "Display:     1280x720, background cap 30 fps", "\(outcome)")
      #expect(server.mod.grabber.grabs.count == 1)
      #expect(server.mod.grabber.heldObjects(.primary) == [])
      #expect(!server.mod.cursor.held)
      #expect(!server.mod.contextMenu.isOpen(.primary))
      #expect(server.mod.display.applyCount == 0)
    }
  }

  @Test("no mod and no demo: a bounded wait, then exit 1 with advice on stderr")
  func noMod() async throws {
    try await withScratch { scratch in
      let outcome = try await desktopHands(
        scratch, "--wait", "0.3", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderr.contains("swift run DesktopHands --demo"), "\(outcome)")
    }
  }

  @Test("a malformed --resize is a usage error before anything is contacted")
  func badResize() async throws {
    try await withScratch { scratch in
      let outcome = try await desktopHands(scratch, "--demo", "--resize", "wide")
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderr.contains("--resize wants WIDTHxHEIGHT"), "\(outcome)")
    }
  }
}
