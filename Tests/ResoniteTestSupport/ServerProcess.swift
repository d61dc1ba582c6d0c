import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The built `resoio-test-server` running as a separate process, so a test can SIGKILL it or
/// run it as another user. Nothing here blocks the cooperative pool: reads of its output run
/// on their own thread, and its exit arrives through `terminationHandler`.
public final class ServerProcess: @unchecked Sendable {
  public let socketPath: String
  public let pid: Int32
  private let process: Process
  private let stderrPath: String
  private let exits: AsyncStream<Int32>
  private let lock = NSLock()
  private var status: Int32?

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
    let process = Process()
    var commandLine = [binary] + (socketPath.map { ["--socket", $0] } ?? []) + arguments
    if let uid {
      commandLine = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups"] + commandLine
      process.executableURL = URL(fileURLWithPath: setpriv)
    } else {
      process.executableURL = URL(fileURLWithPath: commandLine.removeFirst())
    }
    process.arguments = commandLine
    if let environment { process.environment = environment }
    let stderrPath = scratch + "/server-\(UUID().uuidString.prefix(8)).stderr"
    #expect(FileManager.default.createFile(atPath: stderrPath, contents: nil))
    let stderrHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
    process.standardError = stderrHandle
    process.standardInput = FileHandle.nullDevice
    let output = Pipe()
    process.standardOutput = output
    let (exits, continuation) = AsyncStream.makeStream(of: Int32.self)
    process.terminationHandler = { finished in
      continuation.yield(finished.terminationStatus)
      continuation.finish()
    }
    try process.run()
    try? stderrHandle.close()  // the child has its own copy
    let reader = output.fileHandleForReading
    let line = await onOwnThread { LineReader.readLine(fd: reader.fileDescriptor, timeout: noHangBound) }
    let server = ServerProcess(
      process: process, socketPath: line ?? "", stderrPath: stderrPath, exits: exits)
    guard let line, !line.isEmpty, socketPath == nil || line == socketPath else {
      server.kill(SIGKILL)
      _ = await server.exitStatus()
      throw LaunchFailure(
        description: "resoio-test-server did not announce \(socketPath ?? "a socket") (got \(line ?? "nothing")); "
          + "stderr: \(server.stderrText())")
    }
    return server
  }

  private init(process: Process, socketPath: String, stderrPath: String, exits: AsyncStream<Int32>) {
    self.process = process
    self.pid = process.processIdentifier
    self.socketPath = socketPath
    self.stderrPath = stderrPath
    self.exits = exits
  }

  /// Sends `signal` to the server (nothing once it has exited).
  public func kill(_ signal: Int32) {
    if process.isRunning { _ = Glibc.kill(pid, signal) }
  }

  /// Waits (without blocking a thread) for the server to exit; its status, or the signal number
  /// when a signal ended it.
  public func exitStatus() async -> Int32 {
    if let status = lock.withLock({ status }) { return status }
    for await code in exits { lock.withLock { status = code } }
    return lock.withLock { status } ?? -1
  }

  /// Everything the server wrote on stderr so far.
  public func stderrText() -> String {
    (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
  }

  /// Polls the stderr log until `predicate` holds on it or `timeout` passes.
  public func waitForStderr(timeout: Duration = eventuallyBound, _ predicate: (String) -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if predicate(stderrText()) { return true }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return predicate(stderrText())
  }
}
