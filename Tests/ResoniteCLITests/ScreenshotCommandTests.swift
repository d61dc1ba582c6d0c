import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio screenshot")
struct ScreenshotCommandTests {
  /// The stand-in's first frame minus alpha: R = x & 255, G = y & 255, B = frame 0.
  static func expectedRGB(width: Int, height: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(width * height * 3)
    for y in 0..<height {
      for x in 0..<width {
        let pixel = CameraFrames.pixel(x: x, y: y, frameID: 0)
        out += [pixel.r, pixel.g, pixel.b]
      }
    }
    return out
  }

  /// Checks that `bytes` is an 8-bit RGB PNG holding the stand-in's first frame minus alpha.
  static func expectFrame(_ bytes: [UInt8], width: Int, height: Int) throws {
    let png = try DecodedPNG(bytes)
    #expect(png.width == width && png.height == height)
    #expect(png.bitDepth == 8 && png.colorType == 2, "8-bit RGB, no alpha channel")
    #expect(png.rgb == expectedRGB(width: width, height: height), "pixels equal the frame minus alpha")
  }

  /// ``expectFrame(_:width:height:)`` on the bytes of `file`.
  static func expectFrame(inFile file: String, width: Int, height: Int) throws {
    try expectFrame([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))), width: width, height: height)
  }

  /// Runs `body` with a fresh scratch directory and a test server there whose display (the
  /// camera's frames) is `width` x `height`.
  static func withCamera(width: Int, height: Int, _ body: (Scratch, TestServer) async throws -> Void) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.cameraWidth = width; $0.cameraHeight = height
      }
      try await body(scratch, server)
    }
  }

  /// A directory of its own inside the scratch directory, for the files a run writes.
  static func directory(in scratch: Scratch) throws -> String {
    let path = scratch.path + "/cwd-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("-o NAME.png writes an RGB PNG of the frame (alpha dropped) and prints its absolute path")
  func toFile() async throws {
    try await Self.withCamera(width: 300, height: 200) { scratch, server in
      let cwd = try Self.directory(in: scratch)
      for name in ["shot.png", "UPPER.PNG", "./sub/../mixed.Png"] {
        if name.contains("sub") {
          try FileManager.default.createDirectory(atPath: cwd + "/sub", withIntermediateDirectories: true)
        }
        let outcome = try await scratch.resoioMedia(
          ["screenshot", "-o", name, "-s", server.socketPath], directory: cwd)
        #expect(outcome.status == 0, "\(outcome)")
        let file = cwd + "/" + name.replacingOccurrences(of: "./sub/../", with: "")
        #expect(outcome.stdoutLines == [file], "\(outcome)")
        #expect(outcome.stderr == "")
        try Self.expectFrame(inFile: file, width: 300, height: 200)
      }
    }
  }

  @Test("--output with an absolute path, and the window size the frame follows")
  func absolutePathAndSize() async throws {
    try await Self.withCamera(width: 17, height: 3) { scratch, server in
      let file = scratch.path + "/abs.png"
      let outcome = try await scratch.resoioMedia(["screenshot", "--output", file, "-s", server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == [file])
      try Self.expectFrame(inFile: file, width: 17, height: 3)
    }
  }

  @Test("no -o: screenshot_YYYYmmdd_HHMMSS.png in the working directory, local time")
  func defaultName() async throws {
    try await Self.withCamera(width: 64, height: 48) { scratch, server in
      let cwd = try Self.directory(in: scratch)
      let before = Date()
      let outcome = try await scratch.resoioMedia(["screenshot", "-s", server.socketPath], directory: cwd)
      let after = Date()
      #expect(outcome.status == 0, "\(outcome)")
      let line = try #require(outcome.stdoutLines.first)
      #expect(outcome.stdoutLines.count == 1)
      let match = try #require(line.wholeMatch(of: /(.*)\/screenshot_(\d{8}_\d{6})\.png/), "\(line)")
      #expect(String(match.1) == cwd)
      let formatter = DateFormatter()
      formatter.dateFormat = "yyyyMMdd_HHmmss"
      formatter.timeZone = .current
      let stamp = try #require(formatter.date(from: String(match.2)))
      #expect(stamp >= before.addingTimeInterval(-1) && stamp <= after, "local time of the shot: \(match.2)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: cwd) == ["screenshot_\(match.2).png"])
      try Self.expectFrame(inFile: line, width: 64, height: 48)
    }
  }

  @Test("-o - writes the PNG bytes, and nothing else, to stdout; no file")
  func toStdout() async throws {
    try await Self.withCamera(width: 260, height: 270) { scratch, server in
      let cwd = try Self.directory(in: scratch)
      let outcome = try await scratch.resoioMedia(["screenshot", "-o", "-", "-s", server.socketPath], directory: cwd)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stderr == "")
      try Self.expectFrame(outcome.stdout, width: 260, height: 270)
      #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty)
    }
  }

  @Test("-o - into a closed pipe exits 0 quietly (the reference swallows BrokenPipeError)")
  func brokenPipe() async throws {
    try await Self.withCamera(width: 640, height: 480) { scratch, server in
      let outcome = try await scratch.resoioMedia(
        ["screenshot", "-o", "-", "-s", server.socketPath], closedStdout: true)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stderr == "", "\(outcome)")
    }
  }

  @Test(
    "an output not ending in .png exits 2 before connecting",
    arguments: ["shot.jpg", "shot", "png", "shot.png.bak", "--"])
  func wrongExtension(output: String) async throws {
    try await withScratch { scratch in
      let cwd = try Self.directory(in: scratch)
      // No server at all: the check comes first.
      let outcome = try await scratch.resoioMedia(
        ["screenshot", "-o", output, "-s", scratch.path + "/nothing.sock"], directory: cwd)
      if output == "--" {
        #expect(outcome.status == 2, "a missing value is a usage error: \(outcome)")
        return
      }
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stdout.isEmpty)
      #expect(
        outcome.stderr == "resoio screenshot: unsupported output extension: '\(output)'. "
          + "Use '-' (stdout) or a path ending in '.png'.\n", "\(outcome)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty)
    }
  }

  @Test("a gRPC error is one plain line naming the status and the mod's message, exit 1")
  func grpcError() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.failures[TestServer.Path.cameraStreamFrames] = CallFailure(code: .internalError, message: "renderer gone")
      }
      let cwd = try Self.directory(in: scratch)
      let outcome = try await scratch.resoioMedia(
        ["screenshot", "-o", "x.png", "-s", server.socketPath], directory: cwd)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout.isEmpty)
      #expect(outcome.stderr == "resoio screenshot: INTERNAL: renderer gone\n", "\(outcome)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty, "no file for a failed shot")
    }
  }

  @Test("no socket, or a file that cannot be written: plain lines, exit 1")
  func otherFailures() async throws {
    try await withScratch { scratch in
      let missing = try await scratch.resoioMedia(["screenshot", "-s", scratch.path + "/none.sock"])
      #expect(missing.status == 1, "\(missing)")
      #expect(missing.stderr.hasPrefix("resoio screenshot: UNAVAILABLE: cannot connect to"), "\(missing)")
      #expect(!missing.stderr.contains("Traceback"))

      let server = try scratch.startServer {
        $0.cameraWidth = 8; $0.cameraHeight = 8
      }
      let unwritable = try await scratch.resoioMedia(
        ["screenshot", "-o", scratch.path + "/no/such/dir/x.png", "-s", server.socketPath])
      #expect(unwritable.status == 1, "\(unwritable)")
      #expect(
        unwritable.stderr
          == "resoio screenshot: cannot write \(scratch.path)/no/such/dir/x.png: No such file or directory\n",
        "\(unwritable)")
      #expect(unwritable.stdout.isEmpty)
    }
  }

  @Test("--help says RGB with alpha dropped, not RGBA")
  func help() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoioMedia(["screenshot", "--help"])
      #expect(outcome.status == 0)
      #expect(outcome.stdoutText.contains("8-bit RGB PNG"), "\(outcome)")
      #expect(outcome.stdoutText.contains("-o, --output <output>"))
    }
  }
}
