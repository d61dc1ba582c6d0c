import Foundation
import ResoniteMedia
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// `resoio record` as a real process against the test server (camera 64x48, the speaker's
/// known signal), its outputs decoded: Y4M planes against the BT.601 formula applied to the
/// server's pixel function, WAV and PCM samples against the speaker's signal, MP4 and Matroska
/// decoded with FFmpeg's libraries (ResoniteMedia's probe).
@Suite("resoio record")
struct RecordCommandTests {
  static let width = 64
  static let height = 48

  /// A server whose window (and so every frame) is 64x48, captured at `fps`.
  static func server(_ scratch: Scratch, fps: Double = 60) throws -> TestServer {
    try scratch.startServer { configuration in
      configuration.cameraWidth = width
      configuration.cameraHeight = height
      configuration.cameraFPS = fps
    }
  }

  /// Runs `resoio ARGS` through /bin/sh with stdout going to the file `stdout` (raw bytes) and
  /// the working directory `directory` (the scratch directory unless given).
  static func run(
    _ scratch: Scratch, _ arguments: [String], stdout: String, directory: String? = nil
  ) async throws -> ProcessOutcome {
    let command = try Command(scratch, arguments, stdout: stdout, directory: directory)
    return try await command.run()
  }

  /// `resoio record --video -o - <options> -s <socket>`, its Y4M on stdout read back; the
  /// recording must exit 0.
  static func video(
    _ scratch: Scratch, _ options: [String], socket: String
  ) async throws -> (outcome: ProcessOutcome, y4m: Y4MFile) {
    let out = scratch.path + "/video-\(UUID().uuidString).y4m"
    let outcome = try await run(scratch, ["record", "--video", "-o", "-"] + options + ["-s", socket], stdout: out)
    #expect(outcome.status == 0, "\(options): \(outcome)")
    return (outcome, try Y4MFile(path: out))
  }

  /// A `resoio` command line run through /bin/sh with stdout to a file (see ``run(_:_:stdout:directory:)``),
  /// made up front so that it can run in a child task.
  struct Command: Sendable {
    var arguments: [String]
    var environment: [String: String]
    var scratchPath: String

    init(_ scratch: Scratch, _ arguments: [String], stdout: String, directory: String? = nil) throws {
      self.arguments = ["-c", #"cd "$RECORD_DIR" && exec "$RECORD_RESOIO" "$@" > "$RECORD_OUT""#, "sh"] + arguments
      environment = ChildProcess.environment(
        home: scratch.home,
        [
          "RECORD_DIR": directory ?? scratch.path, "RECORD_OUT": stdout,
          "RECORD_RESOIO": try BuiltProducts.executable("resoio").path,
        ])
      scratchPath = scratch.path
    }

    func run() async throws -> ProcessOutcome {
      try await ChildProcess.run(
        URL(fileURLWithPath: "/bin/sh"), arguments, environment: environment, scratch: scratchPath)
    }
  }

  // MARK: Usage

