import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio wait")
struct WaitCommandTests {
  @Test("a ready server: prints the socket path and exits 0, without the version probe")
  func ready() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.serverInfo.modVersion = "0.0.1" }
      let outcome = try await scratch.resoio("wait", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == server.socketPath + "\n")
      #expect(outcome.stderr == "", "no version warning from wait: \(outcome)")
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
      #expect(server.callCount(path: TestServer.Path.getServerInfo) == 0)
    }
  }

  @Test("prints the path it resolved from RESONITE_IO_SOCKET_DIR")
  func resolvedPath() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer(named: "resonite-\(getpid()).sock")
      let outcome = try await scratch.resoio("wait", "-T", "5", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == server.socketPath + "\n")
    }
  }

  @Test("a PID targets resonite-<pid>.sock in the socket directory")
  func pidTarget() async throws {
    try await withScratch { scratch in
      // Two live sockets: plain resolution would be ambiguous, the PID picks one.
      _ = try scratch.startServer(named: "resonite-1.sock")
      let server = try scratch.startServer(named: "resonite-\(getpid()).sock")
      let outcome = try await scratch.resoio(
        "wait", String(getpid()), "-T", "5", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == server.socketPath + "\n")
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
    }
  }

  @Test("after N not-ready (FAILED_PRECONDITION) answers it keeps trying and succeeds")
  func notReadyThenReady() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.failFirstPings = 4 }
      let outcome = try await scratch.resoio("wait", "-s", server.socketPath, "--interval", "0.02")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == server.socketPath + "\n")
      #expect(server.callCount(path: TestServer.Path.ping) == 5)
    }
  }

  @Test("a socket that starts listening late is waited for")
  func listensLate() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.listenDelay = .milliseconds(1500) }
      let outcome = try await scratch.resoio("wait", "-s", server.socketPath, "-T", "10", "--interval", "0.05")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == server.socketPath + "\n")
      #expect(outcome.elapsed >= .milliseconds(500), "it had to retry: \(outcome)")
    }
  }

  @Test("the timeout exits 1 with the reason and the last error on stderr")
  func timeout() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.failFirstPings = 1_000_000 }
      let outcome = try await scratch.resoio("wait", "-s", server.socketPath, "-T", "3", "--interval", "0.05")
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.elapsed >= .seconds(3) && outcome.elapsed < noHangBound, "\(outcome)")
      let first = try #require(outcome.stderrLines.first, "\(outcome)")
      #expect(first.hasPrefix("resoio wait: Resonite IO was not ready within 3.000 s"), "\(outcome)")
      // On a starved machine the last attempt can run out of time before the server answers.
      if SchedulingProbe.machineHasSpareCPU {
        #expect(first.contains("FAILED_PRECONDITION: Resonite engine is not ready yet"), "\(outcome)")
      }
      #expect(server.callCount(path: TestServer.Path.ping) >= 2, "it retried")
    }
  }

  @Test("a status that is not retried exits 1 at once with the status and message")
  func nonRetryableStatus() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.failAll = CallFailure(code: .permissionDenied, message: "nicht erlaubt: 50% ✗")
      }
      let outcome = try await scratch.resoio("wait", "-s", server.socketPath, "-T", "3600")
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stderrLines == ["resoio wait: PERMISSION_DENIED: nicht erlaubt: 50% ✗"], "\(outcome)")
      #expect(server.callCount(path: TestServer.Path.ping) == 1, "not retried: \(outcome)")
      #expect(outcome.elapsed < noHangBound, "not retried until the hour-long timeout: \(outcome)")
    }
  }

  @Test("a PID and -s together is a usage error: exit 2")
  func pidAndSocket() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio("wait", "123", "-s", scratch.path + "/x.sock")
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderr.contains("give either a pid or -s/--socket, not both"), "\(outcome)")
    }
  }

  @Test("Ctrl-C cancels the wait: exit 130 and `interrupted`")
  func interrupted() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.failFirstPings = 1_000_000 }
      // SIGINT once the child is retrying (so its handler is installed), long before -T ends.
      let outcome = try await scratch.resoio(
        "wait", "-s", server.socketPath, "-T", "3600", "--interval", "0.05",
        interruptWhen: {
          // eventually, not server.waitUntil: this task is cancelled if the child ends first, and
          // waitUntil would then spin on a pool thread until its timeout.
          _ = await eventually { server.observations.callCount(path: TestServer.Path.ping) >= 2 }
        })
      #expect(outcome.status == 130, "\(outcome)")
      #expect(outcome.stderrLines == ["resoio: interrupted"], "\(outcome)")
      #expect(outcome.elapsed < noHangBound, "\(outcome)")
    }
  }

  @Test("Ctrl-C during ping -n prints the summary so far and exits 130")
  func interruptedPing() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.responseDelay = .milliseconds(300) }
      let outcome = try await scratch.resoio(
        "ping", "-n", "100000", "-s", server.socketPath,
        interruptWhen: {
          // eventually, not server.waitUntil: this task is cancelled if the child ends first, and
          // waitUntil would then spin on a pool thread until its timeout.
          _ = await eventually { server.observations.callCount(path: TestServer.Path.ping) >= 2 }
        })
      #expect(outcome.status == 130, "\(outcome)")
      #expect(outcome.stdoutLines.count >= 1 && outcome.stdoutLines.count < 100_000, "\(outcome)")
      #expect(outcome.stderr.contains("--- \(server.socketPath) ping statistics ---"), "\(outcome)")
      #expect(outcome.stderr.contains(" received, 0% loss"), "the ping in flight is not a loss: \(outcome)")
      #expect(outcome.stderrLines.last == "resoio: interrupted", "\(outcome)")
    }
  }
}
