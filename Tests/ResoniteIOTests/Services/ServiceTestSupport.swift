import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// Runs `body` with a ``ResoniteClient`` connected to a fresh test server (configured by
/// `configure`) in a temporary directory, and tears both down afterwards.
///
/// The client's version probe is skipped (`probeTimeout: .zero`), so these tests never touch
/// the process-wide probe and need not sit in the serialized `ConnectingClients` suite.
func withMod<R>(
  _ configure: (inout TestServer.Configuration) -> Void = { _ in },
  _ body: (ResoniteClient, TestServer) async throws -> R
) async throws -> R {
  try await withServer(configure) { server, _ in
    let client = ResoniteClient(socketPath: server.socketPath, probeTimeout: .zero)
    try await client.connect()
    do {
      let result = try await body(client, server)
      await client.close()
      return result
    } catch {
      await client.close()
      throw error
    }
  }
}
