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

/// Runs built executables as real processes, with their output captured in files (no pipe can
/// fill up and stall them).
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
  /// - Parameter interruptWhen: when set, SIGINT is sent as soon as it returns (unless the child
  ///   has exited by then).
  public static func run(
    _ executable: URL, _ arguments: [String], environment: [String: String], scratch: String,
    timeout: Duration = .seconds(60), interruptWhen: (@Sendable () async -> Void)? = nil
  ) async throws -> ProcessOutcome {
    let outPath = scratch + "/stdout-\(UUID().uuidString)"
    let errPath = scratch + "/stderr-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: outPath, contents: nil),
      FileManager.default.createFile(atPath: errPath, contents: nil)
    else { throw POSIXError(.EIO) }
    let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))

    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = outHandle
    process.standardError = errHandle

    let (exits, exitContinuation) = AsyncStream.makeStream(of: Int32.self)
    process.terminationHandler = { finished in
      exitContinuation.yield(finished.terminationStatus)
      exitContinuation.finish()
    }
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    let pid = process.processIdentifier
    let reportPath = scratch + "/hang-\(UUID().uuidString)"
    let watchdog = Task.detached {
      try await Task.sleep(for: timeout)
      await onOwnThread { Self.recordThreads(of: pid, into: reportPath) }
      kill(pid, SIGKILL)
    }
    let interruptTime = InterruptTime()
    let interrupter = interruptWhen.map { ready in
      Task.detached {
        await ready()
        if !Task.isCancelled {
          interruptTime.set(start.duration(to: clock.now))
          kill(pid, SIGINT)
        }
      }
    }
    var status: Int32 = -1
    for await exitStatus in exits { status = exitStatus }
    // Only a child that exits at the very moment its timeout fires could leave a reused pid
    // to the kill above; cancelling here closes that window for everything else.
    watchdog.cancel()
    interrupter?.cancel()
    let elapsed = start.duration(to: clock.now)
    try outHandle.close()
    try errHandle.close()
    let stdout = String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self)
    let stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
    let report = try? String(contentsOfFile: reportPath, encoding: .utf8)
    return ProcessOutcome(
      status: status, stdout: stdout, stderr: stderr, elapsed: elapsed, interruptedAfter: interruptTime.value,
      hangReport: report)
  }

  /// Writes every thread's backtrace of process `pid` to `path` with gdb, when it is installed
  /// (a diagnostic for hangs; CI machines may not have it).
  private static func recordThreads(of pid: Int32, into path: String) {
    let gdb = "/usr/bin/gdb"
    guard FileManager.default.isExecutableFile(atPath: gdb),
      FileManager.default.createFile(atPath: path, contents: nil),
      let output = FileHandle(forWritingAtPath: path)
    else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: gdb)
    process.arguments = ["-batch", "-p", String(pid), "-ex", "thread apply all bt 30"]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output
    do {
      try process.run()
      process.waitUntilExit()  // on the watchdog's own thread (see run)
    } catch {
      // No report then; the kill that follows still ends the child.
    }
    try? output.close()
  }
}

/// When the SIGINT went out, set from the interrupter task.
private final class InterruptTime: @unchecked Sendable {
  private let lock = NSLock()
  private var duration: Duration?
  func set(_ value: Duration) { lock.withLock { duration = value } }
  var value: Duration? { lock.withLock { duration } }
}
