import ArgumentParser
import ResoniteIO

/// `resoio wait`: block until the mod answers Ping, then print the socket path.
struct Wait: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Block until the server answers Connection.Ping (startup readiness).",
    discussion: """
      Polls until Connection.Ping succeeds, then prints the socket path that
      answered. Each attempt resolves the socket afresh (so one that appears
      mid-wait is found and stale ones are skipped), connects, pings, closes.
      Retried: no socket yet, connection refused or reset, FAILED_PRECONDITION
      (the engine is still starting). Any other error, an ambiguous socket, or
      the timeout exits 1 with the reason on stderr. A PID and -s/--socket
      together are a usage error (exit 2). Unlike ping, it does not check the
      mod's version.


      """ + socketResolutionHelp
  )

  @Argument(
    help: "Engine host PID to target (resonite-<pid>.sock in the socket directory); not with -s/--socket.",
    transform: PythonNumber.int32)
  var pid: Int32?

  @Option(
    name: [.customShort("T"), .long], parsing: .unconditional,
    help: "Seconds to wait before failing; 0 or less tries once; inf waits forever.", transform: PythonNumber.float)
  var timeout: Double = 30

  @Option(parsing: .unconditional, help: "Seconds between attempts.", transform: PythonNumber.float)
  var interval: Double = 0.1

  @OptionGroup var socketOptions: SocketOptions

  func validate() throws {
    if pid != nil && socketOptions.socket != nil {
      throw ValidationError("give either a pid or -s/--socket, not both")
    }
    if timeout.isNaN { throw ValidationError("-T/--timeout must be a number of seconds") }
    if !(interval >= 0) {
      throw ValidationError("--interval must be a number of seconds, 0 or more, not \(interval)")
    }
  }

  func run() async throws {
    let target = pid.map { socketPath(forPID: $0) } ?? socketOptions.explicitPath
    do {
      let path = try await waitForReady(
        socketPath: target, timeout: Seconds.limit(timeout), interval: Seconds.pause(interval))
      Console.out(path)
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      throw FailureReport.failure(error, command: "wait")
    }
  }
}
