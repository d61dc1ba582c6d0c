import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio info")
struct InfoCommandTests {
  static let info = ServerInfo(
    modVersion: "0.7.0", engineVersion: "2025.11.24.1 (Prüfstand)", platform: .windows, isWine: true,
    resonitePID: 4242, rendererPID: 4343)

  @Test("human: key=value lines in the reference's order, platform lower case, is_wine true/false")
  func human() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.serverInfo = Self.info }
      let outcome = try await scratch.resoio("info", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stderr == "")
      #expect(
        outcome.stdoutLines == [
          "mod_version=0.7.0",
          "engine_version=2025.11.24.1 (Prüfstand)",
          "platform=windows",
          "is_wine=true",
          "resonite_pid=4242",
          "renderer_pid=4343",
        ], "\(outcome)")
    }
  }

  @Test("json: one object with the six keys and typed values")
  func json() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.serverInfo = Self.info
        $0.serverInfo.isWine = false
        $0.serverInfo.platform = .linux
      }
      let outcome = try await scratch.resoio("info", "--format", "json", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome)")
      #expect(object["mod_version"] as? String == "0.7.0")
      #expect(object["engine_version"] as? String == "2025.11.24.1 (Prüfstand)")
      #expect(object["platform"] as? String == "linux")
      #expect(object["is_wine"] as? Bool == false)
      #expect((object["resonite_pid"] as? NSNumber)?.int64Value == 4242)
      #expect((object["renderer_pid"] as? NSNumber)?.int64Value == 4343)
      #expect(object.count == 6)
      #expect(outcome.stdout.contains("\"is_wine\": false,\n"), "a JSON boolean, not a string: \(outcome)")
      let keys = outcome.stdout.matches(of: #/\n  "(\w+)": /#).map { String($0.output.1) }
      #expect(keys == ["mod_version", "engine_version", "platform", "is_wine", "resonite_pid", "renderer_pid"])
    }
  }

  @Test("a mod without the Info service (UNIMPLEMENTED) exits 1 and says to update it")
  func unimplemented() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.serverInfoUnimplemented = true }
      let outcome = try await scratch.resoio("info", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      let lines = outcome.stderrLines
      try #require(lines.count == 2, "\(outcome)")
      #expect(lines[0].hasPrefix("resoio info: UNIMPLEMENTED: "), "\(outcome)")
      #expect(lines[1].contains("update the mod"), "\(outcome)")
    }
  }

  @Test("a failing server: status name and the full message, exit 1")
  func failure() async throws {
    try await withScratch { scratch in
      let message = "Fehler 100% — ¿qué? %7E"
      try await scratch.resoioAgainstServer(
        failingEveryCallWith: CallFailure(code: .unavailable, message: message), "info", "--format", "json",
        firstLine: "resoio info: UNAVAILABLE: \(message)")
    }
  }

  @Test("an unreachable socket exits 1 with the path and `resoio wait`")
  func unreachable() async throws {
    try await withScratch { scratch in
      let missing = scratch.path + "/gone.sock"
      let outcome = try await scratch.resoio("info", "-s", missing)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stderrLines.first?.contains("cannot connect to \(missing): No such file or directory") == true)
      #expect(outcome.stderrLines.last == "is Resonite running with the Resonite IO mod? try `resoio wait`")
    }
  }
}