  @Test(
    "exit 2: --fps or -v with --audio alone, an extension that does not fit the mode, bad numbers (before connecting)")
  func usageErrors() async throws {
    try await withScratch { scratch in
      let nowhere = scratch.path + "/nothing.sock"
      let cases: [([String], String?)] = [
        (["--audio", "--fps", "10"], "resoio record: --fps/-v require video; remove --audio or add --video"),
        (["--audio", "-v"], "resoio record: --fps/-v require video; remove --audio or add --video"),
        (
          ["--audio", "--verbose", "-o", "x.mp4"],
          "resoio record: --fps/-v require video; remove --audio or add --video"
        ),
        (
          ["-o", "x.wav"],
          "resoio record: unsupported output extension for muxed mode: 'x.wav'. Use '-' (matroska stdout) or a path ending in '.mp4'."
        ),
        (
          ["--video", "--audio", "-o", "x.mkv"],
          "resoio record: unsupported output extension for muxed mode: 'x.mkv'. Use '-' (matroska stdout) or a path ending in '.mp4'."
        ),
        (
          ["--video", "-o", "clip.y4m"],
          "resoio record: unsupported output extension for video-only mode: 'clip.y4m'. Use '-' (Y4M stdout) or a path ending in '.mp4'."
        ),
        (
          ["--audio", "-o", "x.mp4"],
          "resoio record: unsupported output extension for audio-only mode: 'x.mp4'. Use '-' (raw PCM stdout) or a path ending in '.wav'."
        ),
        (["--video", "-o", ""], nil),
        (["--fps", "0"], nil),
        (["--fps", "-5"], nil),
        (["--fps", "fast"], nil),
        (["--fps", "nan"], nil),
        (["--duration", "soon"], nil),
        (["--format", "json"], nil),
      ]
      for (arguments, line) in cases {
        let outcome = try await scratch.resoio(arguments: ["record"] + arguments + ["-s", nowhere])
        #expect(outcome.status == 2, "\(arguments): \(outcome)")
        #expect(outcome.stdout.isEmpty, "\(arguments): \(outcome)")
        if let line { #expect(outcome.stderrLines == [line], "\(arguments): \(outcome)") }
      }
      let help = try await scratch.resoio("record", "--help")
      #expect(help.status == 0)
      for flag in ["--output", "--video", "--audio", "--fps", "--duration", "--verbose", "--socket"] {
        #expect(help.stdout.contains(flag), "\(flag): \(help)")
      }
    }
  }

  // MARK: Video to stdout

  @Test("--video -o -: a Y4M header, whole frames, Y/U/V equal to the BT.601 formula on the server's pixels; no path")
  func y4mToStdout() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      let (_, y4m) = try await Self.video(scratch, ["--fps", "20", "--duration", "1"], socket: server.socketPath)
      #expect(y4m.header == "YUV4MPEG2 W64 H48 F20:1 Ip A1:1 C444")
      // 20 ticks in a second, less the time to connect and get the first frame.
      Self.expectFrameCount(y4m.frames.count, 8...21)
      for (index, frame) in y4m.frames.enumerated() {
        #expect(Self.blueOf(frame) != nil, "frame \(index) is not the server's pattern through the BT.601 formula")
      }
      // 29.97 is 2997:100 (Python's Fraction.limit_denominator(1000)); 0.5 is 1:2.
      for (fps, rate) in [("29.97", "F2997:100"), ("0.5", "F1:2"), ("1e1", "F10:1")] {
        let short = try await Self.video(scratch, ["--fps", fps, "--duration", "0.3"], socket: server.socketPath)
        #expect(short.y4m.header == "YUV4MPEG2 W64 H48 \(rate) Ip A1:1 C444", "--fps \(fps)")
      }
    }
  }

  @Test("pacing: a slow camera's frames are repeated, a fast camera's dropped, to hit --fps")
  func pacing() async throws {
    try await withScratch { scratch in
      let slow = try Self.server(scratch, fps: 4)
      let repeated = try await Self.video(scratch, ["--fps", "20", "--duration", "1"], socket: slow.socketPath)
      let slowBlues = repeated.y4m.frames.compactMap(Self.blueOf)
      Self.expectFrameCount(slowBlues.count, 8...Int.max)
      // At 4 fps a frame lasts 5 ticks: most ticks repeat the frame before.
      let repeats = zip(slowBlues, slowBlues.dropFirst()).filter { $0 == $1 }.count
      if SchedulingProbe.machineHasSpareCPU {
        #expect(repeats * 2 >= slowBlues.count, "\(slowBlues)")
        #expect(Set(slowBlues).count <= 6, "\(slowBlues)")
      }

      let fast = try scratch.startServer(named: "fast.sock") { configuration in
        configuration.cameraWidth = Self.width
        configuration.cameraHeight = Self.height
        configuration.cameraFPS = 100
      }
      let dropped = try await Self.video(scratch, ["--fps", "5", "--duration", "1.2"], socket: fast.socketPath)
      let fastBlues = dropped.y4m.frames.compactMap(Self.blueOf)
      Self.expectFrameCount(fastBlues.count, 3...7)
      // 100 captures a second, 5 taken: about 20 frame ids between two taken frames.
      let steps = zip(fastBlues, fastBlues.dropFirst()).map { (Int($1) - Int($0) + 256) % 256 }
      if SchedulingProbe.machineHasSpareCPU { #expect(steps.allSatisfy { $0 >= 5 }, "\(fastBlues)") }
    }
  }

  @Test("-v: one line per frame on stderr (frame_id, size, unix_nanos, total); stdout carries only the Y4M")
  func verbose() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      let (outcome, y4m) = try await Self.video(
        scratch, ["-v", "--fps", "10", "--duration", "0.8"], socket: server.socketPath)
      let frames = y4m.frames
      let lines = outcome.stderrLines
      #expect(lines.count == frames.count && !lines.isEmpty, "\(outcome)")
      for (index, line) in lines.enumerated() {
        let match = line.wholeMatch(of: #/frame (\d+) 64x48 unix_nanos=(\d+) total=(\d+)/#)
        #expect(match?.output.3 == "\(index + 1)", "\(line)")
        if let match, index < frames.count {
          #expect(Self.blueOf(frames[index]) == UInt8(Int(match.output.1)! & 255), "\(line)")
        }
      }
    }
  }

