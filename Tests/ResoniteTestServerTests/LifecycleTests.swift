import Foundation
import ResoniteTestServer
import ResoniteTransport
import ResoniteTestSupport
import Testing

@Suite("Test server: life cycle and socket placement", .ownThread)
struct LifecycleTests {
  @Test("stop() closes connections, removes the socket, and is idempotent")
  func stopRemovesSocket() throws {
    let server = try TestServer.start(TestServer.Configuration(socketPath: uniqueSocketPath()))
    #expect(fileExists(server.socketPath))
    let client = try RawClient(path: server.socketPath)
    #expect(client.call(path: TestServer.Path.ping, message: WireProto.string(1, "x")).grpcStatus == 0)
    server.stop()
    #expect(!fileExists(server.socketPath))
    client.run(timeout: eventuallyBound) { $0.connectionEnded }
    #expect(client.connectionEnded)
    server.stop()
    #expect(throws: ConnectFailure.self) { try RawClient(path: server.socketPath) }
  }

  @Test("A stale socket file is replaced; a live server's socket and a regular file are not")
  func staleSocket() throws {
    let path = uniqueSocketPath("stale")
    try makeStaleSocket(at: path)  // what a killed server leaves: a socket file nobody listens on
    let first = try TestServer.start(TestServer.Configuration(socketPath: path))
    #expect(try RawClient(path: path).call(path: TestServer.Path.ping, message: []).grpcStatus == 0)
    // A second server must not take over the socket the first one answers on.
    let refusal = #expect(throws: SocketError.self) { try TestServer.start(TestServer.Configuration(socketPath: path)) }
    #expect(refusal?.errno == EADDRINUSE)
    #expect(refusal?.description.contains("another server is listening") == true)
    #expect(try RawClient(path: path).call(path: TestServer.Path.ping, message: []).grpcStatus == 0)
    first.stop()
    #expect(!fileExists(path))

    _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
    defer { unlink(path) }
    #expect(throws: (any Error).self) { try TestServer.start(TestServer.Configuration(socketPath: path)) }
  }

  /// Binds a Unix socket at `path` and closes it without unlinking the file.
  private func makeStaleSocket(at path: String) throws {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = try UnixSocketAddress(path: path, operation: "bind")
    let rv = address.withSockaddr { bind(fd, $0, $1) }
    close(fd)
    try #require(rv == 0 && fileExists(path))
  }

  @Test("The default socket path follows the mod's rules")
  func defaultPath() throws {
    let pid = getpid()
    #expect(
      try TestServer.defaultSocketPath(environment: ["RESONITE_IO_SOCKET": "/tmp/explicit.sock"])
        == "/tmp/explicit.sock")
    let dir = "/tmp/rts-dir-\(pid)-\(UUID().uuidString.prefix(6))"
    defer { rmdir(dir) }
    #expect(
      try TestServer.defaultSocketPath(environment: ["RESONITE_IO_SOCKET": "", "RESONITE_IO_SOCKET_DIR": dir])
        == "\(dir)/resonite-\(pid).sock")
    var info = stat()
    #expect(stat(dir, &info) == 0)
    let home = "/tmp/rts-home-\(pid)-\(UUID().uuidString.prefix(6))"
    defer {
      rmdir(home + "/.resonite-io")
      rmdir(home)
    }
    #expect(
      try TestServer.defaultSocketPath(environment: ["HOME": home, "RESONITE_IO_SOCKET_DIR": ""])
        == "\(home)/.resonite-io/resonite-\(pid).sock")
    #expect(stat(home + "/.resonite-io", &info) == 0)
  }
}
