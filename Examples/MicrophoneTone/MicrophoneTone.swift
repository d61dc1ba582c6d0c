// MicrophoneTone: send a tone (or a WAV file) into the engine's microphone input, paced at
// real time.
//
//   swift run MicrophoneTone --demo --frequency 440 --seconds 2
import ArgumentParser
import Foundation
import ExampleSupport
import ResoniteCommandLine
import ResoniteIO
import ResoniteTestServer

@main
struct MicrophoneTone: AsyncParsableCommand {
  static func main() async { await mainExitingTwoOnUsageErrors() }

  static let configuration = CommandConfiguration(
    abstract: "Send a sine tone or a 48 kHz mono WAV file to a Resonite IO mod's microphone, at real time.")

  @Option(help: "Tone frequency in Hz.")
  var frequency: Double = 440

  @Option(help: "Tone length in seconds.")
  var seconds: Double = 2

  @Option(help: "Tone amplitude, 0...1.")
  var amplitude: Double = 0.3

  @Option(help: "Send this WAV file instead of a tone: 48 kHz mono, float32 or 16-bit PCM.")
  var wav: String?

  @Option(help: "Samples per chunk (the reference CLI uses 1024).")
  var chunk = 1024

  @Flag(help: "Cancel at the end instead of finishing: the mod clears the buffered tail.")
  var cancel = false

  @OptionGroup var target: ModOptions

  func validate() throws {
    if !(seconds > 0) { throw ValidationError("--seconds must be above 0") }
    if chunk <= 0 { throw ValidationError("--chunk must be above 0") }
    if !(0...1).contains(amplitude) { throw ValidationError("--amplitude must be within 0...1") }
  }

  func run() async throws {
    let samples: [Float]
    if let wav {
      samples = try Self.readMonoWAV(URL(fileURLWithPath: wav))
    } else {
      let count = Int(seconds * 48_000)
      samples = (0..<count).map { Float(amplitude * sin(2 * .pi * frequency * Double($0) / 48_000)) }
    }
    try await target.withReadyMod(example: "MicrophoneTone") { ready in
      try await send(samples, to: ready)
    }
  }

  func send(_ samples: [Float], to ready: ReadyMod) async throws {
    let path = ready.socketPath
    let clock = ContinuousClock()
    let start = clock.now
    let chunk = self.chunk
    let cancel = self.cancel
    let summary: MicrophoneStreamSummary?
    do {
      summary = try await ResoniteClient.withConnection(socketPath: path) { mod in
        try await mod.microphone.stream { mic in
          var offset = 0
          while offset < samples.count {
            let end = min(offset + chunk, samples.count)
            try await mic.sendPaced(Array(samples[offset..<end]))
            offset = end
          }
          if cancel { mic.cancel() }
        }
      }
    } catch let error as RPCError where cancel && error.code == .cancelled {
      summary = nil
    }
    let elapsed = start.duration(to: clock.now)
    let audio = Double(samples.count) / 48_000
    print(
      "Sent:    \(samples.count) samples (\(String(format: "%.3f", audio)) s of audio) in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 3))))"
    )
    if let summary {
      print(
        "Summary: \(summary.receivedFrames) chunks, \(summary.receivedSamples) samples received; the tail keeps playing"
      )
    } else {
      print("Cancelled: the mod cleared what it had buffered")
    }
    if let demoServer = ready.demoServer, let stream = demoServer.mod.microphone.streams.last {
      let heard = stream.samples
      let exact = heard.elementsEqual(samples.prefix(heard.count))
      print(
        "Stand-in mod heard: \(stream.frames.count) chunks, \(heard.count) samples, \(exact ? "each as sent" : "NOT as sent")"
      )
    }
  }

  /// The samples of a 48 kHz mono WAV file (float32, format 3, or 16-bit PCM, format 1).
  static func readMonoWAV(_ url: URL) throws -> [Float] {
    let bytes = [UInt8](try Data(contentsOf: url))
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
      throw ValidationError("\(url.path) is not a WAV file")
    }
    var offset = 12
    var format = 0
    var channels = 0
    var rate = 0
    var bits = 0
    while offset + 8 <= bytes.count {
      let id = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
      let size = u32(offset + 4)
      let body = offset + 8
      if id == "fmt " {
        format = u16(body)
        channels = u16(body + 2)
        rate = u32(body + 4)
        bits = u16(body + 14)
      } else if id == "data" {
        guard channels == 1, rate == 48_000 else {
          throw ValidationError("the WAV must be 48 kHz mono (it is \(rate) Hz, \(channels) channels)")
        }
        let end = min(body + size, bytes.count)
        switch (format, bits) {
        case (3, 32):
          return stride(from: body, to: end - 3, by: 4).map { Float(bitPattern: UInt32(u32($0))) }
        case (1, 16):
          return stride(from: body, to: end - 1, by: 2).map { Float(Int16(truncatingIfNeeded: u16($0))) / 32768 }
        default:
          throw ValidationError("the WAV must be float32 or 16-bit PCM (format \(format), \(bits) bits)")
        }
      }
      offset = body + size + (size & 1)
    }
    throw ValidationError("\(url.path) has no data chunk")
  }
}
