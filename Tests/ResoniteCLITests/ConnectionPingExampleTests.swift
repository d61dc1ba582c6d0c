import Foundation
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Examples/ConnectionPing")
struct ConnectionPingExampleTests {
  @Test("--demo starts the bundled test server and prints the echo, the server time and the RTT")
  func demo() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.connectionPing("--demo", "--message", "grüß dich 100%")
      #expect(outcome.status == 0, "\(outcome)")
      let lines = outcome.stdoutLines
      try #require(lines.count == 5, "\(outcome)")
      #expect(lines[0].hasPrefix("No Resonite needed: started the bundled test server at "), "\(outcome)")
      #expect(lines[2] == "Echoed:      grüß dich 100%")
      #expect(
        lines[3].wholeMatch(of: /Server time: \d{19} ns since the Unix epoch \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z\)/)
          != nil, "\(outcome)")
      #expect(lines[4].wholeMatch(of: /Round trip:  \d+\.\d{3} ms/) != nil, "\(outcome)")
    }
  }

  @Test("--demo-if-absent with no mod running says so and runs the demo")
  func demoIfAbsentWithoutMod() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.connectionPing(
        "--demo-if-absent", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.first == "No Resonite IO socket found, so this runs the demo.", "\(outcome)")
      #expect(outcome.stdout.contains("started the bundled test server at "))
      #expect(outcome.stdout.contains("Echoed:      hello from ConnectionPing"))
    }
  }

  @Test("--demo-if-absent with a mod running pings that one, not a demo")
  func demoIfAbsentWithMod() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer(named: "resonite-\(getpid()).sock")
      let outcome = try await scratch.connectionPing(
        "--demo-if-absent", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(!outcome.stdout.contains("test server"), "\(outcome)")
      #expect(outcome.stdoutLines.first == "Socket:      \(server.socketPath)", "\(outcome)")
      #expect(outcome.stdout.contains("Echoed:      hello from ConnectionPing"))
      // waitForReady's "wait" ping, then the example's own.
      #expect(server.callCount(path: TestServer.Path.ping) == 2)
    }
  }

  @Test("no mod and no demo: a bounded wait, then exit 1 with advice on stderr")
  func noMod() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.connectionPing(
        "--wait", "0.3", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderr.contains("swift run ConnectionPing --demo"), "\(outcome)")
    }
  }

  @Test("a usage error exits 2, as resoio does")
  func usageErrorExitsTwo() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.connectionPing("--no-such-option")
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stderr.contains("Unknown option"), "\(outcome)")
    }
  }
}
