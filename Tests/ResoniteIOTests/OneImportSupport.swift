import ResoniteIO
import ResoniteIOMessages
import ResoniteTestServer
import SwiftProtobuf

/// A stand-in mod for a test file that imports only ResoniteIO (see `OneImportErrorTests`): it
/// passes `body` nothing but the socket path. There, Contact/AddContact fails with NOT_FOUND
/// `no such user` and trailing metadata `reason: test`, and Contact/GetContact answers
/// `found` with no contact in the reply.
func withOneImportMod<R>(_ body: (String) async throws -> R) async throws -> R {
  var found = ResoniteIo_V1_GetContactResponse()
  found.found = true
  let reply = (try? found.serializedBytes()) ?? []
  return try await withServer({
    $0.failures[TestServer.Path.Contact.addContact] = CallFailure(
      code: .notFound, message: "no such user", trailingMetadata: ["reason": "test"])
    $0.handlers[TestServer.Path.Contact.getContact] = { _ in .response(reply) }
  }) { server, _ in
    try await body(server.socketPath)
  }
}
