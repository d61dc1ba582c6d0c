import Foundation
import Logging
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import Synchronization
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A home directory that must never be used: every test here names its socket directory.
let unusedHomeDirectory = "/nonexistent-home-for-resoio-tests"

/// The socket file name the mod would bind for this (live) process.
var ownSocketName: String { "resonite-\(getpid()).sock" }

/// A temporary socket directory and the test servers started in it, torn down together.
final class Fixture: Sendable {
  /// The directory, searched by ``environment``.
  let directory: TemporaryDirectory
  private let servers = Mutex<[TestServer]>([])

  init() throws {
    directory = try TemporaryDirectory()
  }

  /// The environment that makes socket resolution search ``directory`` only.
  var environment: [String: String] { ["RESONITE_IO_SOCKET_DIR": directory.path] }

  /// `directory/name`.
  func path(_ name: String) -> String { directory.path + "/" + name }

  /// Starts a test server at `directory/name` (the mod's own naming for this process by
  /// default); it is stopped by the teardown.
  @discardableResult
  func startServer(
    named name: String = ownSocketName, _ configure: (inout TestServer.Configuration) -> Void = { _ in }
  ) throws -> TestServer {
    var configuration = TestServer.Configuration(socketPath: path(name))
    configure(&configuration)
    let server = try TestServer.start(configuration)
    servers.withLock { $0.append(server) }
    return server
  }

  /// Stops every server and removes the directory.
  func tearDown() async {
    let all = servers.withLock { servers in
      defer { servers.removeAll() }
      return servers
    }
    let directory = directory
    await onOwnThread {
      for server in all { server.stop() }
      directory.remove()
    }
  }
}

/// Runs `body` with a fresh ``Fixture`` and tears it down afterwards, also when `body` throws.
func withFixture<R>(_ body: (Fixture) async throws -> R) async throws -> R {
  let fixture = try Fixture()
  do {
    let result = try await body(fixture)
    await fixture.tearDown()
    return result
  } catch {
    await fixture.tearDown()
    throw error
  }
}

/// Runs `body` with a fresh ``Fixture`` holding one test server bound at
/// `resonite-<this pid>.sock`, configured by `configure`.
func withServer<R>(
  _ configure: (inout TestServer.Configuration) -> Void = { _ in },
  _ body: (TestServer, Fixture) async throws -> R
) async throws -> R {
  try await withFixture { fixture in
    let server = try fixture.startServer(configure)
    return try await body(server, fixture)
  }
}

/// A nanosecond wall-clock reading, for comparing with the server's `server_unix_nanos`.
func wallClockNanos() -> Int64 {
  var now = timespec()
  clock_gettime(CLOCK_REALTIME, &now)
  return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}

// MARK: Captured logs

/// Collects what a swift-log `Logger` logs, for assertions on the version probe's warnings.
final class LogCapture: Sendable {
  /// One logged event.
  struct Entry: Sendable {
    var level: Logger.Level
    var message: String
    var metadata: [String: String]
  }

  private let entries = Mutex<[Entry]>([])

  /// A logger at level trace whose events land here.
  var logger: Logger {
    Logger(label: "resoio-tests.version-probe") { _ in CapturingLogHandler(capture: self) }
  }

  /// Everything logged so far.
  var all: [Entry] { entries.withLock { $0 } }

  /// The events at level warning or above.
  var warnings: [Entry] { all.filter { $0.level >= .warning } }

  fileprivate func append(_ entry: Entry) {
    entries.withLock { $0.append(entry) }
  }
}

/// The `LogHandler` behind ``LogCapture``.
private struct CapturingLogHandler: LogHandler {
  let capture: LogCapture
  var logLevel: Logger.Level = .trace
  var metadata: Logger.Metadata = [:]
  var metadataProvider: Logger.MetadataProvider?

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
    capture.append(
      LogCapture.Entry(
        level: event.level, message: event.message.description,
        metadata: merged.mapValues { $0.description }))
  }
}
