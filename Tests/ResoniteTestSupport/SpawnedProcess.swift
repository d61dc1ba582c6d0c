import CResoniteTestSupport
import Foundation
import Synchronization

#if canImport(Glibc)
  public import Glibc
#endif

/// A child process started with `posix_spawn` and reaped by a thread of its own.
///
/// Not Foundation's `Process`: on Linux its `run()` crashes now and then while listing
/// `/proc/self/fd` (a 256-byte over-read of each `dirent`, swift-corelibs-foundation #5472, in
/// Swift 6.3.1): with the thousand-odd descriptors a parallel test run holds at its peak, the
/// listing fills glibc's 32 KiB directory buffer and the over-read runs off its end. Here the
/// child gets stdin, stdout and stderr as asked, every other descriptor of this process closed
/// in the child (`closefrom`, no listing), an empty signal mask and SIGINT, SIGTERM and SIGPIPE
/// at their default action (a test's worker thread may block signals its children must not
/// inherit).
public final class SpawnedProcess: Sendable {
  /// Where one of the child's standard streams goes.
  public enum Stream: Sendable {
    /// /dev/null.
    case null
    /// The file at this path, created or truncated (for stdin: read).
    case file(String)
    /// This descriptor of the parent (duplicated into the child).
    case descriptor(Int32)
    /// The terminal at this path, opened read-write in the child: with `newSession`, it becomes
    /// the child's controlling terminal (a session leader opening a terminal without O_NOCTTY).
    case terminal(String)
  }

  /// The child's process id.
  public let pid: Glibc.pid_t
  private let status = Mutex<Int32?>(nil)
  private let waiters = Mutex<[CheckedContinuation<Int32, Never>]>([])

  /// ``init(executable:arguments:environment:stdin:stdout:stderr:directory:newSession:)`` on a
  /// thread of its own: posix_spawn holds its thread until the child has exec'd, which on a
  /// loaded machine takes long enough to stall the cooperative pool's two threads.
  public static func spawn(
    executable: String, arguments: [String], environment: [String: String], stdin: Stream = .null,
    stdout: Stream = .null, stderr: Stream = .null, directory: String? = nil, newSession: Bool = false
  ) async throws -> SpawnedProcess {
    try await tryOnOwnThread {
      try SpawnedProcess(
        executable: executable, arguments: arguments, environment: environment, stdin: stdin, stdout: stdout,
        stderr: stderr, directory: directory, newSession: newSession)
    }
  }

  /// Starts `executable` with `arguments` (argv[1...]) in `environment`, in `directory` (this
  /// process's when nil), in a new session (setsid) when `newSession`.
  public init(
    executable: String, arguments: [String], environment: [String: String], stdin: Stream = .null,
    stdout: Stream = .null, stderr: Stream = .null, directory: String? = nil, newSession: Bool = false
  ) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (fd, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
      switch stream {
      case .null:
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
      case .file(let path):
        posix_spawn_file_actions_addopen(
          &actions, fd, path, fd == 0 ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      case .descriptor(let parent):
        posix_spawn_file_actions_adddup2(&actions, parent, fd)
      case .terminal(let path):
        posix_spawn_file_actions_addopen(&actions, fd, path, O_RDWR, 0)
      }
    }
    try Self.check(resonite_test_spawn_close_from(&actions, 3))
    if let directory { try Self.check(resonite_test_spawn_chdir(&actions, directory)) }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    // POSIX_SPAWN_SETSID is glibc's 0x80 (not imported: _GNU_SOURCE).
    let flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | (newSession ? 0x80 : 0)
    posix_spawnattr_setflags(&attributes, Int16(flags))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    try Self.check(posix_spawn(&child, executable, &actions, &attributes, argv, envp))
    pid = child
    let reaper = Thread { [self] in reap() }
    reaper.name = "reaper \(child)"
    reaper.start()
  }

  private static func check(_ result: Int32) throws {
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
  }

  private func reap() {
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (macros Swift does not import): the exit
    // code, or the signal number when a signal ended it.
    let code = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : raw & 0x7f
    // The status is set under the waiters' lock, which ``exit()`` and ``kill(_:)`` hold too.
    let pending = waiters.withLock { waiting in
      status.withLock { $0 = code }
      defer { waiting.removeAll() }
      return waiting
    }
    for waiter in pending { waiter.resume(returning: code) }
  }

  /// The exit code (or the signal number), once the child has been reaped.
  public var exitCode: Int32? { status.withLock { $0 } }

  /// Waits, without blocking a thread, until the child has exited and been reaped; its exit code,
  /// or the signal number when a signal ended it.
  public func exit() async -> Int32 {
    await withCheckedContinuation { continuation in
      let done: Int32? = waiters.withLock { waiting in
        if let code = status.withLock({ $0 }) { return code }
        waiting.append(continuation)
        return nil
      }
      if let done { continuation.resume(returning: done) }
    }
  }

  /// Sends `signal` unless the child has already been reaped (its pid could be reused).
  public func kill(_ signal: Int32) {
    waiters.withLock { _ in
      if status.withLock({ $0 }) == nil { _ = Glibc.kill(pid, signal) }
    }
  }
}
