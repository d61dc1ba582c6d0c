import Foundation
import ResoniteTestSupport
import ResoniteTestServer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One test's private world: a fresh directory under /tmp (short, so socket paths fit), an
/// empty HOME inside it, and the servers it started. ``close()`` stops them and removes it all.
final class Scratch {
  /// The directory, without a trailing slash.
  let path: String
  /// The HOME given to child processes: empty, so `~/.resonite-io` holds no socket.
  let home: String
  private var servers: [TestServer] = []

  private let directory: TemporaryDirectory

  init() throws {
    directory = try TemporaryDirectory(prefix: "resoio-cli")
    path = directory.path
    home = path + "/home"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
  }

  /// Starts a test server on `<scratch>/<name>` after `configure` adjusted its configuration.
  func startServer(
    named name: String = "resonite-test.sock", _ configure: (inout TestServer.Configuration) -> Void = { _ in }
  ) throws -> TestServer {
    var configuration = TestServer.Configuration(socketPath: path + "/" + name)
    configure(&configuration)
    let server = try TestServer.start(configuration)
    servers.append(server)
    return server
  }

  /// Runs the built `resoio` with `arguments` (HOME = ``home``, no socket variables unless
  /// `environment` sets them).
  func resoio(
    _ arguments: String..., environment: [String: String] = [:], timeout: Duration = noHangBound,
    interruptWhen: (@Sendable () async -> Void)? = nil
  ) async throws -> ProcessOutcome {
    try await resoio(arguments: arguments, environment: environment, timeout: timeout, interruptWhen: interruptWhen)
  }

  /// ``resoio(_:environment:timeout:interruptAfter:)`` with the arguments as an array.
  func resoio(
    arguments: [String], environment: [String: String] = [:], timeout: Duration = noHangBound,
    interruptWhen: (@Sendable () async -> Void)? = nil
  ) async throws -> ProcessOutcome {
    try await run("resoio", arguments, environment: environment, timeout: timeout, interruptWhen: interruptWhen)
  }

  /// Runs the built `ConnectionPing` example with `arguments`.
  func connectionPing(_ arguments: String..., environment: [String: String] = [:]) async throws -> ProcessOutcome {
    try await run("ConnectionPing", arguments, environment: environment, timeout: noHangBound, interruptWhen: nil)
  }

  /// Runs a built example (or any product of the package) by name with `arguments`.
  func example(_ name: String, _ arguments: String..., environment: [String: String] = [:]) async throws
    -> ProcessOutcome
  {
    try await run(name, arguments, environment: environment, timeout: noHangBound, interruptWhen: nil)
  }

  private func run(
    _ name: String, _ arguments: [String], environment: [String: String], timeout: Duration,
    interruptWhen: (@Sendable () async -> Void)?
  ) async throws -> ProcessOutcome {
    try await ChildProcess.run(
      BuiltProducts.executable(name), arguments, environment: ChildProcess.environment(home: home, environment),
      scratch: path, timeout: timeout, interruptWhen: interruptWhen)
  }

  /// Stops the servers and removes the directory.
  func close() {
    servers.forEach { $0.stop() }
    servers = []
    directory.remove()
  }
}

/// Runs `body` with a fresh ``Scratch`` and always cleans it up, on a thread of its own
/// (stopping servers waits for their I/O threads; removing the directory is file-system work).
func withScratch<T>(_ body: (Scratch) async throws -> T) async throws -> T {
  let scratch = UncheckedSendable(try Scratch())
  do {
    let result = try await body(scratch.value)
    await onOwnThread { scratch.value.close() }
    return result
  } catch {
    await onOwnThread { scratch.value.close() }
    throw error
  }
}

/// A value handed to ``onOwnThread(_:)`` while the task that owns it waits for that thread.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
