import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// Starts a test server on a fresh socket, runs `body` with it and a channel to it, then closes
/// both.
nonisolated(nonsending) func withServer<R>(
  _ configure: (inout TestServer.Configuration) -> Void = { _ in },
  channelConfiguration: ChannelConfiguration = ChannelConfiguration(),
  _ body: (TestServer, GRPCChannel) async throws -> R
) async throws -> R {
  let directory = try TemporaryDirectory(prefix: "resoio-grpc")
  defer { directory.remove() }
  var configuration = TestServer.Configuration(socketPath: directory.socket())
  configure(&configuration)
  let server = try TestServer.start(configuration)
  let channel = GRPCChannel(socketPath: server.socketPath, configuration: channelConfiguration)
  let result: Result<R, any Error>
  do {
    result = .success(try await body(server, channel))
  } catch {
    result = .failure(error)
  }
  await channel.close()
  await stopServer(server)
  return try result.get()
}
