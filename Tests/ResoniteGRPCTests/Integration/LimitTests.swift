import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Message size limits")
struct LimitTests {
  @Test("a response above the limit is RESOURCE_EXHAUSTED and the connection stays usable")
  func responseTooLarge() async throws {
    var configuration = ChannelConfiguration()
    configuration.maxResponseMessageSize = 1024
    try await withServer(channelConfiguration: configuration) { server, channel in
      let error = await expectRPCError { _ = try await channel.unaryRaw(echo, request: pattern(4096)) }
      #expect(error?.code == .resourceExhausted)
      #expect(error?.message.contains("max 1024") == true)
      #expect(error?.message.contains("actual 4096") == true)
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
      let reply = try await channel.unaryRaw(echo, request: pattern(1000))
      #expect(reply.message == pattern(1000))
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("a request above the limit fails locally with RESOURCE_EXHAUSTED")
  func requestTooLarge() async throws {
    var configuration = ChannelConfiguration()
    configuration.maxRequestMessageSize = 100
    try await withServer(channelConfiguration: configuration) { server, channel in
      let error = await expectRPCError { _ = try await channel.unaryRaw(echo, request: pattern(101)) }
      #expect(error?.code == .resourceExhausted)
      #expect(error?.message.contains("max 100") == true)
      #expect(server.callCount(path: echo.path) == 0)
      let reply = try await channel.unaryRaw(echo, request: pattern(100))
      #expect(reply.message.count == 100)
    }
  }

  @Test("per-call options override the channel's limits")
  func perCallLimit() async throws {
    try await withServer { _, channel in
      let error = await expectRPCError {
        _ = try await channel.unaryRaw(echo, request: pattern(64), options: CallOptions(maxResponseMessageSize: 10))
      }
      #expect(error?.code == .resourceExhausted)
    }
  }
}
