import Foundation
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Examples: CameraShot, SpeakerRecord, MicrophoneTone, DriveSquare")
struct SensesExamplesTests {
  @Test("CameraShot --demo saves a PPM of the stand-in scene; --format pam keeps RGBA byte for byte")
  func cameraShot() async throws {
    try await withScratch { scratch in
      let ppm = scratch.path + "/frame.ppm"
      let outcome = try await scratch.example("CameraShot", "--demo", "--out", ppm)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.last == "Saved:  \(ppm) (PPM, 172815 bytes)", "\(outcome)")
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ppm)))
      let header = Array("P6\n320 180\n255\n".utf8)
      #expect(Array(bytes.prefix(header.count)) == header)
      // Pixel (x, y) of frame 0 at the initial pose: R x, G y, B 0.
      let at = { (x: Int, y: Int) in Array(bytes[(header.count + (y * 320 + x) * 3)...].prefix(3)) }
      #expect(at(0, 0) == [0, 0, 0] && at(300, 100) == [44, 100, 0])

      let pam = scratch.path + "/frame.pam"
      let second = try await scratch.example("CameraShot", "--demo", "--out", pam, "--format", "pam", "--skip", "2")
      #expect(second.status == 0, "\(second)")
      #expect(second.stdoutLines.contains { $0.hasPrefix("Frame:  2, 320x180") }, "\(second)")
      let pamBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: pam)))
      let pamHeader = Array("P7\nWIDTH 320\nHEIGHT 180\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n".utf8)
      #expect(pamBytes.count == pamHeader.count + 320 * 180 * 4)
      var expected = pamHeader
      for y in 0..<180 {
        for x in 0..<320 { let p = CameraFrames.pixel(x: x, y: y, frameID: 2); expected += [p.r, p.g, p.b, p.a] }
      }
      #expect(pamBytes == expected)
    }
  }

  @Test("SpeakerRecord --demo writes a float32 stereo WAV of the known signal")
  func speakerRecord() async throws {
    try await withScratch { scratch in
      let wav = scratch.path + "/speaker.wav"
      let outcome = try await scratch.example("SpeakerRecord", "--demo", "--seconds", "0.5", "--out", wav)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.last == "Saved:   \(wav) (24000 stereo frames, 0.500 s, 192044 bytes)", "\(outcome)")
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: wav)))
      #expect(bytes.count == 44 + 24000 * 8)
      #expect(Array(bytes[0..<4]) == Array("RIFF".utf8) && Array(bytes[36..<40]) == Array("data".utf8))
      #expect(bytes[20] == 3 && bytes[22] == 2, "IEEE float, 2 channels")
      let samples = stride(from: 44, to: bytes.count, by: 4).map { at in
        Float(
          bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(
            bytes[at + 3]) << 24)
      }
      // The recording starts at some chunk k of the mod's clock: find k from the left channel
      // (a 512-sample sawtooth) and check every sample against the signal from there.
      let phase = Int64(((samples[0] + 1) * 256).rounded())
      var matched = false
      for k in 0..<UInt64(20_000) where Int64(k * 1024) & 511 == phase {
        let expected = (0..<24).flatMap { SpeakerSignal.samples(frameID: k + UInt64($0)) }
        if Array(expected.prefix(samples.count)) == samples { matched = true; break }
      }
      #expect(matched, "the WAV holds consecutive chunks of the known signal")
      #expect(outcome.stdout.contains("Chunks:  24 (0 dropped by the mod)"), "\(outcome)")
    }
  }

  @Test("MicrophoneTone --demo sends a paced tone the stand-in hears exactly; --cancel cancels")
  func microphoneTone() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.example("MicrophoneTone", "--demo", "--seconds", "0.5")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stdout.contains("Summary: 24 chunks, 24000 samples received; the tail keeps playing"), "\(outcome)")
      #expect(outcome.stdoutLines.last == "Stand-in mod heard: 24 chunks, 24000 samples, each as sent", "\(outcome)")
      let sent = try #require(outcome.stdoutLines.first { $0.hasPrefix("Sent:") })
      let seconds = try #require(Double(sent.split(separator: " ").dropLast().last ?? ""))
      #expect(seconds > 0.4 && seconds < 1.5, "paced at real time: \(sent)")

      let cancelled = try await scratch.example("MicrophoneTone", "--demo", "--seconds", "0.2", "--cancel")
      #expect(cancelled.status == 0, "\(cancelled)")
      #expect(cancelled.stdout.contains("Cancelled: the mod cleared what it had buffered"), "\(cancelled)")

      let usage = try await scratch.example("MicrophoneTone", "--amplitude", "2")
      #expect(usage.status == 2, "\(usage)")
    }
  }

  @Test("DriveSquare --demo drives the stand-in avatar round a square back to the start", .timingSensitive)
  func driveSquare() async throws {
    try await withScratch { scratch in
      let probe = SchedulingProbe()
      let outcome = try await scratch.example("DriveSquare", "--demo", "--side", "0.3", "--turn-rate", "360")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.filter { $0.hasPrefix("Side ") }.count == 4, "\(outcome)")
      #expect(outcome.stdout.contains("Summary: 13 commands received"), "\(outcome)")
      let last = try #require(outcome.stdoutLines.last)
      let match = try #require(
        last.wholeMatch(of: /Stand-in avatar: at \((-?\d+\.\d+), (-?\d+\.\d+)\) m, yaw (-?\d+\.\d+)°/), "\(outcome)")
      // The stand-in integrates the rates over the time between commands as it receives them:
      // the pose is exact only when neither process was held up (the example's own sleeps
      // stretch on a loaded machine, which this process's probe does not see).
      #expect(Double(match.3)! > 270, "four right turns: \(last)")
      if probe.ranOnTime() && SchedulingProbe.machineHasSpareCPU {
        #expect(abs(Double(match.1)!) < 0.3 && abs(Double(match.2)!) < 0.3, "back near the start: \(last)")
        #expect(abs(Double(match.3)! - 360) < 20, "four right turns: \(last)")
      }
    }
  }
}
