import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("resoio grabber")
struct GrabberCommandTests {
  /// `unix_nanos=<digits>` replaced, for comparing lines.
  static func masked(_ lines: [String]) -> [String] {
    lines.map { $0.replacing(#/unix_nanos=\d+/#, with: "unix_nanos=N") }
  }

  @Test("state: the reference's one line (hands left/right as the mod resolved them)")
  func state() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("grabber", "state", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        Self.masked(outcome.stdoutLines)
          == ["hand=right is_holding=False objects=[] equipped=False tool= held=[] unix_nanos=N"], "\(outcome)")
      let nanos = Int64(outcome.stdout.firstMatch(of: #/unix_nanos=(\d+)/#).map { String($0.output.1) } ?? "")
      #expect(nanos.map { $0 > 1_700_000_000_000_000_000 } == true, "\(outcome)")
    }
  }

  @Test("grab: grabbed=True then the state line; flags before or after the action")
  func grab() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("grabber", "--hand", "left", "grab", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        Self.masked(outcome.stdoutLines) == [
          "grabbed=True", "hand=left is_holding=True objects=[Cube] equipped=False tool= held=[] unix_nanos=N",
        ], "\(outcome)")
      #expect(server.mod.grabber.heldObjects(.left) == ["Cube"])
      let again = try await scratch.resoio("grabber", "grab", "--hand", "right", "-s", server.socketPath)
      #expect(again.stdoutLines.first == "grabbed=False", "the Cube is in the left hand: \(again)")
    }
  }

