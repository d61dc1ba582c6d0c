// The camera-stream measurement of issue 10, written once for any gRPC client.
//
// Shared, byte for byte, by `resoio-bench stream-frames` (our client, root package) and
// `grpcswift-bench stream-frames` (grpc-swift-2, Benchmarks package: a symlink to this file),
// like BenchHarness.swift (whose clock, CPU and output helpers it uses). Keep it free of
// client-specific imports: each client only opens the call and feeds every frame it receives
// to `StreamMeter.take`.
//
// The call: /resonite_io.v1.Camera/StreamFrames with CameraStreamRequest{width, height} from
// --width/--height (default 0 and 0: the server's size), no fps limit. The first
// --warmup-seconds (1) after the call is opened are not counted; the first frame after them
// starts the clock; the frames after it are counted until --seconds have passed; then the
// client leaves the stream (which cancels it). One line:
//
//   RESULT name=N client=N server=L width=W height=H frames_per_s=F mb_per_s=M
//          cpu_ms_per_frame=C rss_peak_mb=R frames=K seconds=S server_cpu_ms_per_frame=X
//          frame_id_gaps=G
//
//   mb_per_s         pixel bytes per second, in 10^6 B/s
//   cpu_ms_per_frame this process's user+system CPU (getrusage, all threads) per counted frame
//   rss_peak_mb      this process's peak resident set (VmHWM, /proc/self/status), in 10^6 B
//   server_cpu_...   the server's CPU per frame from /proc/PID/task/*/schedstat (--server-pid)
//
// With --slow-consumer-ms MS the consumer sleeps MS after taking each frame (a slow robot),
// and the line has these keys instead of the throughput ones:
//
//   RESULT name=N client=N server=L width=W height=H slow_consumer_ms=MS slow_rss_peak_mb=R
//          slow_age_ms_p50=A slow_age_ms_p99=B frames=K seconds=S frame_id_gaps=G
//
//   slow_age_ms_*    now (CLOCK_REALTIME) minus the frame's unix_nanos when the consumer takes
//                    it, over the counted frames: how stale a slow reader's frames are
//
// Every frame is checked: frame_id increases (the mod and our unpaced test server count 0, 1,
// 2... with no gap; a paced test server skips the ids of frames it overwrote, counted in
// frame_id_gaps=, the last key of both lines), and pixels has width*height*4 bytes (RGBA8).
import ArgumentParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The options of every Camera/StreamFrames measurement (`stream-frames`, `stream-memory`): the
/// server, the frame size asked for, the label printed.
struct CameraStreamOptions: ParsableArguments {
  @Option(help: "Unix socket of a server implementing /resonite_io.v1.Camera/StreamFrames.")
  var socket: String

  @Option(help: "CameraStreamRequest.width (0: the server's size).")
  var width: Int32 = 0

  @Option(help: "CameraStreamRequest.height (0: the server's size).")
  var height: Int32 = 0

  @Option(help: "Server label printed as server=.")
  var label: String = "server"

  /// The CameraStreamRequest of the size asked for.
  var request: [UInt8] { CameraWire.request(width: width, height: height) }

  func validate() throws {
    if width < 0 || height < 0 { throw ValidationError("--width and --height must not be negative") }
  }
}

/// The options of `stream-frames`, both executables.
struct StreamFramesOptions: ParsableArguments {
  @OptionGroup var camera: CameraStreamOptions

  @Option(help: "Seconds of frames counted (after the warm-up).")
  var seconds: Double = 5

  @Option(
    help:
      "Sleep this many milliseconds after taking each frame (a slow consumer): reports peak RSS and frame age instead of throughput."
  )
  var slowConsumerMs: Double?

  @Option(help: "Seconds after opening the call whose frames are not counted.")
  var warmupSeconds: Double = 1

  @Option(help: "Client name printed as name= and client= (default: the executable's client).")
  var name: String?

  @Option(help: "Pid of the server process: adds its CPU per frame (from /proc) to the line.")
  var serverPid: Int32?

  /// What the meter needs, as a Sendable value; the warm-up starts now (call it just before
  /// opening the call).
  func settings(defaultName: String) -> StreamSettings {
    StreamSettings(
      name: name ?? defaultName, label: camera.label, seconds: seconds, warmupSeconds: warmupSeconds,
      slowConsumerMs: slowConsumerMs, serverPid: serverPid, openedAt: monotonicNanos())
  }

