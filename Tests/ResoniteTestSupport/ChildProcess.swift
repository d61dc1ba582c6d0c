public import Foundation

/// What a finished child process left behind.
public struct ProcessOutcome: CustomStringConvertible, Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  public var elapsed: Duration
  /// When SIGINT was sent (after the start), if it was.
  public var interruptedAfter: Duration? = nil
  /// The child's thread backtraces, taken with gdb (when installed) just before the timeout
  /// killed it: what a hang was stuck in.
  public var hangReport: String? = nil

  public init(
    status: Int32, stdout: String, stderr: String, elapsed: Duration, interruptedAfter: Duration? = nil,
    hangReport: String? = nil
  ) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
    self.elapsed = elapsed
    self.interruptedAfter = interruptedAfter
    self.hangReport = hangReport
  }

  /// stdout split into lines, without the empty piece after the last newline.
  public var stdoutLines: [String] { Self.lines(stdout) }
  /// stderr split into lines, without the empty piece after the last newline.
  public var stderrLines: [String] { Self.lines(stderr) }

  public var description: String {
    var text = "exit \(status) after \(elapsed)"
    if let interruptedAfter { text += ", SIGINT sent after \(interruptedAfter)" }
    text += "\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)"
    if let hangReport { text += "--- threads of the hung child (gdb) ---\n\(hangReport)" }
    return text
  }

  private static func lines(_ text: String) -> [String] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }
}

/// Runs built executables as real processes (``SpawnedProcess``), with their output captured in
/// files (no pipe can fill up and stall them).
public enum ChildProcess {
  /// The child's environment: this process's, without the socket variables, with HOME set to
  /// `home` (so `~/.resonite-io` is an empty, private place), then `environment` on top.
  public static func environment(home: String, _ extra: [String: String]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["RESONITE_IO_SOCKET"] = nil
    environment["RESONITE_IO_SOCKET_DIR"] = nil
    environment["HOME"] = home
    environment.merge(extra) { _, new in new }
    return environment
  }

  /// Runs `executable` with `arguments` and waits for it; after `timeout` it is killed (and the
  /// outcome shows exit status 9 from the signal).
  ///
  /// - Parameters:
  ///   - stdin: the child's stdin (by default /dev/null).
  ///   - interruptWhen: when set, SIGINT is sent as soon as it returns (unless the child has
  ///     exited by then).
  public static func run(
    _ executable: URL, _ arguments: [String], environment: [String: String], scratch: String,
    stdin: SpawnedProcess.Stream = .null, timeout: Duration = noHangBound,
    interruptWhen: (@Sendable () async -> Void)? = nil
  ) async throws -> ProcessOutcome {
    let outPath = scratch + "/stdout-\(UUID().uuidString)"
    let errPath = scratch + "/stderr-\(UUID().uuidString)"
    let clock = ContinuousClock()
    let start = clock.now
    let child = try await SpawnedProcess.spawn(
      executable: executable.path, arguments: arguments, environment: environment, stdin: stdin,
      stdout: .file(outPath), stderr: .file(errPath))
    let reportPath = scratch + "/hang-\(UUID().uuidString)"
    let watchdog = Task.detached {
      try await Task.sleep(for: timeout)
      await Self.recordThreads(of: child.pid, into: reportPath)
      child.kill(SIGKILL)
    }
    let interruptTime = InterruptTime()
    let interrupter = interruptWhen.map { ready in
      Task.detached {
        await ready()
        if !Task.isCancelled {
          interruptTime.set(start.duration(to: clock.now))
          child.kill(SIGINT)
        }
      }
    }
    let status = await child.exit()
    watchdog.cancel()
    interrupter?.cancel()
    let elapsed = start.duration(to: clock.now)
    let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    let report = try? String(contentsOfFile: reportPath, encoding: .utf8)
    return ProcessOutcome(
      status: status, stdout: stdout, stderr: stderr, elapsed: elapsed, interruptedAfter: interruptTime.value,
      hangReport: report)
  }

  /// Writes every thread's backtrace of process `pid` to `path` with gdb, when it is installed
  /// (a diagnostic for hangs; CI machines may not have it).
  private static func recordThreads(of pid: Int32, into path: String) async {
    let gdb = "/usr/bin/gdb"
    guard FileManager.default.isExecutableFile(atPath: gdb),
      let debugger = try? SpawnedProcess(
        executable: gdb, arguments: ["-batch", "-p", String(pid), "-ex", "thread apply all bt 30"],
        environment: ProcessInfo.processInfo.environment, stdout: .file(path), stderr: .null)
    else { return }
    _ = await debugger.exit()
  }
}

/// When the SIGINT went out, set from the interrupter task.
private final class InterruptTime: @unchecked Sendable {
  private let lock = NSLock()
  private var duration: Duration?
  func set(_ value: Duration) { lock.withLock { duration = value } }
  var value: Duration? { lock.withLock { duration } }
}
