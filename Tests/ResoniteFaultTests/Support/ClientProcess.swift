import Foundation
import ResoniteGRPC
import Testing

/// Runs the built `resoio` CLI as a child process (optionally as another user) and waits for
/// it without blocking a thread.
enum ClientProcess {
  struct Outcome: CustomStringConvertible {
    var status: Int32
    var stderr: String
    var description: String { "exit \(status); stderr: \(stderr)" }
  }

  /// Runs `resoio arguments...`; killed after `timeout`.
  ///
  /// - Parameters:
  ///   - uid: run as this user and group id (through `setpriv`).
  ///   - environment: added to this process's environment.
  static func resoio(
    _ arguments: [String], uid: UInt32? = nil, environment: [String: String] = [:], scratch: String,
    timeout: Duration = .seconds(60)
  ) async throws -> Outcome {
    let directory = try #require(ServerProcess.productsDirectory, "build products not found")
    let binary = directory.appendingPathComponent("resoio").path
    try #require(FileManager.default.isExecutableFile(atPath: binary), "resoio is not built in \(directory.path)")
    let process = Process()
    if let uid {
      process.executableURL = URL(fileURLWithPath: ServerProcess.setpriv)
      process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", binary] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = arguments
    }
    var childEnvironment = ProcessInfo.processInfo.environment
    childEnvironment[ChannelConfiguration.trustAnyPeerEnvironmentVariable] = nil
    childEnvironment.merge(environment) { _, new in new }
    process.environment = childEnvironment
    let stderrPath = scratch + "/resoio-\(UUID().uuidString.prefix(8)).stderr"
    #expect(FileManager.default.createFile(atPath: stderrPath, contents: nil))
    let stderrHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
    process.standardError = stderrHandle
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    let (exits, continuation) = AsyncStream.makeStream(of: Int32.self)
    process.terminationHandler = { finished in
      continuation.yield(finished.terminationStatus)
      continuation.finish()
    }
    try process.run()
    let pid = process.processIdentifier
    let watchdog = Task.detached {
      try await Task.sleep(for: timeout)
      kill(pid, SIGKILL)
    }
    var status: Int32 = -1
    for await code in exits { status = code }
    watchdog.cancel()
    try stderrHandle.close()
    let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    return Outcome(status: status, stderr: stderr)
  }
}

