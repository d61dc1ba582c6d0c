import ArgumentParser
import Foundation
import ResoniteGRPC
import ResoniteIO

/// `resoio ping`: Connection.Ping round trips, like the reference CLI.
struct Ping: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Send Connection.Ping over the socket and report the round-trip time.",
    discussion: """
      Prints one line per ping, message=<m> server_unix_nanos=<n> rtt_ms=<x.xxx>,
      or with --format json one array of {"message", "server_unix_nanos",
      "rtt_ms"} objects (the nanos an exact integer). With -n, a summary follows
      on stderr, as the system ping prints one. The first failed ping ends the
      run with exit status 1. Connecting first checks, once, that the mod's
      version matches this client's; a mismatch is a warning on stderr.


      """ + socketResolutionHelp
  )

  @Option(name: [.short, .long], help: "Text sent in PingRequest.message; a healthy server echoes it.")
  var message: String = "ping"

  @Option(
    name: [.customShort("n"), .long], parsing: .unconditional, help: "Number of pings to send (default: 1).",
    transform: PythonNumber.int)
  var count: Int?

  @Option(
    parsing: .unconditional,
    help: "Timeout in seconds of each ping; the first one's also covers connecting and the version check.",
    transform: PythonNumber.float)
  var timeout: Double = 5.0

  @Option(help: "Output format: human (one line per ping) or json (one array).")
  var format: OutputFormat = .human

  @OptionGroup var socketOptions: SocketOptions

  func validate() throws {
    if let count, count < 0 { throw ValidationError("-n/--count must be 0 or more, not \(count)") }
    if !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds, not \(timeout)") }
  }

  func run() async throws {
    let client = ConnectionClient(socketPath: socketOptions.explicitPath)
    let clock = ContinuousClock()
    // --timeout bounds the whole first ping: connecting, the version probe and the call.
    let firstDeadline = Seconds.limit(timeout).map { clock.now.advanced(by: $0) }
    do {
      try await client.connect(timeout: Seconds.limit(timeout))
    } catch {
      throw FailureReport.failure(error, command: "ping")
    }
    var statistics = PingStatistics()
    var results: [JSONValue] = []
    var failure: CommandFailure?
    for index in 0..<(count ?? 1) {
      statistics.sent += 1
      do {
        let start = clock.now
        var limit = Seconds.limit(timeout)
        if index == 0, let firstDeadline { limit = max(start.duration(to: firstDeadline), .milliseconds(1)) }
        let response = try await client.ping(message, timeout: limit)
        let rtt = start.duration(to: clock.now)
        statistics.record(rtt)
        let rttMilliseconds = PingStatistics.milliseconds(rtt)
        switch format {
        case .human:
          Console.out(
            "message=\(response.message) server_unix_nanos=\(response.serverUnixNanos) "
              + "rtt_ms=\(PingStatistics.format(rttMilliseconds))")
        case .json:
          results.append(
            .object([
              ("message", .string(response.message)),
              ("server_unix_nanos", .integer(response.serverUnixNanos)),
              ("rtt_ms", .number(rttMilliseconds)),
            ]))
        }
      } catch {
        if Task.isCancelled {
          // Ctrl-C: the ping in flight does not count, like the system ping.
          statistics.sent -= 1
        } else {
          failure = pingFailure(error)
        }
        break
      }
    }
    await client.close()
    let interrupted = Task.isCancelled
    if format == .json && failure == nil && !interrupted { Console.out(JSONValue.array(results).text) }
    if let failure { failure.lines.forEach(Console.error) }
    if count != nil || interrupted {
      statistics.summary(socketPath: client.socketPath ?? "?").forEach(Console.error)
    }
    if interrupted { throw CancellationError() }
    if failure != nil { throw CommandFailure(lines: []) }
  }

  private func pingFailure(_ error: any Error) -> CommandFailure {
    var failure = FailureReport.failure(error, command: "ping")
    if let rpc = error as? RPCError, rpc.code == .deadlineExceeded {
      failure.lines.append(
        "no answer within \(PingStatistics.format(timeout)) s (--timeout); the engine may be busy or hung")
    }
    return failure
  }
}