  @Test("a frame size change stops the recording cleanly: every frame keeps the first size; -v says why")
  func resolutionChange() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      let out = scratch.path + "/video.y4m"
      let socket = server.socketPath
      let command = try Command(
        scratch, ["record", "--video", "-o", "-", "-v", "--fps", "10", "--duration", "3000", "-s", socket], stdout: out)
      async let recording = command.run()
      #expect(
        await server.waitUntil(timeout: noHangBound) { $0.callCount(path: TestServer.Path.cameraStreamFrames) >= 1 })
      try await Task.sleep(for: .milliseconds(500))
      let resize = try await scratch.resoio("display", "set", "32x24", "-s", socket)
      #expect(resize.status == 0, "\(resize)")
      let outcome = try await recording
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.elapsed < noHangBound, "stopped at the size change, not at --duration: \(outcome)")
      let y4m = try Y4MFile(path: out)
      #expect(y4m.header == "YUV4MPEG2 W64 H48 F10:1 Ip A1:1 C444")
      #expect(!y4m.frames.isEmpty && y4m.frames.allSatisfy { Self.blueOf($0) != nil })
      let last = try #require(outcome.stderrLines.last)
      #expect(
        last.wholeMatch(of: #/frame \d+ resolution changed: 64x48 -> 32x24; stopping capture/#) != nil, "\(outcome)")

      // Muxed too: the MP4 ends at the change and plays at the first size.
      _ = try await scratch.resoio("display", "set", "64x48", "-s", socket)
      let calls = server.observations.callCount(path: TestServer.Path.cameraStreamFrames)
      let muxedCommand = try Command(
        scratch, ["record", "-o", "m.mp4", "--fps", "10", "--duration", "3000", "-s", socket], stdout: out)
      async let muxed = muxedCommand.run()
      #expect(
        await server.waitUntil(timeout: noHangBound) { $0.callCount(path: TestServer.Path.cameraStreamFrames) > calls })
      try await Task.sleep(for: .milliseconds(700))
      _ = try await scratch.resoio("display", "set", "32x24", "-s", socket)
      let muxedOutcome = try await muxed
      #expect(muxedOutcome.status == 0 && muxedOutcome.elapsed < noHangBound, "\(muxedOutcome)")
      let probe = try await Self.decoded(scratch.path + "/m.mp4")
      #expect(probe.first("video")?.width == 64 && probe.first("video")?.height == 48)
      #expect((probe.first("video")?.decodedFrames ?? 0) >= 1)
    }
  }

  // MARK: Audio

  @Test("--audio -o x.wav: an IEEE-float WAV whose samples are the speaker's signal; the absolute path on stdout")
  func wavFile() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      try FileManager.default.createDirectory(atPath: scratch.path + "/sub", withIntermediateDirectories: true)
      let outcome = try await scratch.resoio(
        "record", "--audio", "-o", scratch.path + "/sub/../clip.WAV", "--duration", "0.5", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == scratch.path + "/clip.WAV\n", "normalized like os.path.abspath: \(outcome)")
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/clip.WAV")))
      // A finished file, empty or not, says its sizes (the writer's dataSize 0 is its placeholder).
      var expectedHeader = WAVFloatWriter.header(dataSize: bytes.count - 44)
      if bytes.count == 44 { expectedHeader.replaceSubrange(4..<8, with: [36, 0, 0, 0]) }
      #expect(Array(bytes.prefix(44)) == expectedHeader)
      #expect(Array(bytes[0..<4]) == Array("RIFF".utf8) && Array(bytes[36..<40]) == Array("data".utf8))
      #expect(Self.u16(bytes, 20) == 3 && Self.u16(bytes, 22) == 2 && Self.u32(bytes, 24) == 48_000)
      #expect(Self.u32(bytes, 28) == 384_000 && Self.u16(bytes, 32) == 8 && Self.u16(bytes, 34) == 32)
      try Self.expectSpeakerSignal(Array(bytes[44...]), seconds: 0.5)
    }
  }

  @Test("--audio -o -: raw float32 LE samples of the speaker's signal on stdout, no header, no path")
  func pcmToStdout() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      let out = scratch.path + "/audio.f32"
      let outcome = try await Self.run(
        scratch, ["record", "--audio", "-o", "-", "--duration", "0.5", "-s", server.socketPath], stdout: out)
      #expect(outcome.status == 0, "\(outcome)")
      try Self.expectSpeakerSignal([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), seconds: 0.5)
    }
  }

  @Test("no -o: record_YYYYmmdd_HHMMSS.wav (--audio) or .mp4 in the working directory, its absolute path printed")
  func defaultNames() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      let directory = scratch.path + "/cwd"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let out = scratch.path + "/stdout.txt"
      for (flag, ext) in [("--audio", "wav"), ("--video", "mp4")] {
        let outcome = try await Self.run(
          scratch, ["record", flag, "--duration", "0.5", "-s", server.socketPath], stdout: out, directory: directory)
        #expect(outcome.status == 0, "\(outcome)")
        let printed = try String(contentsOfFile: out, encoding: .utf8)
        let path = try #require(printed.wholeMatch(of: #/(/.*/record_\d{8}_\d{6}\.(\w+))\n/#), "\(printed)")
        #expect(path.output.1.hasPrefix(directory + "/") && path.output.2 == ext, "\(printed)")
        #expect(FileManager.default.fileExists(atPath: String(path.output.1)))
      }
    }
  }

  // MARK: MP4 and Matroska

  @Test("--video -o x.mp4: H.264 yuv420p at 64x48, about fps x duration frames, the server's gradient; no audio")
  func videoMP4() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      let outcome = try await scratch.resoio(
        "record", "--video", "-o", scratch.path + "/clip.MP4", "--fps", "20", "--duration", "1", "-s", server.socketPath
      )
      #expect(outcome.status == 0, "\(outcome)")
      let path = try #require(outcome.stdoutLines.first)
      #expect(path == scratch.path + "/clip.MP4" && outcome.stdoutLines.count == 1, "\(outcome)")
      let probe = try await Self.decoded(path)
      #expect(probe.container.contains("mp4"))
      #expect(probe.streams.count == 1)
      let video = try #require(probe.first("video"))
      #expect(video.codec == "h264" && video.sampleFormat == "yuv420p")
      #expect(video.width == 64 && video.height == 48)
      Self.expectFrameCount(video.decodedFrames, 8...21)
      Self.expectGradient(video.firstLuma)
      Self.expectGradient(video.lastLuma)
    }
  }

  @Test("muxed -o x.mp4: H.264 and AAC (fltp, stereo, 48 kHz) that both decode")
  func muxedMP4() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      let outcome = try await scratch.resoio(
        "record", "-o", scratch.path + "/both.mp4", "--fps", "20", "--duration", "1", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      let probe = try await Self.decoded(scratch.path + "/both.mp4")
      let video = try #require(probe.first("video"))
      let audio = try #require(probe.first("audio"))
      #expect(video.codec == "h264" && video.width == 64 && video.height == 48)
      Self.expectFrameCount(video.decodedFrames, 8...21)
      Self.expectGradient(video.firstLuma)
      #expect(audio.codec == "aac" && audio.sampleFormat == "fltp" && audio.sampleRate == 48_000 && audio.channels == 2)
      // The audio starts with the first frame: most of the second. The server renders audio in
      // real time, so the recording holds no more than the process's run time of it (plus the
      // encoder's priming and a chunk): on a loaded machine the end can come late, and more
      // audio with it, but never audio that was not played.
      Self.expectMuxedAudio(audio.decodedSamples, elapsed: outcome.elapsed)
    }
  }

  @Test("muxed -o -: Matroska on stdout with H.264 and AAC; no path")
  func muxedMatroska() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      let out = scratch.path + "/both.mkv"
      let outcome = try await Self.run(
        scratch,
        ["record", "--video", "--audio", "-o", "-", "--fps", "20", "--duration", "1", "-s", server.socketPath],
        stdout: out)
      #expect(outcome.status == 0, "\(outcome)")
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
      #expect(bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]), "EBML magic")
      let probe = try await Self.decoded(out)
      #expect(probe.container.contains("matroska"))
      #expect(probe.first("video")?.codec == "h264" && probe.first("video")?.width == 64)
      Self.expectFrameCount(probe.first("video")?.decodedFrames ?? 0, 8...21)
      #expect(probe.first("audio")?.codec == "aac")
      Self.expectMuxedAudio(probe.first("audio")?.decodedSamples ?? 0, elapsed: outcome.elapsed)
    }
  }

  // MARK: Ends

  @Test("Ctrl-C: the file is finished (WAV sizes patched, MP4 playable), no path, exit 130")
  func interrupt() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      for (arguments, file, path) in [
        (["--audio", "-o", scratch.path + "/i.wav"], "i.wav", TestServer.Path.speakerStreamAudio),
        (["-o", scratch.path + "/i.mp4", "--fps", "20"], "i.mp4", TestServer.Path.speakerStreamAudio),
      ] {
        let before = server.observations.callCount(path: path)
        let outcome = try await scratch.resoio(
          arguments: ["record"] + arguments + ["-s", server.socketPath],
          interruptWhen: {
            // eventually, not server.waitUntil, which spins when the child's end cancels this task.
            _ = await eventually(timeout: .seconds(20)) { server.observations.callCount(path: path) > before }
            try? await Task.sleep(for: .milliseconds(600))
          })
        #expect(outcome.status == 130, "\(outcome)")
        #expect(outcome.stdout.isEmpty, "\(outcome)")
        let target = scratch.path + "/" + file
        if file.hasSuffix(".wav") {
          let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: target)))
          #expect(
            bytes.count > 44 && Self.u32(bytes, 40) == UInt32(bytes.count - 44)
              && Self.u32(bytes, 4) == UInt32(bytes.count - 8))
        } else {
          let probe = try await Self.decoded(target)
          #expect((probe.first("video")?.decodedFrames ?? 0) >= 1 && probe.first("audio") != nil)
        }
      }
    }
  }

  @Test("a closed stdout pipe (| head -c) ends the recording with exit 0, in every stdout mode")
  func brokenPipe() async throws {
    try await withScratch { scratch in
      let server = try Self.server(scratch)
      for mode in [["--video"], ["--audio"], []] {
        let status = scratch.path + "/status"
        let outcome = try await ChildProcess.run(
          URL(fileURLWithPath: "/bin/sh"),
          [
            "-c", #"{ "$0" record "$@" -o - -s "$SOCK"; echo $? > "$STATUS"; } | head -c 100 > /dev/null"#,
            try BuiltProducts.executable("resoio").path,
          ] + mode,
          environment: ChildProcess.environment(home: scratch.home, ["SOCK": server.socketPath, "STATUS": status]),
          scratch: scratch.path, timeout: .seconds(30))
        #expect(outcome.status == 0, "\(mode): \(outcome)")
        #expect(try String(contentsOfFile: status, encoding: .utf8) == "0\n", "\(mode): \(outcome)")
      }
    }
  }

  @Test("no server: exit 1 with one plain line; the WAV is created before connecting (44 bytes), an MP4 is not")
  func failures() async throws {
    try await withScratch { scratch in
      let nowhere = scratch.path + "/nothing.sock"
      let wav = try await scratch.resoio("record", "--audio", "-o", scratch.path + "/f.wav", "-s", nowhere)
      #expect(wav.status == 1, "\(wav)")
      #expect(
        wav.stderrLines.first?.hasPrefix("resoio record: UNAVAILABLE: cannot connect to \(nowhere)") == true, "\(wav)")
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/f.wav")))
      #expect(bytes == WAVFloatWriter.header(dataSize: 0).enumerated().map { $0 == 4 ? 36 : $1 })
      let mp4 = try await scratch.resoio("record", "-o", scratch.path + "/f.mp4", "-s", nowhere)
      #expect(mp4.status == 1 && mp4.stdout.isEmpty, "\(mp4)")
      #expect(!FileManager.default.fileExists(atPath: scratch.path + "/f.mp4"))
      let y4m = try await scratch.resoio("record", "--video", "-o", "-", "-s", nowhere)
      #expect(y4m.status == 1 && y4m.stdout.isEmpty && y4m.stderrLines.count <= 2, "\(y4m)")
      // --duration 0: over before it starts (as the reference): the path, no file, exit 0.
      let zero = try await scratch.resoio(
        "record", "--audio", "-o", scratch.path + "/z.wav", "--duration", "0", "-s", nowhere)
      #expect(zero.status == 0 && zero.stdout == scratch.path + "/z.wav\n", "\(zero)")
      #expect(!FileManager.default.fileExists(atPath: scratch.path + "/z.wav"))
    }
  }

  // MARK: Checks

  /// `MediaProbe(path:)` (decoding every packet in process, seconds of CPU) on a thread of its
  /// own, not the cooperative pool's.
  static func decoded(_ path: String) async throws -> MediaProbe {
    try await onOwnExecutor { try MediaProbe(path: path) }
  }

  /// The BT.601 full-range formula, in float64 in the reference's order, clipped and truncated.
  static func yuv(r: Int, g: Int, b: Int) -> (UInt8, UInt8, UInt8) {
    let (r, g, b) = (Double(r), Double(g), Double(b))
    func byte(_ x: Double) -> UInt8 { UInt8(min(max(x, 0), 255)) }
    return (
      byte(0.299 * r + 0.587 * g + 0.114 * b),
      byte(-0.168736 * r - 0.331264 * g + 0.5 * b + 128.0),
      byte(0.5 * r - 0.418688 * g - 0.081312 * b + 128.0)
    )
  }

  /// The B value (frame_id & 255) for which every Y, U, V byte of `frame` is the formula on
  /// the server's pixel (R = x, G = y, B); nil when none fits.
  static func blueOf(_ frame: [UInt8]) -> UInt8? {
    let pixels = width * height
    guard frame.count == 3 * pixels else { return nil }
    candidates: for b in 0..<256 {
      // The first pixel (R = G = 0) rules out all but a few B values at once.
      let first = yuv(r: 0, g: 0, b: b)
      guard frame[0] == first.0 && frame[pixels] == first.1 && frame[2 * pixels] == first.2 else { continue }
      for y in 0..<height {
        for x in 0..<width {
          let i = y * width + x
          let expected = yuv(r: x, g: y, b: b)
          if frame[i] != expected.0 || frame[pixels + i] != expected.1 || frame[2 * pixels + i] != expected.2 {
            continue candidates
          }
        }
      }
      return UInt8(b)
    }
    return nil
  }

  /// A decoded luma plane shows the server's pattern: brighter to the right (R = x) and further
  /// down (G = y), by what BT.601 limited range gives (219/255 of 0.299 · 63 and 0.587 · 47).
  static func expectGradient(_ luma: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    guard luma.count == width * height else {
      Issue.record("luma plane of \(luma.count) bytes", sourceLocation: sourceLocation)
      return
    }
    func mean(_ indices: [Int]) -> Double { indices.reduce(0.0) { $0 + Double(luma[$1]) } / Double(indices.count) }
    let left = mean((0..<height).map { $0 * width })
    let right = mean((0..<height).map { $0 * width + width - 1 })
    let top = mean(Array(0..<width))
    let bottom = mean((0..<width).map { (height - 1) * width + $0 })
    #expect(
      abs((right - left) - 0.299 * 63 * 219 / 255) < 4, "left \(left) right \(right)", sourceLocation: sourceLocation)
    #expect(
      abs((bottom - top) - 0.587 * 47 * 219 / 255) < 4, "top \(top) bottom \(bottom)", sourceLocation: sourceLocation)
  }

  /// `bytes` are whole speaker chunks (1024 stereo float32 frames), each the signal
  /// `SpeakerSignal` plays (every chunk is the same: 1024 is a multiple of both periods), about
  /// `seconds` long.
  static func expectSpeakerSignal(_ bytes: [UInt8], seconds: Double, sourceLocation: SourceLocation = #_sourceLocation)
    throws
  {
    let chunk = SpeakerSignal.bytes(frameID: 0)
    #expect(bytes.count % chunk.count == 0, "\(bytes.count) bytes", sourceLocation: sourceLocation)
    let chunks = bytes.count / chunk.count
    // About 47 chunks a second when the machine has CPU to spare (the speaker is paced by real
    // time). A starved recorder may hold none: --duration is wall clock from the command's
    // start, and a run kept off the CPU past it before the speaker stream's first chunk came
    // (CI's parallel run, load 35: 0 chunks in a 0.5 s recording) ends with an empty, valid
    // file, which says nothing about the recorder. The upper bound and the content hold always.
    let lowest = SchedulingProbe.machineHasSpareCPU ? Int(seconds * 47) / 2 : 0
    #expect(
      chunks >= lowest && chunks <= Int(seconds * 47) + 4, "\(chunks) chunks", sourceLocation: sourceLocation)
    for index in 0..<chunks where !bytes[(index * chunk.count)...].starts(with: chunk) {
      Issue.record("chunk \(index) is not the speaker's signal", sourceLocation: sourceLocation)
      return
    }
  }

  static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }
  static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
  }

  /// A 1 s muxed recording's audio, from a run of `elapsed`: never more than was played in that
  /// time (the server renders audio in real time; plus the encoder's priming and a chunk), and
  /// at least 0.3 s of it when the machine has CPU to spare. A starved recorder may hold none:
  /// --duration is a wall-clock limit from the command's start, and the audio (as in the
  /// reference) waits for the first video frame, then opens its speaker stream and waits for
  /// its first chunk; a run starved past the limit first (the parallel suite beside another
  /// build and test run, load 92 on 2 cores: 28.8 s for the 1 s recording) ends with an AAC
  /// track and no samples, which says nothing about the recorder.
  static func expectMuxedAudio(
    _ samples: Int, elapsed: Duration, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let played = Int(elapsed / .seconds(1) * 48_000)
    #expect(samples <= played + 2 * 1024, "\(samples) samples in a run of \(elapsed)", sourceLocation: sourceLocation)
    if SchedulingProbe.machineHasSpareCPU {
      #expect(samples >= 14_400, "\(samples) samples in a run of \(elapsed)", sourceLocation: sourceLocation)
    }
  }

  /// About `expected` frames when the machine has CPU to spare (the recorder and the server are
  /// paced by real time); at least one when it does not, where a starved process says nothing
  /// about pacing.
  static func expectFrameCount(
    _ count: Int, _ expected: ClosedRange<Int>, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    if SchedulingProbe.machineHasSpareCPU {
      #expect(expected.contains(count), "\(count) frames, expected \(expected)", sourceLocation: sourceLocation)
    } else {
      #expect(count >= 1, "\(count) frames", sourceLocation: sourceLocation)
    }
  }
}

/// A Y4M stream read back: the header line and each frame's Y, U, V planes.
struct Y4MFile {
  var header: String
  var frames: [[UInt8]]

  init(path: String) throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    guard let newline = bytes.firstIndex(of: 0x0A) else {
      throw Malformed(reason: "no header line in \(bytes.count) bytes")
    }
    header = String(decoding: bytes[..<newline], as: UTF8.self)
    let fields = header.split(separator: " ")
    guard let w = fields.first(where: { $0.hasPrefix("W") }).flatMap({ Int($0.dropFirst()) }),
      let h = fields.first(where: { $0.hasPrefix("H") }).flatMap({ Int($0.dropFirst()) })
    else { throw Malformed(reason: "header \(header)") }
    let marker = Array("FRAME\n".utf8)
    let size = marker.count + 3 * w * h
    var offset = newline + 1
    frames = []
    while offset < bytes.count {
      guard bytes.count - offset >= size, Array(bytes[offset..<(offset + marker.count)]) == marker else {
        throw Malformed(reason: "a partial or unmarked frame at byte \(offset) of \(bytes.count)")
      }
      frames.append(Array(bytes[(offset + marker.count)..<(offset + size)]))
      offset += size
    }
  }

  struct Malformed: Error { var reason: String }
}
