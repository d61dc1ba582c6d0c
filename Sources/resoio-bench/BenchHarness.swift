// The measurements of issue 5, written once for any gRPC client.
//
// This file is shared, byte for byte, by `resoio-bench` (our client, root package) and
// `grpcswift-bench` (grpc-swift-2, Benchmarks package: a symlink to this file), so that both
// clients are measured by the same code. Keep it free of client-specific imports.
//
// Output, one line per measurement, every key always present ("nan" where it does not apply):
//
//   RESULT name=<client> server=<label> rtt_p50_us=<f> rtt_p99_us=<f> calls_per_s=<f>
//          mb_per_s=<f> cold_ms=<f> rtt_cpu_us=<f> measure=<m> in_flight=<n>
//          samples=<n> [cpu_us_per_call=<f> server_cpu_us_per_call=<f>]
//
//   measure=rtt          sequential Ping on one connection: p50/p99 round trip, calls/s, and
//                        rtt_cpu_us = this process's user+system CPU (getrusage) per call
//   measure=concurrency  --in-flight calls kept in flight on one connection: calls/s, p50/p99
//   measure=bulk         --bulk-bytes echoed through /resonite_io.test.Echo/Echo:
//                        mb_per_s = (request + response bytes) / median echo time, in 10^6 B/s
//   measure=cold         new connection + first Ping, median, in ms (closing is not timed)
//   measure=scaling      one line per in-flight level: calls/s, p50/p99
//
// Each measurement stops after its count or --max-seconds, whichever comes first; samples= is
// the number of calls (echoes, connections) it timed.
//
// Extra lines: `INFO ...` (context switches per call, skipped measurements).
import ArgumentParser
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One client under test, connected to one server.
protocol BenchConnection: Sendable {
  /// `/resonite_io.v1.Connection/Ping` with a short message.
  func ping() async throws
  /// `/resonite_io.test.Echo/Echo`; returns the response's length.
  func echo(_ bytes: [UInt8]) async throws -> Int
  /// Closes the connection and waits for it to be gone.
  func close() async
}

/// How the client under test connects.
protocol BenchClientKind: Sendable {
  associatedtype Connection: BenchConnection
  /// Opens a new connection to `socket` (connected, or connecting on first call).
  func connect(socket: String) async throws -> Connection
  /// True when `error` says the server has no such method (UNIMPLEMENTED).
  func isUnimplemented(_ error: any Error) -> Bool
}

/// The command-line options both bench executables take.
struct BenchOptions: ParsableArguments {
  @Argument(help: "Unix socket of a server implementing /resonite_io.v1.Connection/Ping.")
  var socket: String

  @Option(help: "Server label printed as server=.")
  var label: String = "server"

  @Option(help: "Client name printed as name= (default: the executable's client).")
  var name: String?

  @Option(help: "Sequential Ping calls measured for rtt.")
  var calls: Int = 20000

  @Option(help: "Calls before each measurement starts (not measured).")
  var warmup: Int = 500

  @Option(help: "Comma-separated measurements to run: rtt,concurrency,bulk,cold,scaling.")
  var only: String = "rtt,concurrency,bulk,cold,scaling"

  @Option(help: "Calls in flight for the concurrency measurement.")
  var inFlight: Int = 64

  @Option(help: "Calls made in the concurrency measurement.")
  var concurrentCalls: Int = 50000

  @Option(help: "Bytes per echo for the bulk measurement.")
  var bulkBytes: Int = 8 << 20

  @Option(help: "Echoes timed for the bulk measurement (after 2 untimed).")
  var bulkIterations: Int = 20

  @Option(help: "New connections timed for the cold measurement (after 10 untimed).")
  var coldIterations: Int = 500

  @Option(help: "Comma-separated in-flight levels for the scaling measurement.")
  var scalingLevels: String = "1,4,16,64,256"

  @Option(help: "Calls made at each scaling level.")
  var scalingCalls: Int = 20000

  @Option(
    help: "Time limit of each measurement (each scaling level), in seconds: it stops early with the calls made so far.")
  var maxSeconds: Double = 3

  @Option(help: "Pid of the server process: adds its CPU per call (from /proc) to the concurrency and scaling lines.")
  var serverPid: Int32?

