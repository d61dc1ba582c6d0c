import InteropSupport
import ResoniteGRPC
import ResoniteTestServer

/// Runs `body` with a fresh test server (configured by `configure`) on a socket in a temporary
/// directory and a grpc-swift client connected to it; tears both down after, whether `body`
/// returns or throws.
func withTestServerAndGRPCSwiftClient(
  _ configure: (inout TestServer.Configuration) -> Void = { _ in },
  _ body: (TestServer, GRPCSwiftInteropClient) async throws -> Void
) async throws {
  let directory = try TemporarySocketDirectory()
  defer { directory.remove() }
  var configuration = TestServer.Configuration(socketPath: directory.socketPath())
  configure(&configuration)
  let server = try TestServer.start(configuration)
  let client: GRPCSwiftInteropClient
  do {
    client = try GRPCSwiftInteropClient(socketPath: server.socketPath)
  } catch {
    server.stop()
    throw error
  }
  do {
    try await body(server, client)
  } catch {
    await client.close()
    server.stop()
    throw error
  }
  await client.close()
  server.stop()
}

/// Runs `body` with a fresh grpc-swift server on a socket in a temporary directory and our
/// channel to it; tears both down after, whether `body` returns or throws.
func withGRPCSwiftServerAndChannel(
  _ body: (GRPCSwiftInteropServer, GRPCChannel) async throws -> Void
) async throws {
  let directory = try TemporarySocketDirectory()
  defer { directory.remove() }
  let server = try await GRPCSwiftInteropServer.start(socketPath: directory.socketPath())
  let channel = GRPCChannel(socketPath: server.socketPath)
  do {
    try await body(server, channel)
  } catch {
    await channel.close()
    await server.stop()
    throw error
  }
  await channel.close()
  await server.stop()
}

/// `/Service/Method` as grpc-swift names it: (service, method).
func serviceAndMethod(_ path: String) -> (service: String, method: String) {
  let parts = path.dropFirst().split(separator: "/", maxSplits: 1)
  return (String(parts[0]), String(parts[1]))
}
