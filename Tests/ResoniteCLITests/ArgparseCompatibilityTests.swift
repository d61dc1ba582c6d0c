import Foundation
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// What argparse accepts and ArgumentParser alone would not: unique prefixes of long options
/// and the number forms of Python's `int()` and `float()`, so scripts written for the reference
/// run unchanged. Each case runs the real `resoio` against the test server.
@Suite("argparse compatibility: option prefixes, Python numbers, completions")
struct ArgparseCompatibilityTests {
  static var pingLine: Regex<(Substring, Substring)> { #/message=(.*) server_unix_nanos=\d+ rtt_ms=\d+\.\d{3}/# }

  @Test(
    "unique long-option prefixes expand, with a value after them or after =",
    arguments: [
      ["ping", "--mess", "hi", "--cou", "2"], ["ping", "--m=hi", "-n", "2"],
      ["ping", "--message", "hi", "--c=2", "--time", "5"],
    ])
  func prefixes(arguments: [String]) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(arguments: arguments + ["--sock", server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.count == 2, "\(outcome)")
      #expect(outcome.stdoutLines.allSatisfy { $0.wholeMatch(of: Self.pingLine)?.output.1 == "hi" }, "\(outcome)")
    }
  }

  @Test("an ambiguous prefix is a usage error naming the candidates; an unknown one is ArgumentParser's")
  func ambiguousAndUnknown() async throws {
    try await withScratch { scratch in
      let ambiguous = try await scratch.resoio("world", "sessions", "--s", "x")
      #expect(ambiguous.status == 2, "\(ambiguous)")
      #expect(
        ambiguous.stderrLines.first == "Error: ambiguous option: --s could match --search, --socket", "\(ambiguous)")
      #expect(ambiguous.stderr.contains("Usage: resoio world sessions"), "\(ambiguous)")
      let unknown = try await scratch.resoio("ping", "--zzz")
      #expect(unknown.status == 2, "\(unknown)")
      #expect(unknown.stderr.contains("Unknown option '--zzz'"), "\(unknown)")
    }
  }

  @Test("prefixes resolve among the options of the command they follow; nothing after -- is touched")
  func scopeAndTerminator() async throws {
    try await withScratch { scratch in
      let version = try await scratch.resoio("--vers")
      #expect(version.status == 0 && version.stdout.hasPrefix("resoio "), "\(version)")
      // --sea is a prefix of `world sessions`'s --search, not of any option of `world`'s.
      let beforeSessions = try await scratch.resoio("world", "--sea", "x", "sessions")
      #expect(beforeSessions.status == 2, "\(beforeSessions)")
      #expect(beforeSessions.stderr.contains("'--sea'"), "\(beforeSessions)")
      // terminate's PIDs after --: a text starting with --so stays a positional (not --socket).
      let terminated = try await scratch.resoio("terminate", "--", "--so", "1")
      #expect(terminated.status == 2, "'--so' is no PID: \(terminated)")
      #expect(terminated.stderr.contains("'--so'"), "\(terminated)")
    }
  }

  @Test(
    "Python int() and float() forms are accepted",
    arguments: [
      ["-n", "1_0"], ["-n", " 10 "], ["-n", "+10"], ["--count", "１０"], ["-n", "10", "--timeout", "1e1"],
      ["-n", "10", "--timeout", " 5_0.0_1 "], ["-n", "10", "--timeout", "inf"], ["-n", "10", "--timeout", "Infinity"],
    ])
  func pythonNumbers(arguments: [String]) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(arguments: ["ping"] + arguments + ["-s", server.socketPath])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.count == 10, "\(outcome)")
    }
  }

  @Test(
    "what Python's int() and float() refuse is a usage error (2)",
    arguments: [
      ["ping", "-n", "1__0"], ["ping", "-n", "_1"], ["ping", "-n", "1.0"], ["ping", "-n", "0x10"],
      ["ping", "--timeout", "0x1p3"],
      ["ping", "--timeout", "1e"], ["ping", "--timeout", "."], ["world", "sessions", "--page", "-1"],
      ["world", "focus", "2147483648"],
      ["grabber", "state", "--radius", "nan(1)"],
    ])
  func refusedNumbers(arguments: [String]) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio(arguments: arguments + ["-s", scratch.path + "/none.sock"])
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stderr.contains("invalid"), "\(outcome)")
    }
  }

  @Test("number forms on positionals and Float options: world focus +1, session settings set --away-kick-minutes 1_5")
  func positionalsAndFloats() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let focus = try await scratch.resoio("world", "focus", " +1 ", "-s", server.socketPath)
      #expect(focus.status == 0, "\(focus)")
      let set = try await scratch.resoio("session", "settings", "set", "--away-kick-m", "1_5", "-s", server.socketPath)
      #expect(set.status == 0, "\(set)")
      #expect(set.stdout.contains("15"), "\(set)")
    }
  }

  @Test("shell completion scripts: bash, zsh and fish, naming the subcommands", arguments: ["bash", "zsh", "fish"])
  func completions(shell: String) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio("--generate-completion-script", shell)
      #expect(outcome.status == 0, "\(outcome)")
      for command in ["ping", "drive", "grabber", "terminate-all", "world"] {
        #expect(outcome.stdout.contains(command), "\(shell) script names \(command)")
      }
      if shell == "bash" {
        #expect(outcome.stdout.contains("complete -o filenames -F"), "\(outcome.stdout.prefix(400))")
        let path = scratch.path + "/resoio.bash"
        try outcome.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try await ChildProcess.run(
          URL(fileURLWithPath: "/bin/bash"), ["-n", path], environment: [:], scratch: scratch.path)
        #expect(check.status == 0, "bash -n accepts the script: \(check)")
      }
    }
  }
}
