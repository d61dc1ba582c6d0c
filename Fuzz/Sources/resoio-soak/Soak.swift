// resoio-soak: long-running resource check of the client against a running test server
// (scripts/soak.sh starts a separate resoio-test-server process and runs this).
//
//   resoio-soak --socket PATH [--pings N] [--cycles N] [--in-flight K] [--server-pid PID]
//
// Phase 1 makes N Pings (default 1 000 000) over one connection, K at a time (default 1);
// phase 2 makes N connect-Ping-close cycles (default 10 000), each on a new connection. Open
// file descriptors (/proc/self/fd), threads (/proc/self/task) and resident memory (VmRSS) of
// this process, and of the server when --server-pid is given, are printed before, during and
// after. Exits 1 when a call failed, an echo was wrong, or descriptors or threads were left
// behind after the cycles.
import Foundation
import ResoniteIO
import ResoniteLauncher

@main
struct Soak {
  static func main() async {
    let options: Options
    do {
      options = try Options(CommandLine.arguments.dropFirst())
    } catch {
      FileHandle.standardError.write(Data("resoio-soak: \(error)\n\(Options.usage)\n".utf8))
      exit(2)
    }
    let report = Report(serverPID: options.serverPID)
    let started = ContinuousClock.now
    report.sample("start")

    var failures = 0
    // Phase 1: many Pings over one connection.
    let client = ConnectionClient(socketPath: options.socketPath)
    do {
      try await client.connect()
    } catch {
      say("connect failed: \(error)")
      exit(1)
    }
    failures += await pingBurst(client, count: min(1_000, options.pings), inFlight: options.inFlight, label: "warm-up")
    report.sample("after warm-up (1 connection)")
    let baseline = report.last
    let pingStart = ContinuousClock.now
    var done = 0
    let step = max(options.pings / 10, 1)
    while done < options.pings {
      let n = min(step, options.pings - done)
      failures += await pingBurst(client, count: n, inFlight: options.inFlight, label: "ping")
      done += n
      report.sample("pings \(done)")
    }
    let pingTime = pingStart.duration(to: .now)
    await client.close()
    report.sample("after close")
    let idle = report.last

    // Phase 2: connect-Ping-close cycles.
    let cycleStart = ContinuousClock.now
    var cycles = 0
    let cycleStep = max(options.cycles / 10, 1)
    while cycles < options.cycles {
      let n = min(cycleStep, options.cycles - cycles)
      for i in 0..<n {
        let fresh = ConnectionClient(socketPath: options.socketPath)
        do {
          try await fresh.connect()
          let text = "cycle-\(cycles + i)"
          let reply = try await fresh.ping(text, timeout: .seconds(10))
          if reply.message != text { failures += 1 }
        } catch {
          failures += 1
          if failures <= 5 { say("cycle \(cycles + i) failed: \(error)") }
        }
        await fresh.close()
      }
      cycles += n
      report.sample("cycles \(cycles)")
    }
    let cycleTime = cycleStart.duration(to: .now)
    let end = report.last

    say("")
    say(
      String(
        format: "pings:  %d in %.1f s (%.0f/s, %d in flight)", options.pings, pingTime.seconds,
        Double(options.pings) / max(pingTime.seconds, 1e-9), options.inFlight))
    say(
      String(
        format: "cycles: %d in %.1f s (%.2f ms each)", options.cycles, cycleTime.seconds,
        cycleTime.seconds * 1000 / Double(max(options.cycles, 1))))
    say(String(format: "wall:   %.1f s", started.duration(to: .now).seconds))
    say("client, warm (1 connection open) -> after the pings: RSS \(baseline.client.rssKB) -> \(idle.client.rssKB) kB")
    say(
      "client, idle after the pings -> after the cycles (no connection open in either): fds \(idle.client.fds) -> \(end.client.fds), threads \(idle.client.threads) -> \(end.client.threads), RSS \(idle.client.rssKB) -> \(end.client.rssKB) kB"
    )
    if let before = baseline.server, let after = end.server {
      say(
        "server, warm -> end: fds \(before.fds) -> \(after.fds), threads \(before.threads) -> \(after.threads), RSS \(before.rssKB) -> \(after.rssKB) kB"
      )
    }
    say("failures: \(failures)")
    // Descriptors must come back exactly; the runtime may keep a worker thread or two more
    // (10 000 leaked connection threads would not hide in that).
    let leaked = end.client.fds > idle.client.fds || end.client.threads > idle.client.threads + 2
    if leaked { say("LEAK: descriptors or threads left behind") }
    exit(failures == 0 && !leaked ? 0 : 1)
  }

