import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// The code examples in the DocC comments of ``GRPCChannel`` and ``RPCError``, as they are
/// written there, so that an API change that breaks them breaks this build.
@Suite("Doc examples compile and run")
struct DocExampleTests {
  @Test("GRPCChannel's example: a typed unary Ping")
  func channelExample() async throws {
    try await withServer { server, _ in
      var request = ResoniteIo_V1_PingRequest()
      request.message = "doc"
      let channel = GRPCChannel(socketPath: server.socketPath)
      let reply = try await channel.unary(
        MethodDescriptor(service: "resonite_io.v1.Connection", method: "Ping"), request: request,
        requestCodec: ProtobufCodec<ResoniteIo_V1_PingRequest>(),
        responseCodec: ProtobufCodec<ResoniteIo_V1_PingResponse>())
      await channel.close()
      #expect(reply.message.message == "doc")
    }
  }

  @Test("RPCError's example: catching UNAVAILABLE with its cause")
  func rpcErrorExample() async {
    let channel = GRPCChannel(socketPath: "/nonexistent/resonite-doc.sock")
    let bytes: [UInt8] = []
    var caught: RPCError?
    do {
      let reply = try await channel.unaryRaw(MethodDescriptor(service: "pkg.Service", method: "Method"), request: bytes)
      print(reply.message.count)
    } catch  where error.code == .unavailable {
      // The socket is missing, refused the connection, or the server went away.
      print(error.cause ?? error)
      caught = error
    } catch {
      Issue.record("expected UNAVAILABLE, got \(error)")
    }
    #expect(caught?.cause != nil)
    await channel.close()
  }
}
