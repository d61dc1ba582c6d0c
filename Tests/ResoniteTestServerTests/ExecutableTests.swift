import Foundation
import ResoniteTestSupport
import Testing

/// Runs the built `resoio-test-server` binary as a real process (``ServerProcess``, which never
/// blocks a thread of the cooperative pool: its output is read on a thread of its own and its
/// exit is awaited).
@Suite("resoio-test-server executable")
struct ExecutableTests {
  /// Runs `resoio-test-server arguments...` to its end (a usage error or --help).
  static func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> ProcessOutcome {
    try await ChildProcess.run(
      BuiltProducts.executable("resoio-test-server"), arguments, environment: ProcessInfo.processInfo.environment,
      scratch: directory.path, timeout: noHangBound)
  }

  @Test("prints the socket path once it accepts, serves Ping, and removes the socket on SIGTERM")
  func printsPathAndCleansUp() async throws {
    let directory = try TemporaryDirectory(prefix: "rts-exe")
    defer { directory.remove() }
    let path = directory.socket()
    let server = try await ServerProcess.launch(
      socketPath: path, arguments: ["--listen-delay", "0.2"], scratch: directory.path)
    defer { server.kill(SIGKILL) }
    let client = try RawClient(path: path)
    #expect(client.call(path: "/resonite_io.v1.Connection/Ping", message: WireProto.string(1, "p")).grpcStatus == 0)

    server.kill(SIGTERM)
    #expect(await server.exitStatus() == 0)
    #expect(!fileExists(path))
  }

  @Test("binds where the mod would without --socket, and cleans up on SIGINT")
  func defaultPlacement() async throws {
    let directory = try TemporaryDirectory(prefix: "rts-exe")
    defer { directory.remove() }
    let socketDirectory = directory.path("sockets")
    var environment = ProcessInfo.processInfo.environment
    environment["RESONITE_IO_SOCKET"] = ""
    environment["RESONITE_IO_SOCKET_DIR"] = socketDirectory
    let server = try await ServerProcess.launch(
      socketPath: nil, arguments: ["--fail-first-pings", "1"], environment: environment, scratch: directory.path)
    defer { server.kill(SIGKILL) }
    #expect(server.socketPath == "\(socketDirectory)/resonite-\(server.pid).sock")
    let client = try RawClient(path: server.socketPath)
    #expect(client.call(path: "/resonite_io.v1.Connection/Ping", message: []).grpcStatus == 9)
    #expect(client.call(path: "/resonite_io.v1.Connection/Ping", message: []).grpcStatus == 0)

    server.kill(SIGINT)
    #expect(await server.exitStatus() == 0)
    #expect(!fileExists(server.socketPath))
  }

  @Test("--help explains the stand-in mod and documents the knobs")
  func help() async throws {
    let directory = try TemporaryDirectory(prefix: "rts-exe")
    defer { directory.remove() }
    let outcome = try await Self.run(["--help"], in: directory)
    let text = outcome.stdout
    #expect(outcome.status == 0, "\(outcome)")
    #expect(text.contains("without Resonite"))
    for flag in [
      "--socket", "--listen-delay", "--max-receive-message-size", "--max-concurrent-streams", "--fail-first-pings",
      "--fail-all", "--fail-message", "--delay", "--die-mid-call", "--die-after-calls", "--goaway-after-streams",
      "--mod-version", "--old-mod", "--fail-rpc", "--not-ready", "--vr-mode", "--primary-hand", "--not-host",
      "--signed-out", "--cloud-rejects-writes", "--contacts-not-loaded", "--two-factor-code", "--cloud-not-ready",
      "--inventory-cloud-failure", "--world-fails-to-load",
    ] {
      #expect(text.contains(flag), "missing \(flag)")
    }
  }

  @Test(
    "usage errors exit 2, like every executable of the package", arguments: [["--bogus"], ["--fail-rpc", "nonsense"]])
  func usageErrorsExitTwo(arguments: [String]) async throws {
    let directory = try TemporaryDirectory(prefix: "rts-exe")
    defer { directory.remove() }
    let outcome = try await Self.run(arguments, in: directory)
    #expect(outcome.status == 2, "\(outcome)")
  }

  @Test("refuses to take over a socket another live server answers on, and leaves it working")
  func refusesLiveSocket() async throws {
    let directory = try TemporaryDirectory(prefix: "rts-exe")
    defer { directory.remove() }
    let path = directory.socket()
    let first = try await ServerProcess.launch(socketPath: path, scratch: directory.path)
    defer { first.kill(SIGKILL) }
    let second = try await Self.run(["--socket", path], in: directory)
    #expect(second.status == 1, "\(second)")
    #expect(FileManager.default.fileExists(atPath: path), "the refused server must not delete the live socket")
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: Array(path.utf8))
    }
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    #expect(connected == 0, "the first server still answers")
  }
}
