import ResoniteTestServer
import ResoniteTestSupport
import Testing

extension Scratch {
  /// Runs `resoio` with `arguments` plus `-s SOCKET` against a new test server failing every
  /// call with `failure`, and checks what every command prints then: exit 1, nothing on stdout,
  /// and `firstLine` (`resoio <command>: <STATUS>: <message>`, the message whole) first on
  /// stderr. Returns the outcome and the server, for the command's own checks.
  @discardableResult
  func resoioAgainstServer(
    failingEveryCallWith failure: CallFailure, _ arguments: String..., firstLine: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws -> (outcome: ProcessOutcome, server: TestServer) {
    let server = try startServer { $0.failAll = failure }
    let outcome = try await resoio(arguments: arguments + ["-s", server.socketPath])
    #expect(outcome.status == 1, "\(outcome)", sourceLocation: sourceLocation)
    #expect(outcome.stdout == "", sourceLocation: sourceLocation)
    #expect(outcome.stderrLines.first == firstLine, "\(outcome)", sourceLocation: sourceLocation)
    return (outcome, server)
  }
}
