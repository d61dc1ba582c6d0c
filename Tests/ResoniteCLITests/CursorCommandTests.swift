import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio cursor")
struct CursorCommandTests {
  @Test("get: x=… y=… window=WxH held=…, Python's float and bool spelling")
  func get() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("cursor", "get", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["x=0.5 y=0.5 window=1280x720 held=False"], "\(outcome)")
    }
  }

  @Test("set X Y holds; the reply's 32-bit floats print as Python widens them")
  func set() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("cursor", "set", "0.3", "0.7", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stdoutLines == ["x=0.30000001192092896 y=0.699999988079071 window=1280x720 held=True"], "\(outcome)")
      #expect(server.mod.cursor.held)
      let edges = try await scratch.resoio("cursor", "set", "0", "1", "-s", server.socketPath)
      #expect(edges.stdoutLines == ["x=0.0 y=1.0 window=1280x720 held=True"], "\(edges)")
    }
  }

  @Test("set --format json: {x, y, window_width, window_height, held}")
  func setJSON() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        "cursor", "set", "0.25", "0.75", "--format", "json", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stdout
          == "{\n  \"x\": 0.25,\n  \"y\": 0.75,\n  \"window_width\": 1280,\n  \"window_height\": 720,\n  \"held\": true\n}\n",
        "\(outcome)")
    }
  }

  @Test("center holds at (0.5, 0.5); release ends the hold and keeps the position; the window follows display")
  func centerRelease() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let moved = try await scratch.resoio("cursor", "set", "0.1", "0.2", "-s", server.socketPath)
      #expect(moved.status == 0, "\(moved)")
      let released = try await scratch.resoio("cursor", "release", "-s", server.socketPath)
      #expect(
        released.stdoutLines == ["x=0.10000000149011612 y=0.20000000298023224 window=1280x720 held=False"],
        "\(released)")
      #expect(!server.mod.cursor.held)
      let centred = try await scratch.resoio("cursor", "center", "--format", "json", "-s", server.socketPath)
      #expect(centred.stdout.contains("\"x\": 0.5,\n  \"y\": 0.5,"), "\(centred)")
      #expect(centred.stdout.contains("\"held\": true"), "\(centred)")
      server.mod.display.set(width: 1920, height: 1080)
      let get = try await scratch.resoio("cursor", "get", "-s", server.socketPath)
      #expect(get.stdoutLines == ["x=0.5 y=0.5 window=1920x1080 held=True"], "\(get)")
      let releasedJSON = try await scratch.resoio("cursor", "release", "--format", "json", "-s", server.socketPath)
      #expect(releasedJSON.stdout.contains("\"held\": false\n}"), "\(releasedJSON)")
    }
  }

  @Test(
    "X or Y outside [0,1] (negative numbers too, NaN) exits 2 before any RPC",
    arguments: [["1.5", "0.5"], ["0.5", "-0.25"], ["-0.1", "0.5"], ["nan", "0.5"], ["0.5", "inf"]])
  func outOfRange(coordinates: [String]) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(arguments: ["cursor", "set"] + coordinates + ["-s", server.socketPath])
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderrLines.count == 1, "\(outcome)")
      #expect(
        outcome.stderrLines.first?.hasPrefix("resoio cursor set: x and y must be in [0,1], got (") == true, "\(outcome)"
      )
      #expect(!server.mod.cursor.held, "nothing was sent")
    }
  }

  @Test("the message shows the values as Python does")
  func outOfRangeText() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio("cursor", "set", "1.5", "-0.25", "-s", scratch.path + "/none.sock")
      #expect(outcome.stderrLines == ["resoio cursor set: x and y must be in [0,1], got (1.5, -0.25)"], "\(outcome)")
    }
  }

  @Test(
    "missing, extra or non-numeric coordinates are usage errors (exit 2)",
    arguments: [
      ["cursor", "set"], ["cursor", "set", "0.5"], ["cursor", "set", "x", "0.5"],
      ["cursor", "set", "0.5", "0.5", "0.5"],
      ["cursor"], ["cursor", "move"], ["cursor", "get", "--format", "yaml"],
    ])
  func usage(arguments: [String]) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio(arguments: arguments + ["-s", scratch.path + "/none.sock"])
      #expect(outcome.status == 2, "\(arguments): \(outcome)")
      #expect(outcome.stdout == "")
    }
  }

  @Test("a not-ready engine: exit 1 with FAILED_PRECONDITION and the message, plus the wait hint")
  func notReady() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.cursor.notReadyMessage = "No focused world is available yet; engine still initializing."
      let outcome = try await scratch.resoio("cursor", "get", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(
        outcome.stderrLines == [
          "resoio cursor get: FAILED_PRECONDITION: No focused world is available yet; engine still initializing.",
          "the engine is not ready yet; `resoio wait` waits until it is",
        ], "\(outcome)")
    }
  }

  @Test("--help on the group and every leaf", arguments: ["set", "center", "get", "release"])
  func help(leaf: String) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio("cursor", leaf, "--help")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout.contains("USAGE: resoio cursor \(leaf)"), "\(outcome)")
      #expect(outcome.stdout.contains("SOCKET RESOLUTION"), "\(outcome)")
    }
  }
}
