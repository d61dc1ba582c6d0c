import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio shutdown")
struct ShutdownCommandTests {
  @Test("prints resonite_pid=N (from Info) and sends Lifecycle.Shutdown; again: the same line")
  func shutdown() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.serverInfo.resonitePID = 4242 }
      let outcome = try await scratch.resoio("shutdown", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["resonite_pid=4242"], "\(outcome)")
      #expect(outcome.stderr == "", "the library's info logs are not shown")
      #expect(server.mod.lifecycle.shutdownRequested)
      let again = try await scratch.resoio("shutdown", "-s", server.socketPath)
      #expect(again.stdoutLines == ["resonite_pid=4242"], "\(again)")
      #expect(server.mod.lifecycle.shutdownCalls == 2)
    }
  }

  @Test("nothing reachable (no socket, or Info failing) or pid 0: 'resonite not running', exit 0")
  func notRunning() async throws {
    try await withScratch { scratch in
      let none = try await scratch.resoio("shutdown", "-s", scratch.path + "/none.sock")
      #expect(none.status == 0, "\(none)")
      #expect(none.stdoutLines == ["resonite not running"], "\(none)")
      let resolved = try await scratch.resoio("shutdown")
      #expect(resolved.stdoutLines == ["resonite not running"], "no socket found under HOME: \(resolved)")
      let failing = try scratch.startServer(named: "failing.sock") {
        $0.failures["/resonite_io.v1.Info/GetServerInfo"] = CallFailure(code: .unavailable, message: "gone")
      }
      let infoFails = try await scratch.resoio("shutdown", "-s", failing.socketPath)
      #expect(infoFails.stdoutLines == ["resonite not running"], "\(infoFails)")
      #expect(!failing.mod.lifecycle.shutdownRequested)
      let zero = try scratch.startServer(named: "zero.sock") { $0.serverInfo.resonitePID = 0 }
      let noPID = try await scratch.resoio("shutdown", "-s", zero.socketPath)
      #expect(noPID.status == 0, "\(noPID)")
      #expect(noPID.stdoutLines == ["resonite not running"], "\(noPID)")
    }
  }

  @Test("a failing Shutdown RPC still prints the pid (the engine may drop the connection as it exits)")
  func shutdownFails() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.serverInfo.resonitePID = 77
        $0.failures["/resonite_io.v1.Lifecycle/Shutdown"] = CallFailure(code: .unavailable, message: "exiting")
      }
      let outcome = try await scratch.resoio("shutdown", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["resonite_pid=77"], "\(outcome)")
    }
  }

  @Test("no --format (exit 2); --help")
  func usage() async throws {
    try await withScratch { scratch in
      let json = try await scratch.resoio("shutdown", "--format", "json")
      #expect(json.status == 2, "\(json)")
      let help = try await scratch.resoio("shutdown", "--help")
      #expect(help.status == 0, "\(help)")
      #expect(help.stdout.contains("resonite not running"), "\(help)")
    }
  }
}
