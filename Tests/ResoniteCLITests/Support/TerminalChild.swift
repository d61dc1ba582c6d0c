import Foundation
import ResoniteTestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Scratch {
  /// Runs the built `resoio` with `stdin` piped in (written, then closed), outputs captured.
  func resoio(
    arguments: [String], stdin: String, environment: [String: String] = [:], timeout: Duration = noHangBound
  ) async throws -> ProcessOutcome {
    let input = path + "/stdin-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: input, contents: Data(stdin.utf8)) else { throw POSIXError(.EIO) }
    return try await ChildProcess.run(
      BuiltProducts.executable("resoio"), arguments, environment: ChildProcess.environment(home: home, environment),
      scratch: path, stdin: .file(input), timeout: timeout)
  }

  /// Starts the built `resoio` with a pseudo-terminal as its stdin and controlling terminal
  /// (stdout and stderr go to files), so that terminal modes and Ctrl-C can be tested.
  /// `ignoring` names signals (`HUP`) the child starts with ignored, as `nohup` starts one.
  func resoioOnTerminal(
    _ arguments: String..., environment: [String: String] = [:], ignoring: [String] = []
  ) throws -> TerminalChild {
    try TerminalChild(
      arguments: arguments, environment: ChildProcess.environment(home: home, environment), scratch: path,
      ignoring: ignoring)
  }
}

/// `resoio` on a pseudo-terminal, in a session of its own whose controlling terminal it is:
/// the test types on the master and reads the terminal's modes through a slave descriptor of
/// its own, while and after the child runs; stdout and stderr go to files.
final class TerminalChild: @unchecked Sendable {
  let child: SpawnedProcess
  private let terminal: PseudoTerminal
  private let slave: Int32
  private let stdoutPath: String
  private let stderrPath: String
  private let started = ContinuousClock.now

  init(arguments: [String], environment: [String: String], scratch: String, ignoring: [String] = []) throws {
    terminal = try PseudoTerminal()
    slave = try terminal.openSlave()
    stdoutPath = scratch + "/stdout-\(UUID().uuidString)"
    stderrPath = scratch + "/stderr-\(UUID().uuidString)"
    let resoio = try BuiltProducts.executable("resoio").path
    // Through a shell that ignores the signals, then execs resoio (exec keeps them ignored).
    let shell = ["-c", "trap '' \(ignoring.joined(separator: " ")); exec \"$0\" \"$@\"", resoio] + arguments
    child = try SpawnedProcess(
      executable: ignoring.isEmpty ? resoio : "/bin/sh", arguments: ignoring.isEmpty ? arguments : shell,
      environment: environment,
      stdin: .terminal(terminal.slavePath), stdout: .file(stdoutPath), stderr: .file(stderrPath), newSession: true)
    // Drain what the terminal echoes, so its buffer never fills.
    let drained = terminal.master
    Thread.detachNewThread {
      var buffer = [UInt8](repeating: 0, count: 4096)
      while read(drained, &buffer, buffer.count) > 0 {}
    }
  }

  /// What the child wrote so far to stdout.
  var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
  /// What the child wrote so far to stderr.
  var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

  /// Types `text` on the terminal (0x03 is Ctrl-C: the line discipline turns it into SIGINT).
  func type(_ text: String) {
    terminal.type(text)
  }

  /// The terminal's local modes (ECHO, ICANON...) as they are now.
  var localModes: tcflag_t {
    var settings = termios()
    _ = tcgetattr(slave, &settings)
    return settings.c_lflag
  }

  var echoes: Bool { localModes & tcflag_t(ECHO) != 0 }
  var canonical: Bool { localModes & tcflag_t(ICANON) != 0 }

  /// Waits until the child switched the terminal out of echo and line mode (keys typed
  /// before that are discarded by its TCSAFLUSH, as with the reference's `tty.setcbreak`).
  func inCbreakMode(timeout: Duration = eventuallyBound) async throws -> Bool {
    try await waitFor(timeout: timeout) { _, _ in !echoes && !canonical }
  }

  /// Waits for the exit (killing the child after `timeout`: status 9).
  func wait(timeout: Duration = noHangBound) async throws -> ProcessOutcome {
    let child = child
    let watchdog = Task.detached {
      try await Task.sleep(for: timeout)
      child.kill(SIGKILL)
    }
    let status = await child.exit()
    watchdog.cancel()
    return ProcessOutcome(status: status, stdout: stdout, stderr: stderr, elapsed: started.duration(to: .now))
  }

  /// Waits until `condition` holds for what the child wrote (stdout, stderr), or `timeout`.
  func waitFor(
    timeout: Duration = eventuallyBound, _ condition: (_ stdout: String, _ stderr: String) -> Bool
  ) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if condition(stdout, stderr) { return true }
      try await Task.sleep(for: .milliseconds(20))
    }
    return condition(stdout, stderr)
  }

  /// Closes the test's ends (the master last: the drain thread then ends).
  func close() {
    Glibc.close(slave)
    terminal.close()
  }
}
