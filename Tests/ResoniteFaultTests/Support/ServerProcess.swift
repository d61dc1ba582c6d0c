import Foundation
import Testing

/// The built `resoio-test-server` running as a separate process, so a test can SIGKILL it or
/// run it as another user. Nothing here blocks the cooperative pool: reads of its output run
/// on their own thread, and its exit arrives through `terminationHandler`.
final class ServerProcess: @unchecked Sendable {
  let socketPath: String
  let pid: Int32
  private let process: Process
  private let stderrPath: String
  private let exits: AsyncStream<Int32>
  private let lock = NSLock()
  private var status: Int32?

  /// The server did not come up.
  struct LaunchFailure: Error, CustomStringConvertible {
    var description: String
  }

  /// `setpriv`, which runs a program under another uid/gid (util-linux).
  static let setpriv = "/usr/bin/setpriv"

  /// The directory holding the test bundle and the built executables.
  static var productsDirectory: URL? {
    var candidates: [String] = []
    if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { candidates.append(exe) }
    candidates += Bundle.allBundles.map(\.bundlePath)
    if let first = CommandLine.arguments.first { candidates.append(URL(fileURLWithPath: first).standardizedFileURL.path) }
    for candidate in candidates {
      var directory = URL(fileURLWithPath: candidate).deletingLastPathComponent()
      for _ in 0..<4 {
        if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("resoio-test-server").path) {
          return directory
        }
        directory = directory.deletingLastPathComponent()
      }
    }
    return nil
  }

  /// Starts `resoio-test-server --socket socketPath arguments...` and returns once it prints its
  /// socket path (it accepts connections from then on).
  ///
  /// - Parameters:
  ///   - uid: run as this user and group id (through `setpriv`), or as this process's user.
  ///   - scratch: a directory for its stderr log.
  static func launch(
    socketPath: String, arguments: [String] = [], uid: UInt32? = nil, scratch: String
  ) async throws -> ServerProcess {
    let directory = try #require(
      productsDirectory, "resoio-test-server not found near the test bundle; build every product first")
    let binary = directory.appendingPathComponent("resoio-test-server").path
    let process = Process()
    var commandLine = [binary, "--socket", socketPath] + arguments
    if let uid {
      commandLine = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups"] + commandLine
      process.executableURL = URL(fileURLWithPath: setpriv)
    } else {
      process.executableURL = URL(fileURLWithPath: commandLine.removeFirst())
    }
    process.arguments = commandLine
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
    let server = ServerProcess(
      process: process, socketPath: socketPath, stderrPath: stderrPath, exits: exits)
    let reader = output.fileHandleForReading
    let line = await onOwnThread { Self.readLine(reader, timeout: .seconds(60)) }
    guard line == socketPath else {
      server.kill(SIGKILL)
      _ = await server.exitStatus()
      throw LaunchFailure(
        description: "resoio-test-server did not announce \(socketPath) (got \(line ?? "nothing")); "
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
  func kill(_ signal: Int32) {
    if process.isRunning { _ = Glibc.kill(pid, signal) }
  }

  /// Waits (without blocking a thread) for the server to exit; its status, or the signal number
  /// when a signal ended it.
  func exitStatus() async -> Int32 {
    if let status = lock.withLock({ status }) { return status }
    for await code in exits { lock.withLock { status = code } }
    return lock.withLock { status } ?? -1
  }

  /// Everything the server wrote on stderr so far.
  func stderrText() -> String {
    (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
  }

  /// Polls the stderr log until `predicate` holds on it or `timeout` passes.
  func waitForStderr(timeout: Duration = .seconds(20), _ predicate: (String) -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if predicate(stderrText()) { return true }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return predicate(stderrText())
  }

  /// Reads one line from `handle`, or nil after `timeout` or at EOF. Blocking: call it on a
  /// thread of its own.
  static func readLine(_ handle: FileHandle, timeout: Duration) -> String? {
    let deadline = ContinuousClock.now + timeout
    var bytes: [UInt8] = []
    let fd = handle.fileDescriptor
    while ContinuousClock.now < deadline {
      var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&pfd, 1, 50) > 0 else { continue }
      var byte: UInt8 = 0
      guard read(fd, &byte, 1) == 1 else { return nil }
      if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(byte)
    }
    return nil
  }
}
