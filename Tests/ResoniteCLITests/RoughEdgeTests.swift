import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The failures a new user hit, each read as a person would: what is at the path, one cause
/// said once, advice only where it applies, and the same failure worded the same by every
/// command.
@Suite("resoio: clear failures")
struct RoughEdgeTests {
  @Test(
    "a regular file or a directory at the path says \"not a socket\", in ping and in wait",
    arguments: ["file", "directory"])
  func notASocket(kind: String) async throws {
    try await withScratch { scratch in
      let path = scratch.path + "/resonite-1.sock"
      if kind == "file" {
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
      } else {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
      }
      let what = kind == "file" ? "a regular file" : "a directory"
      let ping = try await scratch.resoio("ping", "-s", path)
      #expect(ping.status == 1, "\(ping)")
      #expect(
        ping.stderrLines == [
          "resoio ping: UNAVAILABLE: cannot connect to \(path): not a socket (it is \(what)) (errno \(ENOTSOCK))",
          "no server can answer at that path: check -s/--socket and RESONITE_IO_SOCKET",
        ], "\(ping)")
      let wait = try await scratch.resoio("wait", "-s", path, "-T", "0.2")
      #expect(wait.status == 1, "\(wait)")
      #expect(wait.stderrLines.count == 2, "\(wait)")
      #expect(
        wait.stderrLines.first?.hasSuffix(
          "last error: UNAVAILABLE: cannot connect to \(path): not a socket (it is \(what)) (errno \(ENOTSOCK))")
          == true, "\(wait)")
      #expect(!wait.stderr.contains("Connection refused"))
      #expect(!wait.stderr.contains("resoio wait`"), "wait must not advise running wait: \(wait)")
    }
  }

  @Test("a path over the 107-byte limit says so and what to do, at once, in ping and in wait")
  func pathTooLong() async throws {
    try await withScratch { scratch in
      let path = scratch.path + "/" + String(repeating: "x", count: 120) + ".sock"
      for arguments in [["ping", "-s", path], ["wait", "-s", path, "-T", "3600"]] {
        let outcome = try await scratch.resoio(arguments: arguments)
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.elapsed < noHangBound, "not retried until the hour-long timeout: \(outcome)")
        #expect(outcome.stderrLines.first?.contains("a Unix socket path holds at most 107") == true, "\(outcome)")
        #expect(
          outcome.stderrLines.last
            == "use a shorter path: put the socket in a directory nearer the root (RESONITE_IO_SOCKET_DIR)")
        #expect(!outcome.stderr.contains("File name too long"))
        #expect(!outcome.stderr.contains("resoio wait`"))
      }
    }
  }

  @Test("a status the server sent is not followed by advice to run `resoio wait`; its cause appears once")
  func serverStatusInWait() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.failAll = CallFailure(code: .internalError, message: "boom") }
      let outcome = try await scratch.resoio("wait", "-s", server.socketPath, "-T", "5")
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stderrLines == ["resoio wait: INTERNAL: boom"], "\(outcome)")
    }
  }

  @Test("an empty server message reads as such, not as `INTERNAL: ` with nothing after it")
  func emptyServerMessage() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.failAll = CallFailure(code: .internalError, message: "") }
      let outcome = try await scratch.resoio("ping", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stderrLines.first == "resoio ping: INTERNAL: (the server sent no message)", "\(outcome)")
    }
  }

  @Test("the server's deadline message gives seconds, not grpc-timeout units")
  func deadlineInSeconds() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer { $0.responseDelay = .seconds(30) }
      let outcome = try await scratch.resoio("ping", "-s", server.socketPath, "--timeout", "0.25")
      #expect(outcome.status == 1, "\(outcome)")
      let first = try #require(outcome.stderrLines.first)
      #expect(first.hasPrefix("resoio ping: DEADLINE_EXCEEDED: "), "\(outcome)")
      #expect(!first.contains("m)") && !first.contains("grpc-timeout"), "\(outcome)")
    }
  }

  @Test("ping --timeout bounds the whole command, the version probe included")
  func pingTimeoutBoundsProbe() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.responseDelay = unreachedWait
        $0.honoursClientTimeouts = false
      }
      let outcome = try await scratch.resoio("ping", "-s", server.socketPath, "--timeout", "0.5")
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.elapsed < noHangBound, "\(outcome)")
      // The probe's own 5 s must not stretch a 0.5 s ping: every call the command made asked
      // for at most what was left of the 0.5 s.
      let requests = server.receivedRequests
      #expect(!requests.isEmpty)
      for request in requests {
        let timeout = try #require(request.header("grpc-timeout").flatMap(Self.grpcTimeout), "\(request.path)")
        #expect(timeout <= .milliseconds(500), "\(request.path) asked for \(timeout)")
      }
      #expect(outcome.stderrLines.first?.contains("DEADLINE_EXCEEDED") == true, "\(outcome)")
    }
  }

  @Test(
    "a negative number after a short option gets the same message as after the long one",
    arguments: [
      (["ping", "-n", "-1"], ["ping", "--count=-1"]),
      (["ping", "--timeout", "-2"], ["ping", "--timeout=-2"]),
      (["wait", "--interval", "-1"], ["wait", "--interval=-1"]),
    ])
  func negativeNumbers(short: [String], long: [String]) async throws {
    try await withScratch { scratch in
      let a = try await scratch.resoio(arguments: short)
      let b = try await scratch.resoio(arguments: long)
      #expect(a.status == 2 && b.status == 2, "\(a) \(b)")
      #expect(a.stderrLines.first == b.stderrLines.first, "\(a) \(b)")
      #expect(a.stderrLines.first?.contains("Missing value") == false)
    }
  }

  @Test("wait -T -1 tries once, as the reference's argparse reads it")
  func waitNegativeTimeout() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("wait", "-s", server.socketPath, "-T", "-1")
      // One attempt: it succeeds, unless a loaded machine held it past its own deadline, and then
      // there is no second one.
      #expect(server.callCount(path: TestServer.Path.ping) <= 1)
      if outcome.status == 0 {
        #expect(outcome.stdout == server.socketPath + "\n")
      } else {
        #expect(outcome.status == 1 && outcome.stderr.contains("(1 attempt)"), "\(outcome)")
      }
    }
  }

  /// A `grpc-timeout` header value (digits and a unit, gRPC over HTTP/2) as a duration.
  static func grpcTimeout(_ value: String) -> Duration? {
    guard let unit = value.last, let amount = Int64(value.dropLast()) else { return nil }
    switch unit {
    case "H": return .seconds(amount * 3600)
    case "M": return .seconds(amount * 60)
    case "S": return .seconds(amount)
    case "m": return .milliseconds(amount)
    case "u": return .microseconds(amount)
    case "n": return .nanoseconds(amount)
    default: return nil
    }
  }
}