  func validate() throws {
    let known: Set<String> = ["rtt", "concurrency", "bulk", "cold", "scaling"]
    for item in measurements where !known.contains(item) {
      throw ValidationError("unknown measurement '\(item)' (known: rtt, concurrency, bulk, cold, scaling)")
    }
    if calls < 1 || concurrentCalls < 1 || bulkIterations < 1 || coldIterations < 1 || scalingCalls < 1 {
      throw ValidationError("counts must be at least 1")
    }
    if inFlight < 1 { throw ValidationError("--in-flight must be at least 1") }
    if !(maxSeconds > 0) { throw ValidationError("--max-seconds must be positive") }
    if levels.isEmpty || levels.contains(where: { $0 < 1 }) {
      throw ValidationError("--scaling-levels must be positive integers")
    }
  }

  var measurements: [String] { only.split(separator: ",").map { String($0) } }
  var levels: [Int] { scalingLevels.split(separator: ",").compactMap { Int($0) } }
  /// The time limit of one measurement, in nanoseconds.
  var limitNanos: UInt64 { UInt64(maxSeconds * 1e9) }
}

/// Wall clock for intervals, in nanoseconds.
@inline(__always) func monotonicNanos() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// This process's CPU time (user + system, all threads) and context switches.
struct ProcessUsage {
  var cpuSeconds: Double
  var contextSwitches: Int
  var voluntarySwitches: Int

  static func now() -> ProcessUsage {
    var usage = rusage()
    getrusage(RUSAGE_SELF_WHO, &usage)
    let cpu =
      Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
      + Double(usage.ru_stime.tv_usec) / 1e6
    return ProcessUsage(
      cpuSeconds: cpu, contextSwitches: Int(usage.ru_nvcsw + usage.ru_nivcsw), voluntarySwitches: Int(usage.ru_nvcsw))
  }
}

#if canImport(Glibc)
  let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
  let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

/// The text of a NUL-terminated C buffer.
func string(fromCBuffer buffer: [CChar]) -> String {
  String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Writes `text` to a file descriptor, unbuffered (so RESULT lines are out as soon as measured).
func writeAll(_ fd: Int32, _ text: String) {
  let bytes = Array(text.utf8)
  var offset = 0
  while offset < bytes.count {
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
    if written < 0 {
      if errno == EINTR { continue }
      return
    }
    offset += written
  }
}

/// Another process's CPU time in seconds: the sum over its threads of the time on CPU from
/// /proc/PID/task/TID/schedstat (nanosecond resolution); nil when unreadable.
func processCPUSeconds(pid: Int32) -> Double? {
  guard let directory = opendir("/proc/\(pid)/task") else { return nil }
  defer { closedir(directory) }
  var total: UInt64 = 0
  var found = false
  let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
  while let entry = readdir(directory) {
    // The name read where it lies in its record: `entry.pointee.d_name` copies all 256 bytes
    // of the array out of a record only as long as the name, and past the end of glibc's
    // buffer when the record ends it (swift-corelibs-foundation #5472; ResoniteLauncher's
    // ProcessTable reads /proc the same way).
    let name = String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
    guard let first = name.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { continue }
    guard let file = fopen("/proc/\(pid)/task/\(name)/schedstat", "r") else { continue }
    var buffer = [CChar](repeating: 0, count: 256)
    let line = fgets(&buffer, Int32(buffer.count), file) != nil ? string(fromCBuffer: buffer) : ""
    fclose(file)
    if let field = line.split(separator: " ").first, let nanos = UInt64(field) {
      total += nanos
      found = true
    }
  }
  return found ? Double(total) / 1e9 : nil
}

/// Nearest-rank percentile of sorted values.
func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
  guard !sorted.isEmpty else { return .nan }
  let rank = min(max(Int((p / 100 * Double(sorted.count)).rounded(.up)), 1), sorted.count)
  return Double(sorted[rank - 1])
}

func format(_ value: Double, _ digits: Int) -> String {
  if value.isNaN { return "nan" }
  var buffer = [CChar](repeating: 0, count: 64)
  _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(digits)f", $0) }
  return string(fromCBuffer: buffer)
}

