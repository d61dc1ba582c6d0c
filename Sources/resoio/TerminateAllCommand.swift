import ArgumentParser
import ResoniteLauncher

/// `resoio terminate-all`: stop every running Resonite instance.
struct TerminateAll: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "terminate-all",
    abstract: "Stop every running Resonite instance (SIGTERM -> SIGKILL); lists pairs.",
    discussion: """
      Force-stops all running Resonite clients of RESONITE_EXE's install
      (default: the Steam install), the multi-instance counterpart of
      `resoio terminate`: each engine and renderer gets SIGTERM, then SIGKILL
      if it is still there after --timeout (per PID, one after the other).

      An engine is paired with the renderer that has the same
      RESONITE_IO_CAMERA_QUEUE in its environment (`resoio launch` gives each
      instance its own), else with a renderer among its descendants; a
      renderer no engine claims is reported alone (resonite_pid=0), an engine
      without a renderer with renderer_pid=0. Prints one
      `resonite_pid=N renderer_pid=M` line per instance signalled and
      `terminated N instance(s)`, or `no running Resonite instances found`;
      --format json prints the list ([] when none). Idempotent. A PID whose
      process is no longer Resonite exits 1. No gRPC.

      Unlike the reference: zombies count as gone, a negative --timeout is a
      usage error, errors are one plain line. -s/--socket is accepted and
      ignored.
      """
  )

  @OptionGroup var socketOption: IgnoredSocketOption

  @Option(
    parsing: .unconditional, help: "Seconds to wait after SIGTERM before SIGKILL, per PID (inf: never SIGKILL).",
    transform: PythonNumber.float)
  var timeout: Double = 3

  @Option(help: "Output format: human (one line per instance and a count) or json (a list).")
  var format: OutputFormat = .human

  func validate() throws {
    try ProcessControlFailure.validateGrace(timeout)
  }

  func run() async throws {
    let results: [LaunchResult]
    do {
      results = try await ResoniteLauncher().terminateAll(timeout: Seconds.limit(timeout))
    } catch let error as LauncherError {
      throw ProcessControlFailure.failure(error, command: "terminate-all")
    }
    switch format {
    case .json:
      Console.out(JSONValue.array(results.map(\.json)).text)
    case .human:
      if results.isEmpty {
        Console.out("no running Resonite instances found")
        return
      }
      for result in results {
        Console.out("resonite_pid=\(result.resonitePID) renderer_pid=\(result.rendererPID)")
      }
      Console.out("terminated \(results.count) instance(s)")
    }
  }
}
