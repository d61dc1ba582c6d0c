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
    let child = try SpawnedChild(
      arguments: arguments, environment: ChildProcess.environment(home: home, environment), scratch: path,
      stdinPath: input, setsid: false)
    return try await child.wait(timeout: timeout)
  }

  /// Starts the built `resoio` with a pseudo-terminal as its stdin and controlling terminal
  /// (stdout and stderr go to files), so that terminal modes and Ctrl-C can be tested.
  func resoioOnTerminal(_ arguments: String..., environment: [String: String] = [:]) throws -> TerminalChild {
    try TerminalChild(
      arguments: arguments, environment: ChildProcess.environment(home: home, environment), scratch: path)
  }
}

/// A child started with posix_spawn: stdin from a path (a file, or a terminal that becomes its
/// controlling terminal when `setsid`), stdout and stderr to files.
final class SpawnedChild: @unchecked Sendable {
  let pid: pid_t
  let stdoutPath: String
  let stderrPath: String
  private let started = ContinuousClock.now

  init(arguments: [String], environment: [String: String], scratch: String, stdinPath: String, setsid: Bool) throws {
    let executable = try BuiltProducts.executable("resoio").path
    stdoutPath = scratch + "/stdout-\(UUID().uuidString)"
    stderrPath = scratch + "/stderr-\(UUID().uuidString)"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Opened in the child after setsid(): a session leader opening a terminal without
    // O_NOCTTY makes it its controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDWR, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    SpawnedProcess.closeInheritedDescriptors(&actions)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // POSIX_SPAWN_SETSID (glibc, 0x80) and POSIX_SPAWN_SETSIGMASK: a new session, SIGINT unblocked.
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    let flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | (setsid ? 0x80 : 0)
    posix_spawnattr_setflags(&attributes, Int16(flags))
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
    pid = child
  }

  /// What the child wrote so far to stdout.
  var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
  /// What the child wrote so far to stderr.
  var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

  /// Waits for the exit (killing the child after `timeout`: status 9).
  func wait(timeout: Duration = noHangBound) async throws -> ProcessOutcome {
    let deadline = ContinuousClock.now + timeout
    var status: Int32 = 0
    while true {
      let done = waitpid(pid, &status, WNOHANG)
      if done == pid { break }
      if ContinuousClock.now > deadline {
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        break
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (macros Swift does not import).
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : status & 0x7f
    return ProcessOutcome(status: code, stdout: stdout, stderr: stderr, elapsed: started.duration(to: .now))
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
}

/// `resoio` on a pseudo-terminal: the test holds the master (to type) and the slave (to read
/// the terminal's modes while and after the child runs).
final class TerminalChild: @unchecked Sendable {
  let child: SpawnedChild
  let master: Int32
  let slave: Int32

  init(arguments: [String], environment: [String: String], scratch: String) throws {
    // posix_openpt/grantpt/unlockpt/ptsname are not imported into Swift (XOPEN); on Linux they
    // are /dev/ptmx plus two ioctls (grantpt is a no-op with devpts).
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    guard master >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    var unlock: Int32 = 0
    var number: UInt32 = 0
    let tiocsptlck: UInt = 0x4004_5431
    let tiocgptn: UInt = 0x8004_5430
    guard ioctl(master, tiocsptlck, &unlock) == 0, ioctl(master, tiocgptn, &number) == 0 else {
      Glibc.close(master)
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    let slavePath = "/dev/pts/\(number)"
    let slave = open(slavePath, O_RDWR | O_NOCTTY)
    guard slave >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    self.master = master
    self.slave = slave
    child = try SpawnedChild(
      arguments: arguments, environment: environment, scratch: scratch, stdinPath: slavePath, setsid: true)
    // Drain what the terminal echoes, so its buffer never fills.
    let drained = master
    Thread.detachNewThread {
      var buffer = [UInt8](repeating: 0, count: 4096)
      while read(drained, &buffer, buffer.count) > 0 {}
    }
  }

  /// Types `text` on the terminal (0x03 is Ctrl-C: the line discipline turns it into SIGINT).
  func type(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
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

  func wait(timeout: Duration = noHangBound) async throws -> ProcessOutcome {
    try await child.wait(timeout: timeout)
  }

  func waitFor(timeout: Duration = eventuallyBound, _ condition: (String, String) -> Bool) async throws -> Bool {
    try await child.waitFor(timeout: timeout, condition)
  }

  /// Closes the test's ends (the master last: the drain thread then ends).
  func close() {
    Glibc.close(slave)
    Glibc.close(master)
  }
}
