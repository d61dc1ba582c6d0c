import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio ping")
struct PingCommandTests {
  @Test("one ping prints message=<m> server_unix_nanos=<exact n> rtt_ms=<x.xxx>, nothing on stderr")
  func humanLine() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.handlers[TestServer.Path.ping] = FixedClockPing.handler }
      let outcome = try await scratch.resoio("ping", "-m", "héllo wörld 100%", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stderr == "", "\(outcome)")
      let lines = outcome.stdoutLines
      try #require(lines.count == 1, "\(outcome)")
      let prefix = "message=héllo wörld 100% server_unix_nanos=\(FixedClockPing.nanos) rtt_ms="
      #expect(lines[0].hasPrefix(prefix), "\(outcome)")
      let rtt = String(lines[0].dropFirst(prefix.count))
      #expect(rtt.wholeMatch(of: /\d+\.\d{3}/) != nil, "rtt_ms \(rtt) should have three decimals")
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
    }
  }

  @Test("the default message is \"ping\", and a real server clock is printed in full")
  func defaultMessageAndLiveClock() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let before = Int64(Date().timeIntervalSince1970 * 1e9)
      let outcome = try await scratch.resoio("ping", "-s", server.socketPath)
      let after = Int64(Date().timeIntervalSince1970 * 1e9)
      #expect(outcome.status == 0, "\(outcome)")
      let match = try #require(
        outcome.stdout.wholeMatch(of: /message=ping server_unix_nanos=(\d+) rtt_ms=\d+\.\d{3}\n/), "\(outcome)")
      let nanos = try #require(Int64(match.output.1))
      #expect(nanos >= before - 1_000_000_000 && nanos <= after + 1_000_000_000)
    }
  }

  @Test("ping -n 3 prints three lines and a summary on stderr like the system ping")
  func countSummary() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("ping", "-n", "3", "-m", "x", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.count == 3, "\(outcome)")
      #expect(outcome.stdoutLines.allSatisfy { $0.hasPrefix("message=x server_unix_nanos=") })
      let stderr = outcome.stderrLines
      try #require(stderr.count == 3, "\(outcome)")
      #expect(stderr[0] == "--- \(server.socketPath) ping statistics ---")
      #expect(stderr[1] == "3 sent, 3 received, 0% loss")
      let rtt = try #require(
        stderr[2].wholeMatch(of: /rtt min\/avg\/max\/stddev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/))
      let (minimum, mean, maximum) = (Double(rtt.output.1)!, Double(rtt.output.2)!, Double(rtt.output.3)!)
      #expect(minimum <= mean && mean <= maximum, "\(stderr[2])")
      #expect(server.callCount(path: TestServer.Path.ping) == 3)
    }
  }

  @Test("--format json prints one array with the nanos as an exact integer")
  func jsonArray() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.handlers[TestServer.Path.ping] = FixedClockPing.handler }
      let message = "quote \" backslash \\ 日本 %41"
      let outcome = try await scratch.resoio(
        "ping", "-n", "2", "--format", "json", "-m", message, "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stderr.hasPrefix("--- "), "only the -n summary goes to stderr: \(outcome)")
      let parsed = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
      let array = try #require(parsed as? [[String: Any]], "one JSON array of objects: \(outcome)")
      #expect(array.count == 2)
      for object in array {
        #expect(Set(object.keys) == ["message", "server_unix_nanos", "rtt_ms"])
        #expect(object["message"] as? String == message)
        #expect((object["rtt_ms"] as? NSNumber).map { $0.doubleValue >= 0 } == true)
      }
      // Exact digits in the text itself: a Double would have printed ...768 or 1.764e+18.
      let exact = outcome.stdout.matches(of: /"server_unix_nanos": (\d+),/).map { String($0.output.1) }
      #expect(exact == [String(FixedClockPing.nanos), String(FixedClockPing.nanos)], "\(outcome)")
      #expect(outcome.stdout.hasPrefix("[\n  {\n    \"message\": "), "Python json.dumps(indent=2) layout")
    }
  }

  @Test("--timeout with a slow server exits 1 naming DEADLINE_EXCEEDED")
  func timeoutDeadlineExceeded() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.responseDelay = .seconds(1) }
      let outcome = try await scratch.resoio("ping", "--timeout", "0.2", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "", "\(outcome)")
      #expect(outcome.stderrLines.first?.hasPrefix("resoio ping: DEADLINE_EXCEEDED: ") == true, "\(outcome)")
      #expect(outcome.stderr.contains("0.200 s (--timeout)"), "\(outcome)")
    }
  }

  @Test("an unreachable socket exits 1 naming the path, the errno text and `resoio wait`")
  func unreachableSocket() async throws {
    try await withScratch { scratch in
      let missing = scratch.path + "/resonite-none.sock"
      let outcome = try await scratch.resoio("ping", "-s", missing)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(
        outcome.stderrLines == [
          "resoio ping: UNAVAILABLE: cannot connect to \(missing): No such file or directory (errno \(ENOENT))",
          "is Resonite running with the Resonite IO mod? try `resoio wait`",
        ], "\(outcome)")
    }
  }

  @Test("a socket file nobody listens on reports connection refused")
  func refusedSocket() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.listenDelay = .seconds(600) }
      let outcome = try await scratch.resoio("ping", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(
        outcome.stderrLines.first?.contains("cannot connect to \(server.socketPath): Connection refused") == true,
        "\(outcome)")
      #expect(outcome.stderr.contains("try `resoio wait`"))
    }
  }

  @Test("no socket to resolve exits 1 with the pattern searched and what to set")
  func noSocketResolved() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio("ping", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stderrLines.count == 1, "\(outcome)")
      #expect(
        outcome.stderr.hasPrefix("resoio ping: No live Resonite IO socket matched '\(scratch.path)/resonite-*.sock'"))
      #expect(outcome.stderr.contains("RESONITE_IO_SOCKET"))
    }
  }

  @Test("ping resolves the socket from RESONITE_IO_SOCKET_DIR like the mod binds it")
  func resolvesFromDirectory() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer(named: "resonite-\(getpid()).sock")
      let outcome = try await scratch.resoio("ping", "-n", "1", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stderrLines.first == "--- \(server.socketPath) ping statistics ---", "\(outcome)")
    }
  }

  @Test("a server failing every call: status name and the full non-ASCII, %-bearing message")
  func failAllMessageIntact() async throws {
    try await withScratch { scratch in
      let message = "Kaputt: 100% ✗ 日本語 %41 %% (décodé)"
      let (outcome, server) = try await scratch.resoioAgainstServer(
        failingEveryCallWith: CallFailure(code: .internalError, message: message), "ping", "-n", "2",
        firstLine: "resoio ping: INTERNAL: \(message)")
      #expect(outcome.stderr.contains("1 sent, 0 received, 100% loss"), "the run stops at the failure: \(outcome)")
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
    }
  }

  @Test("a not-ready engine (FAILED_PRECONDITION) exits 1 and points at `resoio wait`")
  func notReady() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.failFirstPings = 1 }
      let outcome = try await scratch.resoio("ping", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(
        outcome.stderrLines == [
          "resoio ping: FAILED_PRECONDITION: Resonite engine is not ready yet",
          "the engine is not ready yet; `resoio wait` waits until it is",
        ], "\(outcome)")
    }
  }

  @Test("ping runs the version probe: a mod of another version gives a warning on stderr")
  func versionMismatchWarning() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.serverInfo.modVersion = "0.6.9" }
      let outcome = try await scratch.resoio("ping", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.count == 1)
      let warning = try #require(outcome.stderrLines.first, "\(outcome)")
      #expect(warning.hasPrefix("resoio: warning: "), "\(outcome)")
      #expect(warning.contains("0.6.9") && warning.contains(ResoniteIOContract.modVersion), "\(outcome)")
      #expect(server.callCount(path: TestServer.Path.getServerInfo) == 1)
    }
  }
}