  /// `count` Pings, `inFlight` at a time; returns how many failed or echoed wrong.
  static func pingBurst(_ client: ConnectionClient, count: Int, inFlight: Int, label: String) async -> Int {
    await withTaskGroup(of: Int.self) { group in
      let workers = max(1, min(inFlight, count))
      for worker in 0..<workers {
        let share = count / workers + (worker < count % workers ? 1 : 0)
        group.addTask {
          var failed = 0
          for i in 0..<share {
            let text = "\(label)-\(worker)-\(i)"
            do {
              let reply = try await client.ping(text, timeout: .seconds(10))
              if reply.message != text { failed += 1 }
            } catch {
              failed += 1
              if failed <= 3 { say("\(label) failed: \(error)") }
            }
          }
          return failed
        }
      }
      return await group.reduce(0, +)
    }
  }
}

struct Options {
  static let usage = "usage: resoio-soak --socket PATH [--pings N] [--cycles N] [--in-flight K] [--server-pid PID]"
  var socketPath = ""
  var pings = 1_000_000
  var cycles = 10_000
  var inFlight = 1
  var serverPID: Int32?

  init(_ arguments: ArraySlice<String>) throws {
    var rest = arguments
    while let flag = rest.popFirst() {
      guard let value = rest.popFirst() else { throw OptionError("\(flag) needs a value") }
      switch flag {
      case "--socket": socketPath = value
      case "--pings": pings = try Self.number(value, flag)
      case "--cycles": cycles = try Self.number(value, flag)
      case "--in-flight": inFlight = max(1, try Self.number(value, flag))
      case "--server-pid": serverPID = Int32(try Self.number(value, flag))
      default: throw OptionError("unknown option \(flag)")
      }
    }
    guard !socketPath.isEmpty else { throw OptionError("--socket is required") }
  }

  static func number(_ text: String, _ flag: String) throws -> Int {
    guard let n = Int(text.replacingOccurrences(of: "_", with: "")), n >= 0, n <= Int(Int32.max) else {
      throw OptionError("\(flag) takes a non-negative number, not \(text)")
    }
    return n
  }
}

struct OptionError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Samples of /proc figures, printed as a table as they are taken.
final class Report {
  struct Figures {
    var fds = 0
    var threads = 0
    var rssKB = 0
  }

  struct Sample {
    var client: Figures
    var server: Figures?
  }

  let serverPID: Int32?
  private(set) var last = Sample(client: Figures(), server: nil)
  private let start = ContinuousClock.now

  init(serverPID: Int32?) {
    self.serverPID = serverPID
    var header = "     time  client: fds threads   RSS kB"
    if serverPID != nil { header += "   server: fds threads   RSS kB" }
    say(header + "  point")
  }

  func sample(_ label: String) {
    let client = Self.figures(pid: getpid())
    let server = serverPID.map { Self.figures(pid: $0) }
    last = Sample(client: client, server: server)
    var line = String(
      format: "%8.1fs  %11d %7d %8d", start.duration(to: .now).seconds, client.fds, client.threads, client.rssKB)
    if let server { line += String(format: "  %11d %7d %8d", server.fds, server.threads, server.rssKB) }
    say(line + "  " + label)
  }

  static func figures(pid: Int32) -> Figures {
    // ProcessTable lists /proc reading each name in place (FileManager's listing copies
    // `d_name` out of its record, an over-read: swift-corelibs-foundation #5472).
    let table = ProcessTable()
    var figures = Figures()
    // Listing /proc/PID/fd opens one descriptor of our own while it runs; it is counted the
    // same way every time, so comparisons hold.
    figures.fds = table.fileDescriptors(of: pid)?.count ?? -1
    figures.threads = table.threadIDs(of: pid)?.count ?? -1
    if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    {
      figures.rssKB = Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return figures
  }
}

/// Prints a line at once (unbuffered, so that a pipe to tee shows progress).
func say(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

extension Duration {
  var seconds: Double {
    let (s, atto) = components
    return Double(s) + Double(atto) / 1e18
  }
}
