import ArgumentParser
import Logging
import ResoniteGRPC
import ResoniteIO

/// `resoio shutdown`: ask the engine to quit gracefully (Info.GetServerInfo for its pid, then
/// Lifecycle.Shutdown), as the reference's `lifecycle.shutdown` does.
struct ShutdownCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shutdown",
    abstract: "Ask the engine to quit gracefully (Lifecycle.Shutdown).",
    discussion: """
      The engine quits itself; Steam/Proton reaps the renderer and launch
      wrappers. Prints resonite_pid=N (the engine's host pid, from
      Info.GetServerInfo), or 'resonite not running' when no engine is
      reachable (no socket, nothing listening, or an engine that reports no
      pid); both exit 0. It does not wait for the process to end. Connecting
      and each call give up after 10 seconds.


      """ + socketResolutionHelp)

  @OptionGroup var socketOptions: SocketOptions

  func run() async throws {
    // What the library logs at info level (why nothing was reachable, the ACK) is not for
    // stdout: warnings only, on stderr, as the reference's logging shows.
    let logger = Logger(label: "resoio") { _ in StderrLogHandler() }
    let pid = await shutdown(
      socketPath: socketOptions.explicitPath, options: ServiceCall.options(), logger: logger)
    if Task.isCancelled { throw CancellationError() }
    Console.out(pid.map { "resonite_pid=\($0)" } ?? "resonite not running")
  }
}