  @Test("grab --radius (before or after, negative = the server default)")
  func radius() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.cursor.move(x: 0.55, y: 0.5)
      let miss = try await scratch.resoio("grabber", "grab", "--radius=-1", "-s", server.socketPath)
      #expect(miss.stdoutLines.first == "grabbed=False", "\(miss)")
      let hit = try await scratch.resoio("grabber", "--radius", "0.25", "grab", "-s", server.socketPath)
      #expect(hit.stdoutLines.first == "grabbed=True", "\(hit)")
    }
  }

  @Test("grab --format json: the reference's eight keys in its order")
  func grabJSON() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("grabber", "grab", "--format", "json", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      let keys = outcome.stdout.matches(of: #/\n  "(\w+)": /#).map { String($0.output.1) }
      #expect(
        keys == [
          "grabbed", "hand", "is_holding", "object_names", "is_tool_equipped", "equipped_tool_name", "held_buttons",
          "unix_nanos",
        ], "\(outcome)")
      #expect(outcome.stdout.contains("\"object_names\": [\n    \"Cube\"\n  ],"), "\(outcome)")
      #expect(outcome.stdout.contains("\"held_buttons\": [],"), "\(outcome)")
    }
  }

  @Test("state --format json: GrabState's seven keys in declaration order")
  func stateJSON() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        "grabber", "use", "--button", "secondary", "--format", "json", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      let keys = outcome.stdout.matches(of: #/\n  "(\w+)": /#).map { String($0.output.1) }
      #expect(
        keys == [
          "hand", "is_holding", "object_names", "unix_nanos", "is_tool_equipped", "equipped_tool_name", "held_buttons",
        ],
        "\(outcome)")
      #expect(outcome.stdout.contains("\"held_buttons\": [\n    \"secondary\"\n  ]\n}"), "\(outcome)")
    }
  }

  @Test("use, unuse, click with --button and --strength; equip, dequip, release")
  func actions() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let socket = server.socketPath
      let use = try await scratch.resoio("grabber", "--strength", "0.5", "use", "-s", socket)
      #expect(
        Self.masked(use.stdoutLines) == [
          "hand=right is_holding=False objects=[] equipped=False tool= held=[primary] unix_nanos=N"
        ], "\(use)")
      let both = try await scratch.resoio("grabber", "use", "--button", "secondary", "-s", socket)
      #expect(both.stdout.contains("held=[primary, secondary]"), "\(both)")
      let unuse = try await scratch.resoio("grabber", "unuse", "-s", socket)
      #expect(unuse.stdout.contains("held=[secondary]"), "\(unuse)")
      let click = try await scratch.resoio("grabber", "click", "--button", "secondary", "-s", socket)
      #expect(click.stdout.contains("held=[]"), "click presses and releases: \(click)")
      server.mod.cursor.move(x: 0.75, y: 0.5)
      _ = try await scratch.resoio("grabber", "grab", "-s", socket)
      let equip = try await scratch.resoio("grabber", "equip", "-s", socket)
      #expect(equip.stdout.contains("equipped=True tool=Pen"), "\(equip)")
      let dequip = try await scratch.resoio("grabber", "dequip", "-s", socket)
      #expect(dequip.stdout.contains("equipped=False tool= "), "\(dequip)")
      _ = try await scratch.resoio("grabber", "grab", "-s", socket)
      let release = try await scratch.resoio("grabber", "release", "--format", "json", "-s", socket)
      #expect(release.stdout.contains("\"is_holding\": false"), "\(release)")
      #expect(server.mod.grabber.heldObjects(.right).isEmpty)
    }
  }

  @Test(
    "usage errors exit 2, interactive --format json included",
    arguments: [
      [], ["throw"], ["grab", "--hand", "middle"], ["use", "--button", "tertiary"], ["grab", "--radius", "far"],
      ["interactive", "--format", "json"], ["--format", "json", "interactive"],
      ["grab", "--radius", "1e40"], ["use", "--strength", "-1e39"],
    ])
  func usage(arguments: [String]) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(arguments: ["grabber"] + arguments + ["-s", server.socketPath])
      #expect(outcome.status == 2, "\(arguments): \(outcome)")
      #expect(outcome.stdout == "")
    }
  }

  @Test("the mod's error (VR mode Grab): exit 1, one plain line")
  func failure() async throws {
    try await withScratch { scratch in
      let message = "Grab requires desktop (screen) mode; VR is active."
      let server = try scratch.startServer {
        $0.failures["/resonite_io.v1.Grabber/Grab"] = CallFailure(code: .failedPrecondition, message: message)
      }
      let outcome = try await scratch.resoio("grabber", "grab", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stderrLines.first == "resoio grabber grab: FAILED_PRECONDITION: \(message)", "\(outcome)")
    }
  }

  @Test("interactive, keys piped: keymap on stderr, one line per key on stdout, q ends it")
  func interactivePiped() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        arguments: ["grabber", "interactive", "--hand", "left", "-s", server.socketPath], stdin: "gxsuUiICerdq-ignored")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stderr.hasPrefix("resoio grabber interactive — controls\n  g : grab at cursor ray hit point\n"),
        "\(outcome)")
      let lines = Self.masked(outcome.stdoutLines)
      try #require(lines.count == 10, "\(outcome)")
      #expect(
        lines[0] == "grabbed=True hand=left is_holding=True objects=[Cube] equipped=False tool= held=[] unix_nanos=N")
      #expect(lines[1].hasPrefix("hand=left is_holding=True objects=[Cube]"))
      #expect(lines[2].contains("held=[primary]"))
      #expect(lines[3].contains("held=[primary, secondary]"))
      #expect(lines[4].contains("held=[secondary]"))
      #expect(lines[5].contains("held=[]"))
      #expect(lines[6].contains("held=[]"), "C clicks the secondary button")
      #expect(lines[8].contains("is_holding=False"), "r releases")
      #expect(server.mod.grabber.heldObjects(.left).isEmpty)
    }
  }

  @Test("interactive ends at the end of input without q (exit 0)")
  func interactiveEOF() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        arguments: ["grabber", "interactive", "-s", server.socketPath], stdin: "s\ns\n")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.count == 2, "\(outcome)")
    }
  }

  /// Runs `resoio grabber interactive` on a terminal against a fresh test server (configured by
  /// `configure`), checks that it switches the terminal to cbreak mode and answers `s` (one key,
  /// no Enter) with the state line while echo stays off, then hands the terminal to `body`.
  private func withInteractiveTerminal(
    _ configure: (inout TestServer.Configuration) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (TerminalChild) async throws -> Void
  ) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer(configure)
      let terminal = try scratch.resoioOnTerminal("grabber", "interactive", "-s", server.socketPath)
      defer { terminal.close() }
      #expect(try await terminal.inCbreakMode(), "\(terminal.stderr)", sourceLocation: sourceLocation)
      terminal.type("s")
      let answered = try await terminal.waitFor { out, _ in out.contains("unix_nanos=") }
      #expect(
        answered, "one key, no Enter: \(terminal.stdout) / \(terminal.stderr)",
        sourceLocation: sourceLocation)
      #expect(!terminal.echoes, "echo off while it runs", sourceLocation: sourceLocation)
      try await body(terminal)
    }
  }

  @Test("interactive on a terminal: no echo, no line buffering while it runs; restored on q")
  func interactiveTerminalQuit() async throws {
    try await withInteractiveTerminal { terminal in
      #expect(!terminal.canonical, "line buffering off while it runs")
      terminal.type("g")
      _ = try await terminal.waitFor { out, _ in out.contains("grabbed=") }
      terminal.type("q")
      let outcome = try await terminal.wait()
      #expect(outcome.status == 0, "\(outcome)")
      #expect(Self.masked(outcome.stdoutLines).count == 2, "\(outcome)")
      #expect(terminal.echoes && terminal.canonical, "the terminal is restored")
    }
  }

  @Test("interactive on a terminal: Ctrl-C exits 130 and restores the terminal")
  func interactiveTerminalInterrupt() async throws {
    try await withInteractiveTerminal { terminal in
      terminal.type("\u{03}")
      let outcome = try await terminal.wait()
      #expect(outcome.status == 130, "\(outcome)")
      #expect(terminal.echoes && terminal.canonical, "the terminal is restored after Ctrl-C")
      #expect(!outcome.stderr.contains("Traceback"))
    }
  }

  @Test("interactive on a terminal: a failing call exits 1 with the terminal restored")
  func interactiveTerminalFailure() async throws {
    try await withInteractiveTerminal({
      $0.failures["/resonite_io.v1.Grabber/Grab"] = CallFailure(code: .failedPrecondition, message: "VR is active")
    }) { terminal in
      terminal.type("g")
      let outcome = try await terminal.wait()
      #expect(outcome.status == 1, "\(outcome)")
      #expect(
        outcome.stderrLines.contains("resoio grabber interactive: FAILED_PRECONDITION: VR is active"), "\(outcome)")
      #expect(terminal.echoes && terminal.canonical)
    }
  }

  @Test("--help lists every action")
  func help() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio("grabber", "--help")
      #expect(outcome.status == 0, "\(outcome)")
      for action in ["grab", "release", "state", "use", "unuse", "click", "equip", "dequip", "interactive"] {
        #expect(outcome.stdout.contains(action), "\(action)")
      }
    }
  }
}
