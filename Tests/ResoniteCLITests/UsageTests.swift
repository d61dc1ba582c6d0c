import ResoniteTestSupport
import Testing

@Suite("resoio usage and help")
struct UsageTests {
  @Test("every subcommand's --help explains socket resolution", arguments: ["ping", "wait", "info"])
  func helpExplainsResolution(subcommand: String) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio(subcommand, "--help")
      #expect(outcome.status == 0, "\(outcome)")
      for needle in [
        "RESONITE_IO_SOCKET,", "RESONITE_IO_SOCKET_DIR", "~/.resonite-io/", "resonite-<pid>.sock", "Stale sockets",
      ] {
        #expect(outcome.stdout.contains(needle), "\(subcommand) --help lacks \(needle): \(outcome)")
      }
      #expect(outcome.stdout.contains("-s, --socket <socket>"))
    }
  }

  @Test(
    "usage errors exit 2, like the reference (argparse)",
    arguments: [
      ["ping", "--format", "xml"],
      ["ping", "-n", "many"],
      ["ping", "--timeout", "0"],
      ["info", "--no-such-flag"],
      ["wait", "notapid"],
      ["frobnicate"],
    ])
  func usageErrors(arguments: [String]) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio(arguments: arguments)
      #expect(outcome.status == 2, "\(arguments): \(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderr.contains("Usage: resoio") || outcome.stderr.contains("USAGE: resoio"), "\(outcome)")
    }
  }
}