  func validate() throws {
    if !(seconds > 0) { throw ValidationError("--seconds must be positive") }
    if !(warmupSeconds >= 0) { throw ValidationError("--warmup-seconds must not be negative") }
    if let slowConsumerMs, !(slowConsumerMs >= 0) { throw ValidationError("--slow-consumer-ms must not be negative") }
  }
}

/// The wire form of the two Camera messages, by hand (no generated code needed).
enum CameraWire {
  static let service = "resonite_io.v1.Camera"
  static let method = "StreamFrames"
  static let rgba8: UInt64 = 1

  /// CameraStreamRequest{width = 1, height = 2, fps_limit = 3 (float)}.
  static func request(width: Int32, height: Int32, fpsLimit: Float = 0) -> [UInt8] {
    var bytes: [UInt8] = []
    func varint(_ value: UInt64) {
      var v = value
      while v >= 0x80 {
        bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
        v >>= 7
      }
      bytes.append(UInt8(v))
    }
    if width != 0 {
      bytes.append(0x08)
      varint(UInt64(bitPattern: Int64(width)))
    }
    if height != 0 {
      bytes.append(0x10)
      varint(UInt64(bitPattern: Int64(height)))
    }
    if fpsLimit != 0 {
      bytes.append(0x1D)
      withUnsafeBytes(of: fpsLimit.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
    return bytes
  }

  struct MalformedFrame: Error, CustomStringConvertible {
    var description: String
  }

  /// Parses a CameraFrame's scalar fields and finds its pixels (not copied).
  static func parseFrame(_ raw: UnsafeRawBufferPointer) throws -> CameraFrameHeader {
    var frame = CameraFrameHeader()
    var offset = 0
    func varint() throws -> UInt64 {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while offset < raw.count {
        let byte = raw[offset]
        offset += 1
        value |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 { return value }
        shift += 7
        if shift > 63 { break }
      }
      throw MalformedFrame(description: "bad varint at \(offset)")
    }
    while offset < raw.count {
      let key = try varint()
      switch (key >> 3, key & 7) {
      case (1, 0): frame.width = Int(Int32(truncatingIfNeeded: try varint()))
      case (2, 0): frame.height = Int(Int32(truncatingIfNeeded: try varint()))
      case (3, 0): frame.format = try varint()
      case (4, 0): frame.unixNanos = Int64(bitPattern: try varint())
      case (5, 0): frame.frameID = Int64(bitPattern: try varint())
      case (let field, 2):
        let length = Int(try varint())
        guard length <= raw.count - offset else { throw MalformedFrame(description: "field \(field) overruns") }
        if field == 6 {
          frame.pixelsOffset = offset
          frame.pixelsCount = length
        }
        offset += length
      case (_, 0): _ = try varint()
      case (_, 1): offset += 8
      case (_, 5): offset += 4
      default: throw MalformedFrame(description: "wire type \(key & 7)")
      }
    }
    guard offset == raw.count else { throw MalformedFrame(description: "truncated") }
    return frame
  }
}

/// A CameraFrame's fields; the pixels stay where they are in the message bytes.
struct CameraFrameHeader: Sendable {
  var width = 0
  var height = 0
  var format: UInt64 = 0
  var unixNanos: Int64 = 0
  var frameID: Int64 = 0
  var pixelsOffset = 0
  var pixelsCount = 0
}

/// Wall clock (CLOCK_REALTIME) in nanoseconds since 1970, as `unix_nanos`.
func realtimeNanos() -> Int64 {
  var ts = timespec()
  clock_gettime(CLOCK_REALTIME, &ts)
  return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// This process's peak resident set (VmHWM) in bytes, or NaN.
func residentPeakBytes() -> Double {
  guard let file = fopen("/proc/self/status", "r") else { return .nan }
  defer { fclose(file) }
  var buffer = [CChar](repeating: 0, count: 256)
  while fgets(&buffer, Int32(buffer.count), file) != nil {
    let line = string(fromCBuffer: buffer)
    if line.hasPrefix("VmHWM:") {
      let digits = line.dropFirst(6).filter { $0.isNumber }
      if let kb = Double(String(digits)) { return kb * 1024 }
    }
  }
  return .nan
}

/// The settings of one stream measurement.
struct StreamSettings: Sendable {
  var name: String
  var label: String
  var seconds: Double
  var warmupSeconds: Double
  var slowConsumerMs: Double?
  var serverPid: Int32?
  /// When the call was opened (monotonicNanos).
  var openedAt: UInt64
}

/// Counts the frames of one stream and prints the RESULT line at the end.
struct StreamMeter {
  let options: StreamSettings
  var name: String { options.name }
  private let warmEnd: UInt64
  private var start: UInt64?
  private var cpuBefore = 0.0
  private var serverBefore: Double?
  private var frames = 0
  private var pixelBytes = 0.0
  private var nextID: Int64 = 0
  private var gaps: Int64 = 0
  private var ages: [UInt64] = []
  private var width = 0
  private var height = 0

  init(_ settings: StreamSettings) {
    self.options = settings
    self.warmEnd = settings.openedAt &+ UInt64(settings.warmupSeconds * 1e9)
  }

  /// Takes one received frame (sleeping afterwards when the consumer is slow); false once the
  /// measurement is over and the line printed: the caller then leaves the stream.
  mutating func take(_ frame: CameraFrameHeader) async throws -> Bool {
    let age = realtimeNanos() - frame.unixNanos
    guard frame.frameID >= nextID else {
      throw BenchFailure(description: "frame_id \(frame.frameID) after \(nextID - 1)")
    }
    gaps += frame.frameID - nextID
    nextID = frame.frameID + 1
    guard frame.width > 0, frame.height > 0, frame.format == CameraWire.rgba8,
      frame.pixelsCount == frame.width * frame.height * 4
    else {
      throw BenchFailure(
        description:
          "frame \(frame.frameID): \(frame.width)x\(frame.height) format \(frame.format) with \(frame.pixelsCount) pixel bytes"
      )
    }
    width = frame.width
    height = frame.height
    let now = monotonicNanos()
    if now >= warmEnd {
      if let start {
        frames += 1
        pixelBytes += Double(frame.pixelsCount)
        ages.append(UInt64(max(age, 0)))
        if now &- start >= UInt64(options.seconds * 1e9) {
          report(elapsed: Double(now &- start) / 1e9)
          return false
        }
      } else {
        // The first frame after the warm-up starts the clock; the frames after it count.
        start = now
        cpuBefore = ProcessUsage.now().cpuSeconds
        serverBefore = options.serverPid.flatMap(processCPUSeconds(pid:))
      }
    }
    if let slow = options.slowConsumerMs, slow > 0 {
      try await Task.sleep(nanoseconds: UInt64(slow * 1e6))
    }
    return true
  }

  private func report(elapsed: Double) {
    let head = "RESULT name=\(name) client=\(name) server=\(options.label) width=\(width) height=\(height)"
    let tail = " frames=\(frames) seconds=\(format(elapsed, 3))"
    let rss = residentPeakBytes() / 1e6
    if let slow = options.slowConsumerMs {
      let sorted = ages.sorted()
      writeAll(
        1,
        head + " slow_consumer_ms=\(format(slow, 1)) slow_rss_peak_mb=\(format(rss, 1))"
          + " slow_age_ms_p50=\(format(percentile(sorted, 50) / 1e6, 1)) slow_age_ms_p99=\(format(percentile(sorted, 99) / 1e6, 1))"
          + tail + " frame_id_gaps=\(gaps)\n")
    } else {
      let cpu = ProcessUsage.now().cpuSeconds - cpuBefore
      var serverCPU = Double.nan
      if let serverBefore, let pid = options.serverPid, let after = processCPUSeconds(pid: pid) {
        serverCPU = (after - serverBefore) / Double(frames) * 1e3
      }
      writeAll(
        1,
        head + " frames_per_s=\(format(Double(frames) / elapsed, 2)) mb_per_s=\(format(pixelBytes / elapsed / 1e6, 1))"
          + " cpu_ms_per_frame=\(format(cpu / Double(frames) * 1e3, 3)) rss_peak_mb=\(format(rss, 1))" + tail
          + " server_cpu_ms_per_frame=\(format(serverCPU, 3)) frame_id_gaps=\(gaps)\n")
    }
  }
}
