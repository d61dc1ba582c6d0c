import Foundation
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// The README's Swift quick start is Examples/QuickStart, verbatim, and it runs: it talks to a
/// mod when there is one, and without one it ends with a message and exit 1, never a trap.
@Suite("Example: QuickStart (the README's quick start)")
struct QuickStartExampleTests {
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test("the README shows Examples/QuickStart/QuickStart.swift exactly")
  func readmeMatchesTheExample() throws {
    let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
    let source = try String(
      contentsOf: Self.repository.appendingPathComponent("Examples/QuickStart/QuickStart.swift"), encoding: .utf8)
    #expect(
      readme.contains("```swift\n" + source + "```\n"), "README.md's quick start differs from Examples/QuickStart")
  }

  @Test("against a running mod it prints the echo and the mod's version")
  func runsAgainstAMod() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.example("QuickStart", environment: ["RESONITE_IO_SOCKET": server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.first?.hasPrefix("echo: hello, server time: ") == true, "\(outcome)")
      #expect(outcome.stdoutLines.last == "mod 0.7.0 on linux", "\(outcome)")
    }
  }

  @Test("with no mod it fails with one plain line and exit 1, not a backtrace")
  func failsPlainlyWithoutAMod() async throws {
    try await withScratch { scratch in
      let unusable = scratch.path + "/" + String(repeating: "x", count: 120) + ".sock"
      let outcome = try await scratch.example("QuickStart", environment: ["RESONITE_IO_SOCKET": unusable])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stderrLines.count == 1, "\(outcome)")
      #expect(outcome.stderrLines.first?.hasPrefix("the call failed: ") == true, "\(outcome)")
    }
  }
}