struct BenchFailure: Error, CustomStringConvertible {
  var description: String
}

/// Runs the selected measurements and prints their lines.
struct BenchHarness<Kind: BenchClientKind> {
  let kind: Kind
  let options: BenchOptions
  let name: String

  func result(
    _ measure: String, inFlight: Int, p50: Double = .nan, p99: Double = .nan, callsPerSecond: Double = .nan,
    mbPerSecond: Double = .nan, coldMs: Double = .nan, rttCPU: Double = .nan, samples: Int, extra: String = ""
  ) {
    writeAll(
      1,
      "RESULT name=\(name) server=\(options.label) rtt_p50_us=\(format(p50, 2)) rtt_p99_us=\(format(p99, 2))"
        + " calls_per_s=\(format(callsPerSecond, 1)) mb_per_s=\(format(mbPerSecond, 1)) cold_ms=\(format(coldMs, 4))"
        + " rtt_cpu_us=\(format(rttCPU, 2)) measure=\(measure) in_flight=\(inFlight) samples=\(samples)\(extra)\n")
  }

  func info(_ text: String) {
    writeAll(1, "INFO name=\(name) server=\(options.label) \(text)\n")
  }

  func run() async throws {
    for measurement in options.measurements {
      switch measurement {
      case "rtt": try await measureRTT()
      case "concurrency": try await measureConcurrency()
      case "bulk": try await measureBulk()
      case "cold": try await measureCold()
      case "scaling": try await measureScaling()
      default: break
      }
    }
  }

  func measureRTT() async throws {
    let connection = try await kind.connect(socket: options.socket)
    for _ in 0..<options.warmup { try await connection.ping() }
    var samples: [UInt64] = []
    samples.reserveCapacity(options.calls)
    let before = ProcessUsage.now()
    let start = monotonicNanos()
    let stop = start &+ options.limitNanos
    for _ in 0..<options.calls {
      let t0 = monotonicNanos()
      try await connection.ping()
      let t1 = monotonicNanos()
      samples.append(t1 &- t0)
      if t1 > stop { break }
    }
    let elapsed = monotonicNanos() &- start
    let after = ProcessUsage.now()
    await connection.close()
    samples.sort()
    let calls = Double(samples.count)
    result(
      "rtt", inFlight: 1, p50: percentile(samples, 50) / 1e3, p99: percentile(samples, 99) / 1e3,
      callsPerSecond: calls / (Double(elapsed) / 1e9), rttCPU: (after.cpuSeconds - before.cpuSeconds) / calls * 1e6,
      samples: samples.count)
    info(
      "measure=rtt ctx_switches_per_call=\(format(Double(after.contextSwitches - before.contextSwitches) / calls, 3))"
        + " voluntary_per_call=\(format(Double(after.voluntarySwitches - before.voluntarySwitches) / calls, 3))")
  }

  /// Keeps `inFlight` calls in flight on `connection` until `total` calls are done.
  func inFlightRun(
    _ connection: Kind.Connection, inFlight: Int, total: Int
  ) async throws -> (samples: [UInt64], seconds: Double, cpuPerCall: Double, serverCPUPerCall: Double) {
    let next = CallCounter()
    let before = ProcessUsage.now()
    let serverBefore = options.serverPid.flatMap(processCPUSeconds(pid:))
    let start = monotonicNanos()
    let stop = start &+ options.limitNanos
    let samples = try await withThrowingTaskGroup(of: [UInt64].self) { group in
      for _ in 0..<inFlight {
        group.addTask {
          var local: [UInt64] = []
          local.reserveCapacity(total / inFlight + 1)
          while next.value.wrappingAdd(1, ordering: .relaxed).oldValue < total {
            let t0 = monotonicNanos()
            try await connection.ping()
            let t1 = monotonicNanos()
            local.append(t1 &- t0)
            if t1 > stop { break }
          }
          return local
        }
      }
      var all: [UInt64] = []
      all.reserveCapacity(total)
      for try await local in group { all.append(contentsOf: local) }
      return all
    }
    let seconds = Double(monotonicNanos() &- start) / 1e9
    let after = ProcessUsage.now()
    let serverAfter = options.serverPid.flatMap(processCPUSeconds(pid:))
    let calls = Double(samples.count)
    var serverCPU = Double.nan
    if let serverBefore, let serverAfter { serverCPU = (serverAfter - serverBefore) / calls * 1e6 }
    return (samples.sorted(), seconds, (after.cpuSeconds - before.cpuSeconds) / calls * 1e6, serverCPU)
  }

