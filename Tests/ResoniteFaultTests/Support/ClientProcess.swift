import Foundation
import ResoniteGRPC
import ResoniteTestSupport
import Testing

/// Runs the built `resoio` CLI as a child process, optionally as another user.
enum ClientProcess {
  /// Runs `resoio arguments...` (killed after `timeout`), with this process's environment
  /// without the trust opt-out, then `environment` on top.
  ///
  /// - Parameters:
  ///   - uid: run as this user and group id (through `setpriv`).
  ///   - scratch: a directory for the captured output.
  static func resoio(
    _ arguments: [String], uid: UInt32? = nil, environment: [String: String] = [:], scratch: String,
    timeout: Duration = noHangBound
  ) async throws -> ProcessOutcome {
    let binary = try BuiltProducts.executable("resoio")
    var executable = binary
    var commandLine = arguments
    if let uid {
      executable = URL(fileURLWithPath: ServerProcess.setpriv)
      commandLine = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", binary.path] + arguments
    }
    var childEnvironment = ProcessInfo.processInfo.environment
    childEnvironment[ChannelConfiguration.trustAnyPeerEnvironmentVariable] = nil
    childEnvironment.merge(environment) { _, new in new }
    return try await ChildProcess.run(
      executable, commandLine, environment: childEnvironment, scratch: scratch, timeout: timeout)
  }
}
