import ArgumentParser
import ResoniteLauncher

/// `resoio terminate`: stop one Resonite instance by signalling its engine and renderer.
struct Terminate: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Stop Resonite by killing the engine + renderer (SIGTERM -> SIGKILL).",
    discussion: """
      Force-stops the Resonite client: SIGTERM to the engine, then (if it is
      still there after --timeout) SIGKILL, then the same for the renderer.
      Pass the resonite_pid and renderer_pid `resoio launch` printed, or
      neither to find the single running instance of RESONITE_EXE's install
      (default: the Steam install); more than one is an error (exit 1). One
      PID alone is a usage error (exit 2). No gRPC; for a cooperative quit use
      `resoio shutdown`.

      A PID is signalled only when its argv[0] is the engine's
      (.../dotnet-runtime/dotnet) or the renderer's
      (.../Renderer/Renderite.Renderer.exe); another live process is refused
      (exit 1). A PID that is gone is skipped, so it is idempotent. Prints a
      resonite_pid= and/or renderer_pid= line for each PID signalled, or
      `resonite not running`.

      Unlike the reference: a zombie (exited, not yet reaped) counts as gone
      rather than as "not a Resonite process"; after SIGKILL it waits up to a
      second for the process to be gone; a negative --timeout is a usage error
      (the reference crashes after SIGTERM); errors are one plain line.
      -s/--socket is accepted and ignored.
      """
  )

  @OptionGroup var socketOption: IgnoredSocketOption

  @Argument(help: "Engine host PID to kill (resonite_pid from 'resoio launch').", transform: PythonNumber.int)
  var resonitePID: Int?

  @Argument(help: "Renderer host PID to kill (renderer_pid from 'resoio launch').", transform: PythonNumber.int)
  var rendererPID: Int?

  @Option(
    parsing: .unconditional, help: "Seconds to wait after SIGTERM before SIGKILL (inf: never SIGKILL).",
    transform: PythonNumber.float)
  var timeout: Double = 3

  func validate() throws {
    try ProcessControlFailure.validateGrace(timeout)
  }

  func run() async throws {
    if (resonitePID == nil) != (rendererPID == nil) {
      throw CommandFailure(
        lines: [
          "resoio terminate: pass both resonite_pid and renderer_pid, or neither (neither auto-detects the running instance)."
        ], exitCode: 2)
    }
    let result: LaunchResult
    do {
      result = try await ResoniteLauncher().terminate(
        resonitePID: resonitePID, rendererPID: rendererPID, timeout: Seconds.limit(timeout))
    } catch let error as LauncherError {
      throw ProcessControlFailure.failure(error, command: "terminate")
    }
    if result.resonitePID == 0 && result.rendererPID == 0 {
      Console.out("resonite not running")
      return
    }
    if result.resonitePID != 0 { Console.out("resonite_pid=\(result.resonitePID)") }
    if result.rendererPID != 0 { Console.out("renderer_pid=\(result.rendererPID)") }
  }
}
