import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Server statuses reach the caller")
struct StatusCodeTests {
  @Test("every non-OK code comes through with its message", arguments: StatusCode.allCases.filter { $0 != .ok })
  func everyCode(code: StatusCode) async throws {
    try await withServer({ $0.failAll = CallFailure(code: code, message: "failed with \(code.name)") }) { _, channel in
      let error = await expectRPCError { _ = try await channel.unaryRaw(echo, request: []) }
      #expect(error?.code == code)
      #expect(error?.message == "failed with \(code.name)")
      #expect(error?.description.contains(code.name) == true)
    }
  }

  @Test("a non-ASCII message with % and a newline is decoded exactly")
  func percentEncodedMessage() async throws {
    let text = "engine ✗ not ready: 100% busy\nretry — später 🙂"
    try await withServer({ $0.failAll = CallFailure(code: .failedPrecondition, message: text) }) { _, channel in
      let error = await expectRPCError { _ = try await channel.unaryRaw(echo, request: []) }
      #expect(error?.code == .failedPrecondition)
      #expect(error?.message == text)
    }
  }

  @Test("trailing metadata comes with the error, without grpc-status and grpc-message")
  func errorMetadata() async throws {
    try await withServer { server, channel in
      server.register(path: "/t.S/Fail") { _ in
        .status(.aborted, "nope", trailingMetadata: ["x-reason": "because"])
      }
      let error = await expectRPCError {
        _ = try await channel.unaryRaw(MethodDescriptor(service: "t.S", method: "Fail"), request: [])
      }
      #expect(error?.code == .aborted)
      #expect(error?.metadata.firstString(forKey: "x-reason") == "because")
      #expect(error?.metadata["grpc-status"].isEmpty == true)
      #expect(error?.metadata["grpc-message"].isEmpty == true)
    }
  }
}
