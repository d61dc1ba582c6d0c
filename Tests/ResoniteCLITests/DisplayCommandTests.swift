import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio display")
struct DisplayCommandTests {
  @Test("get: width=W height=H max_fps=F, the cap as a Python float")
  func getHuman() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("display", "get", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["width=1280 height=720 max_fps=30.0"], "\(outcome)")
    }
  }

  @Test("get --format json: {width, height, max_fps} in that order")
  func getJSON() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("display", "get", "--format", "json", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == "{\n  \"width\": 1280,\n  \"height\": 720,\n  \"max_fps\": 30.0\n}\n", "\(outcome)")
    }
  }

  @Test(
    "set: presets (any case), WxH, @FPS, flags overriding the spec; then Get",
    arguments: [
      (["hd"], "width=1280 height=720 max_fps=30.0"),
      (["FHD"], "width=1920 height=1080 max_fps=30.0"),
      (["qhd@60"], "width=2560 height=1440 max_fps=60.0"),
      (["uhd@59.9"], "width=3840 height=2160 max_fps=59.0"),
      (["1024X768"], "width=1024 height=768 max_fps=30.0"),
      (["800x600@24"], "width=800 height=600 max_fps=24.0"),
      (["fhd", "-W", "1000"], "width=1000 height=1080 max_fps=30.0"),
      (["fhd@60", "-H", "900", "-F", "90"], "width=1920 height=900 max_fps=90.0"),
      (["-W", "640"], "width=640 height=720 max_fps=30.0"),
      (["--height", "500"], "width=1280 height=500 max_fps=30.0"),
      (["--max-fps", "144"], "width=1280 height=720 max_fps=144.0"),
      (["-F", "0"], "width=1280 height=720 max_fps=30.0"),
      (["1_000x5_00"], "width=1000 height=500 max_fps=30.0"),
    ])
  func set(arguments: [String], expected: String) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(arguments: ["display", "set"] + arguments + ["-s", server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == [expected], "\(arguments): \(outcome)")
      #expect(server.mod.display.applyCount == 1)
    }
  }

  @Test("set --format json prints the read-back snapshot as get does")
  func setJSON() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        "display", "set", "-W", "640", "-H", "480", "-F", "24", "--format", "json", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == "{\n  \"width\": 640,\n  \"height\": 480,\n  \"max_fps\": 24.0\n}\n", "\(outcome)")
      #expect(server.mod.display.size == (640, 480))
    }
  }

  @Test(
    "set: no spec and no flag, or a bad spec or flag, exits 2 before any RPC",
    arguments: [
      [], ["4k"], ["0x720"], ["1280x"], ["x720"], ["fhd@0"], ["fhd@-5"], ["fhd@fast"], ["-W", "wide"],
      ["-F", "x"], ["--format", "yaml", "hd"], ["hd", "fhd"],
      // refused where the reference wraps (-5 → 4294967291) or crashes (1e40 into a 32-bit float)
      ["-W", "-5"], ["-H", "4294967296"], ["99999999999x1"], ["-F", "1e40"],
    ])
  func usageErrors(arguments: [String]) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(arguments: ["display", "set"] + arguments + ["-s", server.socketPath])
      #expect(outcome.status == 2, "\(arguments): \(outcome)")
      #expect(outcome.stdout == "")
      #expect(!outcome.stderr.isEmpty)
      #expect(!outcome.stderr.contains("Traceback"))
      #expect(server.mod.display.applyCount == 0)
    }
  }

  @Test("a bad spec names the reason, as the reference does")
  func specReasons() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let preset = try await scratch.resoio("display", "set", "4k", "-s", server.socketPath)
      #expect(
        preset.stderr.contains("invalid resolution '4k': expected a preset (hd/fhd/qhd/uhd) or WIDTHxHEIGHT"),
        "\(preset)")
      let fps = try await scratch.resoio("display", "set", "fhd@0", "-s", server.socketPath)
      #expect(fps.stderr.contains("invalid spec 'fhd@0': fps after '@' must be positive"), "\(fps)")
      let none = try await scratch.resoio("display", "set", "-s", server.socketPath)
      #expect(
        none.stderr.contains("at least one of RESOLUTION, -W/--width, -H/--height, -F/--max-fps is required"), "\(none)"
      )
    }
  }

  @Test("a failing RPC: exit 1, one plain line naming the status and the message")
  func failure() async throws {
    try await withScratch { scratch in
      let message = "ResolutionSettings / DesktopRenderSettings is not yet active."
      let server = try scratch.startServer {
        $0.failures["/resonite_io.v1.Display/Apply"] = CallFailure(code: .failedPrecondition, message: message)
      }
      let outcome = try await scratch.resoio("display", "set", "fhd", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderrLines.first == "resoio display set: FAILED_PRECONDITION: \(message)", "\(outcome)")
      #expect(outcome.stderrLines.count <= 2)
      let get = try await scratch.resoio("display", "get", "-s", scratch.path + "/none.sock")
      #expect(get.status == 1, "\(get)")
      #expect(get.stderrLines.first?.hasPrefix("resoio display get: UNAVAILABLE: cannot connect to ") == true, "\(get)")
    }
  }

  @Test(
    "display alone is a usage error (exit 2); --help on the group and each leaf",
    arguments: [
      ["display", "--help"], ["display", "get", "--help"], ["display", "set", "--help"],
    ])
  func help(arguments: [String]) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio(arguments: arguments)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout.contains("USAGE: resoio display"), "\(outcome)")
      let bare = try await scratch.resoio("display")
      #expect(bare.status == 2, "\(bare)")
      #expect(bare.stderrLines.first == "resoio display: a subcommand is required: one of get, set", "\(bare)")
    }
  }
}
