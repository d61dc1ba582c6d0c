import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// WAV files built byte by byte for the tests.
enum TestWAV {
  /// A RIFF/WAVE file: a `fmt ` chunk (`tag`, `channels`, `rate`, `bits`; the extensible
  /// layout with `subFormat` when `tag` is 0xFFFE), an odd-sized `LIST` chunk to skip, then `data`.
  static func file(
    tag: UInt16 = 1, channels: UInt16 = 1, rate: UInt32 = 48_000, bits: UInt16 = 16, subFormat: UInt16 = 1,
    data: [UInt8], dataFirst: Bool = false
  ) -> [UInt8] {
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }
    let blockAlign = channels * ((bits + 7) / 8)
    var fmt = le16(tag) + le16(channels) + le32(rate) + le32(rate * UInt32(blockAlign)) + le16(blockAlign) + le16(bits)
    if tag == 0xFFFE {
      fmt +=
        le16(22) + le16(bits) + le32(0) + le16(subFormat)
        + [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]
    }
    let fmtChunk = Array("fmt ".utf8) + le32(UInt32(fmt.count)) + fmt
    let list = Array("LIST".utf8) + le32(3) + [1, 2, 3, 0]
    let dataChunk = Array("data".utf8) + le32(UInt32(data.count)) + data
    let body = Array("WAVE".utf8) + (dataFirst ? dataChunk + fmtChunk : fmtChunk + list + dataChunk)
    return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
  }

  static func int16(_ values: [Int16]) -> [UInt8] {
    values.flatMap { [UInt8(UInt16(bitPattern: $0) & 0xFF), UInt8(UInt16(bitPattern: $0) >> 8)] }
  }

  static func float32(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
  }

  /// A deterministic int16 signal covering the whole range.
  static func int16Signal(_ count: Int) -> [Int16] {
    (0..<count).map { Int16(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
  }

  static func floatSignal(_ count: Int) -> [Float] {
    (0..<count).map { Float(sin(Double($0) * 0.01)) * 0.8 }
  }
}

@Suite("resoio mic")
struct MicCommandTests {
  /// Writes `bytes` to a file in the scratch directory and returns its path.
  static func write(_ bytes: [UInt8], named name: String, in scratch: Scratch) throws -> String {
    let path = scratch.path + "/" + name
    // stdio, not Data.write (which fsyncs: seconds on a loaded disk, holding a pool thread).
    guard let file = fopen(path, "wb") else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { fclose(file) }
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw POSIXError(.EIO) }
    return path
  }

  /// The streams that carried audio (the readiness probes are empty streams).
  static func audioStreams(_ server: TestServer) -> [MicrophoneModel.Stream] {
    server.mod.microphone.streams.filter { !$0.frames.isEmpty }
  }

  static func summaryLine(frames: Int, samples: Int) -> Regex<(Substring, Substring)> {
    try! Regex("received_frames=\(frames) received_samples=\(samples) dropped_frames=0 unix_nanos=(\\d+)")
  }

  @Test("16-bit mono WAV: int16 / 32768 in 1024-sample chunks, the partial tail dropped; the summary line")
  func int16Mono() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let values = TestWAV.int16Signal(5000)
      let wav = try Self.write(TestWAV.file(data: TestWAV.int16(values)), named: "mono16.wav", in: scratch)
      let outcome = try await scratch.resoioMedia(["mic", "-i", wav, "-s", server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.count == 1)
      #expect(
        try Self.summaryLine(frames: 4, samples: 4096).wholeMatch(in: outcome.stdoutLines.first ?? "") != nil,
        "\(outcome)")
      let streams = server.mod.microphone.streams
      #expect(streams.count == 2, "one empty readiness probe, then the audio")
      #expect(streams.first?.frames.isEmpty == true && streams.first?.end == .halfClosed)
      let audio = try #require(streams.last)
      #expect(audio.end == .halfClosed)
      #expect(audio.frames.map(\.samples.count) == [1024, 1024, 1024, 1024])
      #expect(audio.frames.map(\.frameID) == [0, 1, 2, 3])
      #expect(audio.samples == values.prefix(4096).map { Float($0) / 32768 })
      #expect(
        values.contains(Int16.min) || values.contains { $0 < -30000 }, "the signal reaches far into the negatives")
    }
  }

  @Test("16-bit stereo WAV: the mean of the two channels (in float32)")
  func int16Stereo() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let values = TestWAV.int16Signal(2 * 2100)
      let wav = try Self.write(TestWAV.file(channels: 2, data: TestWAV.int16(values)), named: "st.wav", in: scratch)
      let outcome = try await scratch.resoioMedia(["mic", "--input", wav, "-s", server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      let audio = try #require(Self.audioStreams(server).last)
      let expected: [Float] = (0..<2048).map { (index: Int) -> Float in
        let left = Float(values[2 * index]) / 32768
        let right = Float(values[2 * index + 1]) / 32768
        return (left + right) / 2
      }
      #expect(audio.frames.count == 2)
      #expect(audio.samples == expected)
    }
  }

  @Test(
    "32-bit float WAV: IEEE float (tag 3), extensible float, and 32-bit 'PCM' read as float as the reference does",
    arguments: [(UInt16(3), UInt16(3)), (0xFFFE, 3), (1, 1), (0xFFFE, 1)])
  func float32(tag: UInt16, subFormat: UInt16) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let mono = TestWAV.floatSignal(3000)
      let stereo = TestWAV.floatSignal(2 * 1100)
      let a = try Self.write(
        TestWAV.file(tag: tag, bits: 32, subFormat: subFormat, data: TestWAV.float32(mono)), named: "m.wav", in: scratch
      )
      let b = try Self.write(
        TestWAV.file(tag: tag, channels: 2, bits: 32, subFormat: subFormat, data: TestWAV.float32(stereo)),
        named: "s.wav", in: scratch)
      let first = try await scratch.resoioMedia(["mic", "-i", a, "--no-wait", "-s", server.socketPath])
      #expect(first.status == 0, "\(first)")
      let second = try await scratch.resoioMedia(["mic", "-i", b, "--no-wait", "-s", server.socketPath])
      #expect(second.status == 0, "\(second)")
      let streams = server.mod.microphone.streams
      #expect(streams.count == 2, "--no-wait sends no probe")
      #expect(streams.first?.samples == Array(mono.prefix(2048)))
      let mean: [Float] = (0..<1024).map { (index: Int) -> Float in (stereo[2 * index] + stereo[2 * index + 1]) / 2 }
      #expect(streams.last?.samples == mean)
    }
  }

  @Test("the first 5 chunks go at once, the rest at real time (21.3 ms per chunk)")
  func pacing() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let wav = try Self.write(
        TestWAV.file(data: TestWAV.int16(TestWAV.int16Signal(15 * 1024))), named: "p.wav", in: scratch)
      let outcome = try await scratch.resoioMedia(["mic", "-i", wav, "--no-wait", "-s", server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      let frames = try #require(Self.audioStreams(server).last).frames
      #expect(frames.count == 15)
      // The client's send stamps (unix_nanos): 9 paced intervals of 1024 / 48000 s = 0.192 s
      // between chunks 5 and 14, however late the server got to reading them.
      let pacedSpan = Double(frames[14].unixNanos - frames[5].unixNanos) / 1e9
      #expect(pacedSpan >= 0.19, "paced chunks 5...14 span \(pacedSpan) s")
      let warmUp = Double(frames[4].unixNanos - frames[0].unixNanos) / 1e9
      #expect(warmUp < pacedSpan / 2, "the warm-up goes at once: \(warmUp) s")
      #expect(outcome.elapsed >= .milliseconds(180))
    }
  }

  @Test("--duration cuts the WAV to int(s * 48000) samples before chunking (Python slicing for a negative one)")
  func durationWAV() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let values = TestWAV.int16Signal(5000)
      let wav = try Self.write(TestWAV.file(data: TestWAV.int16(values)), named: "d.wav", in: scratch)
      for (duration, frames) in [
        ("0.05", 2), ("0.0213", 0), ("1e3", 4), ("-0.01", 4), ("-0.02", 3), ("-1", 0), (" 0.043 ", 2),
      ] {
        let outcome = try await scratch.resoioMedia([
          "mic", "-i", wav, "--duration", duration, "--no-wait", "-s", server.socketPath,
        ])
        #expect(outcome.status == 0, "\(duration): \(outcome)")
        #expect(
          try Self.summaryLine(frames: frames, samples: frames * 1024).wholeMatch(in: outcome.stdoutLines.first ?? "")
            != nil,
          "\(duration): \(outcome)")
      }
    }
  }

  @Test("--format json: {received_frames, received_samples, dropped_frames, unix_nanos}")
  func json() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let wav = try Self.write(
        TestWAV.file(data: TestWAV.int16(TestWAV.int16Signal(2048))), named: "j.wav", in: scratch)
      let outcome = try await scratch.resoioMedia(["mic", "-i", wav, "--format", "json", "-s", server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      let pattern =
        /\{\n  "received_frames": 2,\n  "received_samples": 2048,\n  "dropped_frames": 0,\n  "unix_nanos": (\d{19})\n\}\n/
      #expect(outcome.stdoutText.wholeMatch(of: pattern) != nil, "\(outcome)")
    }
  }

  @Test("stdin (the default): raw f32le mono, 1024-sample chunks, the partial tail dropped at EOF; unpaced")
  func standardInput() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let samples = TestWAV.floatSignal(20 * 1024 + 700)
      let outcome = try await scratch.resoioMedia(["mic", "-s", server.socketPath], stdin: TestWAV.float32(samples))
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        try Self.summaryLine(frames: 20, samples: 20 * 1024).wholeMatch(in: outcome.stdoutLines.first ?? "") != nil,
        "\(outcome)")
      let frames = try #require(Self.audioStreams(server).last).frames
      #expect(frames.flatMap(\.samples) == Array(samples.prefix(20 * 1024)))
      // Unpaced: the chunks go back to back, not 21.3 ms apart (the pace of 1024 samples at
      // 48 kHz). Judged by the median gap between arrivals, not the whole span: a loaded
      // machine stretches the span (0.46 s once in a parallel run) but leaves most chunks
      // arriving together, while paced chunks are all about 21 ms apart.
      let gaps = zip(frames.dropFirst(), frames).map { Double($0.receivedNanos - $1.receivedNanos) / 1e9 }.sorted()
      let span = Double(frames[19].receivedNanos - frames[0].receivedNanos) / 1e9
      // The child's sending rate is timing, which a starved machine stretches (a median gap of
      // 39 ms at a load average of 46): checked when there is CPU to spare.
      if SchedulingProbe.machineHasSpareCPU {
        #expect(gaps[gaps.count / 2] < 0.010, "unpaced: 20 chunks (0.43 s of audio) arrived in \(span) s, gaps \(gaps)")
      }

      let explicit = try await scratch.resoioMedia(
        ["mic", "-i", "-", "--no-wait", "-s", server.socketPath], stdin: TestWAV.float32(Array(samples.prefix(1024))))
      #expect(explicit.status == 0, "\(explicit)")
      #expect(Self.audioStreams(server).last?.samples == Array(samples.prefix(1024)))
    }
  }

  @Test("stdin with --duration: the last chunk is the remainder (as the reference reads it); empty stdin sends nothing")
  func standardInputDuration() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let samples = TestWAV.floatSignal(4096)
      let outcome = try await scratch.resoioMedia(
        ["mic", "--duration", "0.03", "--no-wait", "-s", server.socketPath], stdin: TestWAV.float32(samples))
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        try Self.summaryLine(frames: 2, samples: 1440).wholeMatch(in: outcome.stdoutLines.first ?? "") != nil,
        "\(outcome)")
      #expect(server.mod.microphone.streams.last?.frames.map(\.samples.count) == [1024, 416])
      #expect(server.mod.microphone.streams.last?.samples == Array(samples.prefix(1440)))

      let empty = try await scratch.resoioMedia(["mic", "--no-wait", "-s", server.socketPath], stdin: [])
      #expect(empty.status == 0, "\(empty)")
      #expect(
        try Self.summaryLine(frames: 0, samples: 0).wholeMatch(in: empty.stdoutLines.first ?? "") != nil, "\(empty)")
    }
  }

  @Test("a stdin writer that goes away mid-chunk ends the stream normally: exit 0, whole chunks sent")
  func writerGoesAway() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      var input: [Int32] = [0, 0]
      guard pipe(&input) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      let outPath = scratch.path + "/mic-stdout"
      let process = try SpawnedProcess(
        executable: try BuiltProducts.executable("resoio").path,
        arguments: ["mic", "--no-wait", "-s", server.socketPath],
        environment: ChildProcess.environment(home: scratch.home, [:]), stdin: .descriptor(input[0]),
        stdout: .file(outPath))
      close(input[0])
      let samples = TestWAV.floatSignal(3 * 1024 + 10)
      let bytes = TestWAV.float32(samples)
      #expect(bytes.withUnsafeBytes { Glibc.write(input[1], $0.baseAddress, $0.count) } == bytes.count)
      try await Task.sleep(for: .milliseconds(300))
      #expect(process.exitCode == nil, "still waiting for the rest of the fourth chunk")
      close(input[1])
      let status = await process.exit()
      let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
      #expect(status == 0)
      #expect(text.hasPrefix("received_frames=3 received_samples=3072 dropped_frames=0 unix_nanos="), "\(text)")
      #expect(server.mod.microphone.streams.last?.samples == Array(samples.prefix(3072)))
    }
  }

  @Test("Ctrl-C while stdin is idle ends the wait at once: exit 130 well within the 3 s grace, the stream cancelled")
  func interruptWhileStdinIdle() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      var input: [Int32] = [0, 0]
      guard pipe(&input) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      defer { close(input[1]) }
      let errPath = scratch.path + "/mic-stderr"
      let process = try SpawnedProcess(
        executable: try BuiltProducts.executable("resoio").path,
        arguments: ["mic", "--no-wait", "-s", server.socketPath],
        environment: ChildProcess.environment(home: scratch.home, [:]), stdin: .descriptor(input[0]),
        stderr: .file(errPath))
      close(input[0])
      let bytes = TestWAV.float32(TestWAV.floatSignal(1024))
      #expect(bytes.withUnsafeBytes { Glibc.write(input[1], $0.baseAddress, $0.count) } == bytes.count)
      let deadline = ContinuousClock.now + .seconds(20)
      while server.mod.microphone.streams.last?.frames.count != 1, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
      }
      try #require(server.mod.microphone.streams.last?.frames.count == 1, "one chunk sent, then stdin idle")
      let interrupted = ContinuousClock.now
      process.kill(SIGINT)
      let status = await process.exit()
      let elapsed = interrupted.duration(to: .now)
      #expect(status == 130)
      if SchedulingProbe.machineHasSpareCPU {
        #expect(elapsed < .milliseconds(1500), "the wait for stdin ended at once, not at the grace: \(elapsed)")
      }
      let text = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
      #expect(text == "resoio: interrupted\n", "\(text)")
      while server.mod.microphone.streams.last?.end == nil, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
      }
      #expect(server.mod.microphone.streams.last?.end == .cancelled)
      // The stream was reset by the client (RST_STREAM), not just dropped with the connection.
      #expect(!server.observations.resets.isEmpty, "\(server.observations.resets)")
    }
  }

  @Test(
    "a WAV the mod cannot take, a malformed one or a missing file: exit 2 with the reference's message",
    arguments: [
      (
        "rate", TestWAV.file(rate: 44_100, data: [0, 0]),
        "resoio mic: sample rate 44100 Hz is unsupported (expected 48000 Hz). Resample upstream, e.g. `ffmpeg -i in.wav -ar 48000 -ac 1 -f f32le - | resoio mic -i -`."
      ),
      (
        "channels", TestWAV.file(channels: 3, data: [UInt8](repeating: 0, count: 6)),
        "resoio mic: channel count 3 is unsupported (mono or stereo only)."
      ),
      (
        "24-bit", TestWAV.file(bits: 24, data: [0, 0, 0]),
        "resoio mic: unsupported sample width 3 bytes (only 2 = int16 and 4 = float32 are accepted)."
      ),
      (
        "8-bit", TestWAV.file(bits: 8, data: [0]),
        "resoio mic: unsupported sample width 1 bytes (only 2 = int16 and 4 = float32 are accepted)."
      ),
      (
        "64-bit float", TestWAV.file(tag: 3, bits: 64, data: [UInt8](repeating: 0, count: 8)),
        "resoio mic: unsupported sample width 8 bytes (only 2 = int16 and 4 = float32 are accepted)."
      ),
      ("ADPCM", TestWAV.file(tag: 2, data: [0, 0]), "resoio mic: WAV parse error: unknown format: 2"),
      (
        "extensible ALAW", TestWAV.file(tag: 0xFFFE, subFormat: 6, data: [0, 0]),
        "resoio mic: WAV parse error: unknown extended format: 00000006-0000-0010-8000-00aa00389b71"
      ),
      ("0 bits", TestWAV.file(bits: 0, data: []), "resoio mic: WAV parse error: bad sample width"),
      ("0 channels", TestWAV.file(channels: 0, data: []), "resoio mic: WAV parse error: bad # of channels"),
      (
        "data first", TestWAV.file(data: [0, 0], dataFirst: true),
        "resoio mic: WAV parse error: data chunk before fmt chunk"
      ),
      ("not RIFF", Array("RIFX\u{4}\0\0\0WAVE".utf8), "resoio mic: WAV parse error: file does not start with RIFF id"),
      ("not WAVE", Array("RIFF\u{4}\0\0\0AVI ".utf8), "resoio mic: WAV parse error: not a WAVE file"),
      (
        "no data", Array("RIFF\u{4}\0\0\0WAVE".utf8), "resoio mic: WAV parse error: fmt chunk and/or data chunk missing"
      ),
      ("text", Array("hello\n".utf8), "resoio mic: WAV parse error: the file is too short for a RIFF header"),
    ])
  func badInput(name: String, bytes: [UInt8], message: String) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let wav = try Self.write(bytes, named: "bad.wav", in: scratch)
      let outcome = try await scratch.resoioMedia(["mic", "-i", wav, "-s", server.socketPath])
      #expect(outcome.status == 2, "\(name): \(outcome)")
      #expect(outcome.stderr == message + "\n", "\(name): \(outcome)")
      #expect(outcome.stdout.isEmpty)
      #expect(Self.audioStreams(server).isEmpty)
    }
  }

  @Test("a missing file exits 2 — after the readiness wait, which needs the mod (else exit 1), unless --no-wait")
  func missingFile() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoioMedia(["mic", "-i", "nope.wav", "-s", server.socketPath])
      #expect(outcome.status == 2, "\(outcome)")
      #expect(
        outcome.stderr == "resoio mic: input not found: [Errno 2] No such file or directory: 'nope.wav'\n", "\(outcome)"
      )
      #expect(server.mod.microphone.streams.count == 1, "the probe ran first")

      let nowhere = scratch.path + "/none.sock"
      let waiting = try await scratch.resoioMedia(["mic", "-i", "nope.wav", "-s", nowhere])
      #expect(waiting.status == 1, "\(waiting)")
      #expect(waiting.stderr.hasPrefix("resoio mic: UNAVAILABLE: cannot connect to \(nowhere)"), "\(waiting)")
      let noWait = try await scratch.resoioMedia(["mic", "-i", "nope.wav", "--no-wait", "-s", nowhere])
      #expect(noWait.status == 2, "\(noWait)")
    }
  }

  @Test("--duration must be a number (exit 2); nan and inf, which crash the reference, are refused too")
  func badDuration() async throws {
    try await withScratch { scratch in
      for value in ["x", "", "nan", "inf", "-inf"] {
        let outcome = try await scratch.resoioMedia(["mic", "--duration", value, "-s", scratch.path + "/none.sock"])
        #expect(outcome.status == 2, "\(value): \(outcome)")
        #expect(outcome.stderr.contains("--duration"), "\(value): \(outcome)")
      }
    }
  }

  @Test("not ready: FAILED_PRECONDITION is retried every 2 s until the wait gives up, exit 1")
  func readinessTimeout() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.failures[TestServer.Path.microphoneStreamAudio] = CallFailure(
          code: .failedPrecondition, message: "no audio input device")
      }
      let wav = try Self.write(
        TestWAV.file(data: TestWAV.int16(TestWAV.int16Signal(2048))), named: "r.wav", in: scratch)
      let outcome = try await scratch.resoioMedia(["mic", "-i", wav, "--ready-timeout", "0.5", "-s", server.socketPath])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout.isEmpty)
      #expect(outcome.elapsed >= .seconds(2), "one retry after 2 s")
      #expect(
        outcome.stderr.hasPrefix(
          "resoio mic: microphone bridge not ready: it did not become ready in 0.5 s (2 attempts); "
            + "last reason: FAILED_PRECONDITION: no audio input device\n"), "\(outcome)")
      #expect(outcome.stderr.split(separator: "\n").count == 2)

      let noWait = try await scratch.resoioMedia(["mic", "-i", wav, "--no-wait", "-s", server.socketPath])
      #expect(noWait.status == 1, "\(noWait)")
      #expect(noWait.stderr == "resoio mic: stream failed: FAILED_PRECONDITION: no audio input device\n", "\(noWait)")
    }
  }

  @Test("another status during the wait ends it at once; a failure mid-stream is one line; both exit 1")
  func grpcErrors() async throws {
    try await withScratch { scratch in
      let wav = try Self.write(
        TestWAV.file(data: TestWAV.int16(TestWAV.int16Signal(8 * 1024))), named: "e.wav", in: scratch)
      let denied = try scratch.startServer(named: "a.sock") {
        $0.failures[TestServer.Path.microphoneStreamAudio] = CallFailure(
          code: .permissionDenied, message: "muted by host")
      }
      let outcome = try await scratch.resoioMedia(["mic", "-i", wav, "-s", denied.socketPath])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stderr == "resoio mic: microphone bridge error: PERMISSION_DENIED: muted by host\n", "\(outcome)")

      let ending = try scratch.startServer(named: "b.sock") {
        $0.streaming.endAfterRequestMessages = TestServer.StreamingKnobs.EndAfter(
          messages: 3, status: Status(code: .internalError, message: "bridge crashed"))
      }
      let midStream = try await scratch.resoioMedia(["mic", "-i", wav, "-s", ending.socketPath])
      #expect(midStream.status == 1, "\(midStream)")
      #expect(midStream.stderr == "resoio mic: stream failed: INTERNAL: bridge crashed\n", "\(midStream)")
      #expect(midStream.stdout.isEmpty)
    }
  }

  @Test("--help documents every flag and the input formats; the test-only --ready-timeout stays hidden")
  func help() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoioMedia(["mic", "--help"])
      #expect(outcome.status == 0)
      for text in [
        "-i, --input <input>", "--duration <duration>", "--no-wait", "--format <format>", "16-bit", "IEEE-float",
      ] {
        #expect(outcome.stdoutText.contains(text), "\(text): \(outcome)")
      }
      #expect(!outcome.stdoutText.contains("ready-timeout"))
    }
  }
}
