// `resoio-bench stream-memory`: a slow consumer's memory over time on Camera/StreamFrames.
//
// Issue 10's bound: a consumer that stops reading (or reads slowly) stops the server, so the
// client holds about one stream window plus the buffered messages (and the frame the consumer
// holds), whatever the stream's length. This opens the stream through our client's
// server-streaming call (the codec of `stream-frames`, no copy of the pixels), takes a frame,
// holds it while it sleeps --consumer-ms (1000) (then reads about one byte per page of its
// pixels), and so on for --seconds (30). The resident set is counted exactly
// (/proc/self/smaps_rollup `Rss`, the page tables walked) at each frame taken and every
// --sample-ms (20) in between by a sampler task; /proc/self/status's VmRSS and VmHWM (the
// kernel's counters, approximate) are printed beside it. One INFO line per frame taken and
// one RESULT line:
//
//   INFO stream-memory t_s=T frame_id=I rss_mb=R rss_peak_since_last_mb=P vm_rss_mb=V
//        vm_hwm_mb=H age_ms=A
//   RESULT name=resoio-swift measure=stream-memory server=L width=W height=H frame_mb=F
//          consumer_ms=MS buffered_messages=B window_mb=WIN frames=K frame_id_gaps=G
//          rss_before_mb=R0 rss_first_mb=R1 rss_last_mb=RN rss_peak_mb=RMAX vm_hwm_mb=HWM
//          growth_mb=D held_frames=X age_ms_p50=A
//
//   MB               10^6 bytes; frame_mb = the frame's pixel bytes
//   rss_before_mb    resident set just before the call is opened (connected, no stream)
//   rss_first_mb     at the first frame taken; rss_last_mb at the last one
//   rss_peak_mb      the largest sample over the run (frames taken and the sampler's)
//   growth_mb        the largest sample of the second half of the run minus that of the
//                    first half (its first frame left out): about 0 when memory is bounded
//   held_frames      (rss_peak_mb - rss_before_mb) / frame_mb: the peak the stream added
//   age_ms_p50       now (CLOCK_REALTIME) minus the frame's unix_nanos when taken
import ArgumentParser
import ResoniteGRPC
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The options of `stream-memory`.
struct StreamMemoryOptions: ParsableArguments {
  @OptionGroup var camera: CameraStreamOptions

  @Option(help: "Seconds the slow consumer runs.")
  var seconds: Double = 30

  @Option(help: "Milliseconds the consumer sleeps after taking each frame.")
  var consumerMs: Double = 1000

  @Option(help: "Response messages buffered before the window is held (CallOptions.bufferedResponseMessages).")
  var bufferedMessages: Int = 1

  @Option(help: "Milliseconds between the resident-set samples taken while the consumer sleeps.")
  var sampleMs: Double = 20

  @Flag(help: "No INFO line per frame, only the RESULT line.")
  var quiet = false

  func validate() throws {
    if !(seconds > 0) { throw ValidationError("--seconds must be positive") }
    if !(consumerMs >= 0) { throw ValidationError("--consumer-ms must not be negative") }
    if !(sampleMs > 0) { throw ValidationError("--sample-ms must be positive") }
    if bufferedMessages < 1 { throw ValidationError("--buffered-messages must be at least 1") }
  }
}

/// This process's resident set, in bytes, NaN when unreadable: `rss` counted exactly (the
/// page tables walked, /proc/self/smaps_rollup), `statusRSS` and `hwm` as /proc/self/status
/// says (VmRSS, VmHWM: the kernel's counters, approximate).
func residentBytes() -> (rss: Double, statusRSS: Double, hwm: Double) {
  func read(_ path: String, _ keys: [String]) -> [Double] {
    var found = [Double](repeating: .nan, count: keys.count)
    guard let file = fopen(path, "r") else { return found }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 256)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
      let line = string(fromCBuffer: buffer)
      for (i, key) in keys.enumerated() where line.hasPrefix(key) {
        if let kb = Double(String(line.dropFirst(key.count).filter { $0.isNumber })) { found[i] = kb * 1024 }
      }
    }
    return found
  }
  let status = read("/proc/self/status", ["VmRSS:", "VmHWM:"])
  let rollup = read("/proc/self/smaps_rollup", ["Rss:"])
  return (rollup[0], status[0], status[1])
}

/// The largest resident set a sampler saw since it was last asked.
final class ResidentPeak: Sendable {
  private let state = Mutex<(sincePeak: Double, overallPeak: Double)>((0, 0))

  func note(_ bytes: Double) {
    guard !bytes.isNaN else { return }
    state.withLock { state in
      state.sincePeak = max(state.sincePeak, bytes)
      state.overallPeak = max(state.overallPeak, bytes)
    }
  }

  /// The peak since the last call, and the peak over the whole run.
  func take() -> (since: Double, overall: Double) {
    state.withLock { state in
      defer { state.sincePeak = 0 }
      return (state.sincePeak, state.overallPeak)
    }
  }
}

