// SpeakerRecord: record what the engine plays to a WAV file (48 kHz stereo float32).
//
//   swift run SpeakerRecord --demo --seconds 2 --out speaker.wav
import ArgumentParser
import Foundation
import ExampleSupport
import ResoniteCommandLine
import ResoniteIO

@main
struct SpeakerRecord: AsyncParsableCommand {
  static func main() async { await mainExitingTwoOnUsageErrors() }

  static let configuration = CommandConfiguration(
    abstract: "Record a Resonite IO mod's speaker output to a 48 kHz stereo float32 WAV file.")

  @Option(help: "Seconds of audio to record (stops earlier if the mod ends the stream).")
  var seconds: Double = 3

  @Option(help: "Where to write the WAV file.")
  var out = "speaker.wav"

  @OptionGroup var target: ModOptions

  func validate() throws {
    if !(seconds > 0) { throw ValidationError("--seconds must be above 0") }
  }

  func run() async throws {
    try await target.withReadyMod(example: "SpeakerRecord") { ready in
      try await run(on: ready)
    }
  }

  func run(on ready: ReadyMod) async throws {
    let path = ready.socketPath
    let wanted = Int(seconds * Double(SpeakerChunk.sampleRate))
    let (samples, chunks, dropped) = try await ResoniteClient.withConnection(socketPath: path) { mod in
      try await mod.speaker.chunks { stream in
        var samples: [Float] = []
        var chunks = 0
        var dropped: UInt64 = 0
        var last: UInt64?
        for try await chunk in stream {
          // A gap in frame ids means the mod dropped chunks (its buffer was full).
          if let last, chunk.frameID > last + 1 { dropped += chunk.frameID - last - 1 }
          last = chunk.frameID
          chunks += 1
          samples.append(contentsOf: chunk.samples.prefix(2 * (wanted - samples.count / 2)))
          if samples.count / 2 >= wanted { break }
        }
        return (samples, chunks, dropped)
      }
    }
    let data = Self.wav(samples)
    try data.write(to: URL(fileURLWithPath: out))
    let duration = Double(samples.count / 2) / Double(SpeakerChunk.sampleRate)
    print("Chunks:  \(chunks) (\(dropped) dropped by the mod)")
    print(
      "Saved:   \(out) (\(samples.count / 2) stereo frames, \(String(format: "%.3f", duration)) s, \(data.count) bytes)"
    )
  }

  /// A WAV file (RIFF, WAVE_FORMAT_IEEE_FLOAT = 3) of interleaved stereo float32 samples.
  static func wav(_ samples: [Float]) -> Data {
    let dataBytes = samples.count * 4
    var data = Data()
    func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    data.append(contentsOf: Array("RIFF".utf8)); u32(UInt32(36 + dataBytes))
    data.append(contentsOf: Array("WAVE".utf8))
    data.append(contentsOf: Array("fmt ".utf8)); u32(16)
    u16(3); u16(2); u32(48_000); u32(48_000 * 8); u16(8); u16(32)
    data.append(contentsOf: Array("data".utf8)); u32(UInt32(dataBytes))
    for sample in samples { u32(sample.bitPattern) }
    return data
  }
}
