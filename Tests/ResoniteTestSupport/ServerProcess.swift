import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The built `resoio-test-server` running as a separate process, so a test can SIGKILL it or
/// run it as another user. Nothing here blocks the cooperative pool: reads of its output run
/// on their own thread, and its exit is awaited (``SpawnedProcess``).
public final class ServerProcess: Sendable {
  public let socketPath: String
  public let pid: Int32
  private let child: SpawnedProcess
  private let stderrPath: String
  private let output: Int32

  /// The server did not come up.
  public struct LaunchFailure: Error, CustomStringConvertible {
    public var description: String
  }

  /// `setpriv`, which runs a program under another uid/gid (util-linux).
  public static let setpriv = "/usr/bin/setpriv"

  /// Starts `resoio-test-server --socket socketPath arguments...` and returns once it prints its
  /// socket path (it accepts connections from then on).
  ///
  /// - Parameters:
  ///   - socketPath: the socket to bind, which the server must announce; nil: no `--socket`
  ///     (the server picks the mod's place), and ``socketPath`` is what it announced.
  ///   - uid: run as this user and group id (through `setpriv`), or as this process's user.
  ///   - environment: the server's environment (this process's when nil).
  ///   - scratch: a directory for its stderr log.
  public static func launch(
    socketPath: String?, arguments: [String] = [], uid: UInt32? = nil, environment: [String: String]? = nil,
    scratch: String
  ) async throws -> ServerProcess {
    let binary = try BuiltProducts.executable("resoio-test-server").path
    var commandLine = [binary] + (socketPath.map { ["--socket", $0] } ?? []) + arguments
    var executable = binary
    if let uid {
      executable = setpriv
      commandLine = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups"] + commandLine
    } else {
      commandLine.removeFirst()
    }
    let stderrPath = scratch + "/server-\(UUID().uuidString.prefix(8)).stderr"
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    let child: SpawnedProcess
    do {
      child = try await SpawnedProcess.spawn(
        executable: executable, arguments: commandLine, environment: environment ?? ProcessInfo.processInfo.environment,
        stdout: .descriptor(fds[1]), stderr: .file(stderrPath))
    } catch {
      close(fds[0])
      close(fds[1])
      throw error
    }
    close(fds[1])  // the child has its own copy: EOF once it exits
    let reader = fds[0]
    let line = await onOwnThread { LineReader.readLine(fd: reader, timeout: noHangBound) }
    // The read end stays open while the server runs: a write to a closed pipe would kill it.
    let server = ServerProcess(child: child, socketPath: line ?? "", stderrPath: stderrPath, output: reader)
    guard let line, !line.isEmpty, socketPath == nil || line == socketPath else {
      server.kill(SIGKILL)
      _ = await server.exitStatus()
      throw LaunchFailure(
        description: "resoio-test-server did not announce \(socketPath ?? "a socket") (got \(line ?? "nothing")); "
          + "stderr: \(server.stderrText())")
    }
    return server
  }

  private init(child: SpawnedProcess, socketPath: String, stderrPath: String, output: Int32) {
    self.output = output
    self.child = child
    self.pid = child.pid
    self.socketPath = socketPath
    self.stderrPath = stderrPath
  }

  deinit { close(output) }

  /// Sends `signal` to the server (nothing once it has exited and been reaped).
  public func kill(_ signal: Int32) {
    child.kill(signal)
  }

  /// Waits (without blocking a thread) for the server to exit; its status, or the signal number
  /// when a signal ended it.
  public func exitStatus() async -> Int32 {
    await child.exit()
  }

  /// Everything the server wrote on stderr so far.
  public func stderrText() -> String {
    (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
  }

  /// Polls the stderr log until `predicate` holds on it or `timeout` passes (in a cancelled
  /// task: looks once, as ``eventually(timeout:_:)`` does).
  public func waitForStderr(timeout: Duration = eventuallyBound, _ predicate: (String) -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline && !Task.isCancelled {
      if predicate(stderrText()) { return true }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return predicate(stderrText())
  }
}