func streamMemory(_ options: StreamMemoryOptions) async throws {
  var configuration = ChannelConfiguration()
  configuration.bufferedResponseMessages = options.bufferedMessages
  let window = Double(configuration.initialStreamWindowSize)
  let channel = GRPCChannel(socketPath: options.camera.socket, configuration: configuration)
  try channel.connect()
  let before = residentBytes()
  let quiet = options.quiet
  let limit = UInt64(options.seconds * 1e9)
  let sleep = UInt64(options.consumerMs * 1e6)
  let sampleNanos = UInt64(options.sampleMs * 1e6)
  struct Sample {
    var nanos: UInt64
    /// At the frame taken.
    var rss: Double
    /// The largest sample since the frame before.
    var peak: Double
  }
  var samples: [Sample] = []
  var ages: [UInt64] = []
  var frameBytes = 0
  var size = (0, 0)
  var gaps: Int64 = 0
  var touched: UInt64 = 0
  let peak = ResidentPeak()
  // Samples the exact resident set between the frames taken, while the consumer sleeps and
  // the stream fills its buffers.
  let sampler = Task.detached {
    while !Task.isCancelled {
      peak.note(residentBytes().rss)
      try? await Task.sleep(nanoseconds: sampleNanos)
    }
  }
  do {
    try await channel.cameraFrames(options.camera) { response in
      let start = monotonicNanos()
      var nextID: Int64 = 0
      for try await frame in response.messages {
        let header = frame.header
        let age = realtimeNanos() - header.unixNanos
        guard header.frameID >= nextID, header.pixelsCount == header.width * header.height * 4 else {
          throw BenchFailure(description: "frame \(header.frameID) after \(nextID - 1), \(header.pixelsCount) bytes")
        }
        gaps += header.frameID - nextID
        nextID = header.frameID + 1
        frameBytes = header.pixelsCount
        size = (header.width, header.height)
        let now = monotonicNanos()
        let usage = residentBytes()
        peak.note(usage.rss)
        let peaks = peak.take()
        samples.append(Sample(nanos: now &- start, rss: usage.rss, peak: peaks.since))
        ages.append(UInt64(max(age, 0)))
        if !quiet {
          writeAll(
            1,
            "INFO stream-memory t_s=\(format(Double(now &- start) / 1e9, 3)) frame_id=\(header.frameID)"
              + " rss_mb=\(format(usage.rss / 1e6, 1)) rss_peak_since_last_mb=\(format(peaks.since / 1e6, 1))"
              + " vm_rss_mb=\(format(usage.statusRSS / 1e6, 1)) vm_hwm_mb=\(format(usage.hwm / 1e6, 1))"
              + " age_ms=\(format(Double(age) / 1e6, 1))\n")
        }
        if now &- start >= limit { return }  // leaving the loop cancels the call
        try await Task.sleep(nanoseconds: sleep)
        // The consumer holds its frame while it "works" (sleeps), as a robot would: one byte
        // per 4 KiB page of the pixels is read after the sleep, so the frame stays alive.
        touched &+= frame.bytes.withUnsafeBytes { raw in
          var sum: UInt64 = 0
          var offset = header.pixelsOffset
          while offset < header.pixelsOffset + header.pixelsCount {
            sum &+= UInt64(raw[offset])
            offset += 4093  // about one byte per page, not always the same channel
          }
          return sum
        }
      }
      throw BenchFailure(description: "the stream ended before the measurement did")
    }
  } catch {
    sampler.cancel()
    await channel.close()
    throw error
  }
  sampler.cancel()
  await channel.close()
  guard let first = samples.first, let last = samples.last else {
    throw BenchFailure(description: "no frame arrived")
  }
  writeStandardError("stream-memory: pixel checksum \(touched)\n")
  // The peaks between frames, first half against second (the first frame's left out: it
  // comes before the stream filled its buffers).
  let firstHalf = samples.dropFirst().filter { $0.nanos < limit / 2 }.map(\.peak).max() ?? .nan
  let secondHalf = samples.filter { $0.nanos >= limit / 2 }.map(\.peak).max() ?? .nan
  let overall = peak.take().overall
  let hwm = residentBytes().hwm
  let frameMB = Double(frameBytes) / 1e6
  writeAll(
    1,
    "RESULT name=resoio-swift measure=stream-memory server=\(options.camera.label) width=\(size.0) height=\(size.1)"
      + " frame_mb=\(format(frameMB, 2)) consumer_ms=\(format(options.consumerMs, 0))"
      + " buffered_messages=\(options.bufferedMessages) window_mb=\(format(window / 1e6, 2))"
      + " frames=\(samples.count) frame_id_gaps=\(gaps)"
      + " rss_before_mb=\(format(before.rss / 1e6, 1)) rss_first_mb=\(format(first.rss / 1e6, 1))"
      + " rss_last_mb=\(format(last.rss / 1e6, 1)) rss_peak_mb=\(format(overall / 1e6, 1))"
      + " vm_hwm_mb=\(format(hwm / 1e6, 1)) growth_mb=\(format((secondHalf - firstHalf) / 1e6, 1))"
      + " held_frames=\(format((overall - before.rss) / Double(max(frameBytes, 1)), 2))"
      + " age_ms_p50=\(format(percentile(ages.sorted(), 50) / 1e6, 1))\n")
}
