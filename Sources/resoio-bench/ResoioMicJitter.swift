// `resoio-bench mic-jitter`: how closely the public Microphone API (`mod.microphone.stream`,
// `sendPaced`, i.e. `MicrophonePacer`) keeps real time.
//
// Sends 48 kHz mono float32 chunks of --chunk-samples (1024, 21.33 ms) for --seconds of audio,
// each with `sendPaced`, then finishes and checks the server's summary counted every chunk.
// Chunk k's ideal send time is start + k * 1024 / 48000 s, start being the instant just before
// the first `sendPaced` (when the pacer starts its schedule); its send time is when
// `sendPaced` returns (woken and handed to the call). One line:
//
//   RESULT name=resoio-mic-pacing chunks=K seconds=S drift_ms=D jitter_ms_p50=A
//          jitter_ms_p99=B max_late_ms=M
//
//   jitter      send time minus ideal time, per chunk (>= 0: the pacer never sends early)
//   drift_ms    the trend of the jitter over the run: the least-squares line through
//               (ideal time, jitter), its value at the end minus at the start
//   seconds     wall time from the first send to the last
import ArgumentParser
import ResoniteIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct MicJitterOptions: ParsableArguments {
  @Option(help: "Unix socket of a server implementing /resonite_io.v1.Microphone/StreamAudio.")
  var socket: String

  @Option(help: "Seconds of audio sent.")
  var seconds: Double = 10

  @Option(help: "Samples per chunk.")
  var chunkSamples: Int = 1024

  @Option(help: "Name printed as name=.")
  var name: String = "resoio-mic-pacing"

  func validate() throws {
    if !(seconds > 0) { throw ValidationError("--seconds must be positive") }
    if chunkSamples <= 0 { throw ValidationError("--chunk-samples must be positive") }
  }
}

func micJitter(_ options: MicJitterOptions) async throws {
  let rate = MicrophoneSender.sampleRate
  let chunks = max(1, Int((options.seconds * Double(rate) / Double(options.chunkSamples)).rounded()))
  // A 440 Hz tone, one chunk's worth (the content does not matter to the pacing).
  let chunk = (0..<options.chunkSamples).map { Float(0.25 * sin(2 * Double.pi * 440 * Double($0) / Double(rate))) }
  let mod = ResoniteClient(socketPath: options.socket)
  var sendNanos = [UInt64](repeating: 0, count: chunks)
  var start: UInt64 = 0
  let summary: MicrophoneStreamSummary
  do {
    try await mod.connect()
    summary = try await mod.microphone.stream { sender in
      start = monotonicNanos()
      for k in 0..<chunks {
        try await sender.sendPaced(chunk)
        sendNanos[k] = monotonicNanos()
      }
    }
  } catch {
    await mod.close()
    throw error
  }
  await mod.close()
  guard summary.receivedFrames == Int64(chunks), summary.receivedSamples == Int64(chunks * options.chunkSamples) else {
    throw BenchFailure(
      description:
        "sent \(chunks) chunks, the server received \(summary.receivedFrames) frames, \(summary.receivedSamples) samples"
    )
  }

  // jitter_k = send_k - (start + k * chunk / rate), in ns (as Double; the run is seconds long).
  let chunkNanos = Double(options.chunkSamples) * 1e9 / Double(rate)
  var ideal = [Double](repeating: 0, count: chunks)
  var jitter = [Double](repeating: 0, count: chunks)
  for k in 0..<chunks {
    ideal[k] = Double(k) * chunkNanos
    jitter[k] = Double(Int64(bitPattern: sendNanos[k] &- start)) - ideal[k]
  }
  // Drift: least-squares slope of jitter against ideal time, times the run's ideal length.
  var drift = 0.0
  if chunks > 1 {
    let meanX = ideal.reduce(0, +) / Double(chunks)
    let meanY = jitter.reduce(0, +) / Double(chunks)
    var sxy = 0.0
    var sxx = 0.0
    for k in 0..<chunks {
      sxy += (ideal[k] - meanX) * (jitter[k] - meanY)
      sxx += (ideal[k] - meanX) * (ideal[k] - meanX)
    }
    drift = sxx > 0 ? sxy / sxx * (ideal[chunks - 1] - ideal[0]) : 0
  }
  let sorted = jitter.map { UInt64(max($0, 0)) }.sorted()
  let maxLate = jitter.max() ?? 0
  if let worst = jitter.indices.max(by: { jitter[$0] < jitter[$1] }) {
    writeStandardError("mic-jitter: latest chunk \(worst) of \(chunks), \(format(jitter[worst] / 1e6, 3)) ms late\n")
  }
  let elapsed = Double(sendNanos[chunks - 1] &- sendNanos[0]) / 1e9
  writeAll(
    1,
    "RESULT name=\(options.name) chunks=\(chunks) seconds=\(format(elapsed, 3)) drift_ms=\(format(drift / 1e6, 3))"
      + " jitter_ms_p50=\(format(percentile(sorted, 50) / 1e6, 3)) jitter_ms_p99=\(format(percentile(sorted, 99) / 1e6, 3))"
      + " max_late_ms=\(format(maxLate / 1e6, 3))\n")
}