  func measureConcurrency() async throws {
    let connection = try await kind.connect(socket: options.socket)
    _ = try await inFlightRun(connection, inFlight: options.inFlight, total: max(options.warmup, options.inFlight))
    let run = try await inFlightRun(connection, inFlight: options.inFlight, total: options.concurrentCalls)
    await connection.close()
    result(
      "concurrency", inFlight: options.inFlight, p50: percentile(run.samples, 50) / 1e3,
      p99: percentile(run.samples, 99) / 1e3, callsPerSecond: Double(run.samples.count) / run.seconds,
      samples: run.samples.count,
      extra: " cpu_us_per_call=\(format(run.cpuPerCall, 2)) server_cpu_us_per_call=\(format(run.serverCPUPerCall, 2))")
  }

  func measureScaling() async throws {
    let connection = try await kind.connect(socket: options.socket)
    _ = try await inFlightRun(connection, inFlight: 16, total: options.warmup)
    for level in options.levels {
      let run = try await inFlightRun(connection, inFlight: level, total: max(options.scalingCalls, level * 4))
      result(
        "scaling", inFlight: level, p50: percentile(run.samples, 50) / 1e3, p99: percentile(run.samples, 99) / 1e3,
        callsPerSecond: Double(run.samples.count) / run.seconds, samples: run.samples.count,
        extra:
          " cpu_us_per_call=\(format(run.cpuPerCall, 2)) server_cpu_us_per_call=\(format(run.serverCPUPerCall, 2))")
    }
    await connection.close()
  }

  func measureBulk() async throws {
    let connection = try await kind.connect(socket: options.socket)
    do {
      _ = try await connection.echo([1, 2, 3])
    } catch  where kind.isUnimplemented(error) {
      await connection.close()
      info("measure=bulk skipped: the server has no /resonite_io.test.Echo/Echo")
      writeStandardError("\(name): \(options.label) has no /resonite_io.test.Echo/Echo; bulk skipped\n")
      return
    }
    var payload = [UInt8](repeating: 0, count: options.bulkBytes)
    for index in payload.indices { payload[index] = UInt8(truncatingIfNeeded: index &* 31) }
    for _ in 0..<2 {
      let count = try await connection.echo(payload)
      guard count == payload.count else { throw BenchFailure(description: "echo returned \(count) bytes") }
    }
    var samples: [UInt64] = []
    let stop = monotonicNanos() &+ options.limitNanos
    for _ in 0..<options.bulkIterations {
      if samples.count >= 3 && monotonicNanos() > stop { break }
      let t0 = monotonicNanos()
      let count = try await connection.echo(payload)
      samples.append(monotonicNanos() &- t0)
      guard count == payload.count else { throw BenchFailure(description: "echo returned \(count) bytes") }
    }
    await connection.close()
    samples.sort()
    let seconds = percentile(samples, 50) / 1e9
    result("bulk", inFlight: 1, mbPerSecond: 2 * Double(options.bulkBytes) / seconds / 1e6, samples: samples.count)
  }

  func measureCold() async throws {
    var samples: [UInt64] = []
    let stop = monotonicNanos() &+ options.limitNanos
    for index in 0..<(options.coldIterations + 10) {
      if index > 10 && monotonicNanos() > stop { break }
      let t0 = monotonicNanos()
      let connection = try await kind.connect(socket: options.socket)
      try await connection.ping()
      let elapsed = monotonicNanos() &- t0
      await connection.close()
      if index >= 10 { samples.append(elapsed) }
    }
    samples.sort()
    result("cold", inFlight: 1, coldMs: percentile(samples, 50) / 1e6, samples: samples.count)
  }
}

func writeStandardError(_ text: String) {
  writeAll(2, text)
}

/// A call counter shared by the tasks of an in-flight run.
final class CallCounter: Sendable {
  let value = Atomic<Int>(0)
}
