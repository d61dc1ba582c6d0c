import Foundation
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Unary calls over a real Unix socket")
struct UnaryRoundTripTests {
  @Test("echo of small, empty and 1 MiB messages is byte-exact")
  func echoSizes() async throws {
    try await withServer { _, channel in
      for size in [0, 1, 5, 16_384, 16_385, 1 << 20] {
        let payload = pattern(size)
        let reply = try await channel.unaryRaw(echo, request: payload)
        #expect(reply.message == payload, "size \(size)")
      }
    }
  }

  @Test("64 MiB each way: flow control moves it and the bytes are exact")
  func sixtyFourMiB() async throws {
    // Building and comparing 64 MiB takes seconds of CPU in a debug build: on a thread of its own.
    try await withServer { server, channel in
      try await onOwnExecutor { () async throws in
        let payload = pattern(64 << 20)
        let reply = try await channel.unaryRaw(echo, request: payload, options: CallOptions(timeout: noHangBound))
        #expect(reply.message.count == payload.count)
        #expect(reply.message == payload)
      }
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("sixteen 8 MiB echoes on one connection: 128 MiB each way, past the 64 MiB connection window")
  func repeatedLargeEchoes() async throws {
    // Sixteen 8 MiB comparisons: seconds of CPU in a debug build, on a thread of its own.
    try await withServer { server, channel in
      try await onOwnExecutor { () async throws in
        let payload = pattern(8 << 20)
        for _ in 0..<16 {
          let reply = try await channel.unaryRaw(echo, request: payload, options: CallOptions(timeout: noHangBound))
          #expect(reply.message == payload)
        }
      }
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("request headers: pseudo-headers, content-type, te, user-agent, grpc-timeout, metadata")
  func requestHeaders() async throws {
    try await withServer { server, channel in
      var metadata = Metadata()
      metadata.addString("robot-7", forKey: "x-client")
      metadata.addBinary([0, 1, 2, 250], forKey: "x-trace-bin")
      _ = try await channel.unaryRaw(
        echo, request: [1], options: CallOptions(timeout: .seconds(100), metadata: metadata))
      let request = try #require(server.receivedRequests.last)
      let names = request.headers.map(\.name)
      #expect(Array(names.prefix(4)) == [":method", ":scheme", ":path", ":authority"])
      #expect(names[4] == "grpc-timeout")
      #expect(request.header(":method") == "POST")
      #expect(request.header(":scheme") == "http")
      #expect(request.header(":path") == "/resonite_io.test.Echo/Echo")
      #expect(request.header(":authority") == "localhost")
      #expect(request.header("content-type") == "application/grpc")
      #expect(request.header("te") == "trailers")
      #expect(request.header("user-agent")?.hasPrefix("resonite-io-swift/") == true)
      let timeout = try #require(request.header("grpc-timeout"))
      let parsed = try #require(GRPCTimeout(headerValue: timeout))
      #expect(parsed.amount <= 99_999_999)
      // What was left of the 100 s when the request went out: less, but not by much.
      #expect(parsed.nanoseconds > 40_000_000_000 && parsed.nanoseconds <= 100_000_000_000)
      #expect(request.header("x-client") == "robot-7")
      #expect(request.header("x-trace-bin") == "AAEC+g")
      #expect(names.last == "x-trace-bin")
    }
  }

  @Test("no grpc-timeout header without a deadline")
  func noTimeoutHeader() async throws {
    try await withServer { server, channel in
      _ = try await channel.unaryRaw(echo, request: [])
      let request = try #require(server.receivedRequests.last)
      #expect(request.header("grpc-timeout") == nil)
    }
  }

  @Test("custom handler: request metadata arrives, trailing metadata comes back")
  func metadataBothWays() async throws {
    try await withServer { server, channel in
      server.register(path: "/t.S/M") { request in
        var trailers = Metadata()
        trailers.addString(request.header("x-in") ?? "missing", forKey: "x-out")
        trailers.addBinary([9, 8, 7], forKey: "x-out-bin")
        return .response(Array("ok".utf8), trailingMetadata: trailers)
      }
      let reply = try await channel.unaryRaw(
        MethodDescriptor(service: "t.S", method: "M"), request: [], options: CallOptions(metadata: ["x-in": "hello"]))
      #expect(reply.message == Array("ok".utf8))
      #expect(reply.trailingMetadata.firstString(forKey: "x-out") == "hello")
      #expect(reply.trailingMetadata["x-out-bin"] == [.binary([9, 8, 7])])
      #expect(reply.trailingMetadata["grpc-status"].isEmpty)
    }
  }

  @Test("invalid metadata fails locally and sends nothing")
  func invalidMetadata() async throws {
    try await withServer { server, channel in
      let error = await expectRPCError {
        _ = try await channel.unaryRaw(echo, request: [], options: CallOptions(metadata: ["grpc-custom": "x"]))
      }
      #expect(error?.code == .internalError)
      #expect(error?.message.contains("grpc-custom") == true)
      #expect(server.callCount(path: echo.path) == 0)
    }
  }

  @Test("a typed call through ProtobufCodec")
  func protobufCodec() async throws {
    try await withServer { _, channel in
      var request = ResoniteIo_V1_PingRequest()
      request.message = "héllo ✓"
      let reply = try await channel.unary(
        MethodDescriptor(service: "resonite_io.v1.Connection", method: "Ping"), request: request,
        requestCodec: ProtobufCodec<ResoniteIo_V1_PingRequest>(),
        responseCodec: ProtobufCodec<ResoniteIo_V1_PingResponse>())
      #expect(reply.message.message == "héllo ✓")
      #expect(reply.message.serverUnixNanos > 1_600_000_000_000_000_000)
    }
  }

  @Test("an unknown method is UNIMPLEMENTED")
  func unknownMethod() async throws {
    try await withServer { _, channel in
      let error = await expectRPCError {
        _ = try await channel.unaryRaw(MethodDescriptor(service: "no.Such", method: "Thing"), request: [])
      }
      #expect(error?.code == .unimplemented)
    }
  }
}
