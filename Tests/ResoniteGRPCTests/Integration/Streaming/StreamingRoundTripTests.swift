import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Streaming calls: round trips over a real socket")
struct StreamingRoundTripTests {
  @Test("server streaming: 5000 messages arrive complete and in order, then OK with trailers")
  func serverStreamingOrder() async throws {
    try await withServer { server, channel in
      let count = 5000
      let (received, trailers) = try await channel.serverStreamingRaw(
        echoServerStream, request: EchoStreams.serverStreamRequest(count: count, size: 100)
      ) { response in
        var index = 0
        for try await message in response.messages {
          #expect(message == EchoStreams.message(index: index, size: 100), "message \(index)")
          index += 1
        }
        return (index, await response.trailingMetadata)
      }
      #expect(received == count)
      #expect(trailers.isEmpty)
      let record = try #require(server.observations.streamingCalls(path: TestServer.Path.echoServerStream).first)
      #expect(record.messagesSent == count)
    }
  }

  @Test("client streaming: 3000 messages, then finish: the server saw all of them in order (count, bytes, hash)")
  func clientStreamingOrder() async throws {
    try await withServer { server, channel in
      let messages = (0..<3000).map { EchoStreams.message(index: $0, size: 10 + $0 % 300) }
      let response = try await channel.clientStreamingRaw(echoClientStream) { writer in
        for message in messages { try await writer.send(message) }
      }
      let summary = try #require(EchoStreams.parseSummary(response.message))
      #expect(summary.count == messages.count)
      #expect(summary.bytes == messages.reduce(0) { $0 + $1.count })
      #expect(summary.hash == fnvHash(messages))
      let record = try #require(server.observations.streamingCalls(path: TestServer.Path.echoClientStream).first)
      #expect(record.requestEnd == .halfClosed)
    }
  }

  @Test("client streaming from an AsyncSequence with send(contentsOf:)")
  func clientStreamingFromSequence() async throws {
    try await withServer { _, channel in
      let messages = (0..<200).map { EchoStreams.message(index: $0, size: 64) }
      let stream = AsyncStream<[UInt8]> { continuation in
        for message in messages { continuation.yield(message) }
        continuation.finish()
      }
      let response = try await channel.clientStreamingRaw(echoClientStream) { writer in
        try await writer.send(contentsOf: stream)
      }
      let summary = try #require(EchoStreams.parseSummary(response.message))
      #expect(summary.count == 200)
      #expect(summary.hash == fnvHash(messages))
    }
  }

  @Test("bidirectional streaming: each message echoed in order, interleaved send and receive")
  func bidiEcho() async throws {
    try await withServer { server, channel in
      let count = 2000
      let echoed = try await channel.bidirectionalStreamingRaw(echoBidiStream) { writer, response in
        var iterator = response.messages.makeAsyncIterator()
        var matched = 0
        for i in 0..<count {
          let message = EchoStreams.message(index: i, size: 32 + i % 100)
          try await writer.send(message)
          if let reply = try await iterator.next(), reply == message { matched += 1 }
        }
        writer.finish()
        let rest = try await iterator.next()
        #expect(rest == nil, "the call ends with OK after the half-close")
        return matched
      }
      #expect(echoed == count)
      let record = try #require(server.observations.streamingCalls(path: TestServer.Path.echoBidiStream).first)
      #expect(record.requestEnd == .halfClosed)
      #expect(record.messagesReceived == count)
    }
  }

  @Test("initial metadata is available from the response; a codec-typed stream decodes each message")
  func typedStreamAndMetadata() async throws {
    try await withServer { _, channel in
      let count = try await channel.serverStreaming(
        echoServerStream, request: EchoStreams.serverStreamRequest(count: 10, size: 16), requestCodec: RawCodec(),
        responseCodec: CountingCodec()
      ) { response in
        let metadata = try await response.initialMetadata
        #expect(metadata.isEmpty)
        var lengths: [Int] = []
        for try await length in response.messages { lengths.append(length) }
        return lengths
      }
      #expect(count == Array(repeating: 16, count: 10))
    }
  }

  @Test("an error status after N messages: the messages, then RPCError with the status and trailing metadata")
  func errorAfterMessages() async throws {
    try await withServer({
      $0.streaming.endAfterMessages = .init(
        messages: 3, status: Status(code: .failedPrecondition, message: "bridge disposed"),
        trailingMetadata: ["x-why": "test"])
    }) { _, channel in
      var received = 0
      let error = await expectRPCError {
        try await channel.serverStreamingRaw(
          echoServerStream, request: EchoStreams.serverStreamRequest(count: 100, size: 8)
        ) {
          response in
          for try await _ in response.messages { received += 1 }
        }
      }
      #expect(received == 3)
      #expect(error?.code == .failedPrecondition)
      #expect(error?.message == "bridge disposed")
      #expect(error?.metadata == ["x-why": "test"])
    }
  }

  @Test("an unknown streaming method fails with UNIMPLEMENTED from the messages")
  func unimplemented() async throws {
    try await withServer { _, channel in
      let error = await expectRPCError {
        try await channel.serverStreamingRaw(MethodDescriptor(service: "nope.Nope", method: "Stream"), request: [1]) {
          response in
          for try await _ in response.messages {}
        }
      }
      #expect(error?.code == .unimplemented)
    }
  }
}

/// Decodes a message as its length (a codec whose output is not the bytes).
struct CountingCodec: MessageCodec {
  func serialize(_ message: Int) throws -> [UInt8] { [UInt8](repeating: 0, count: message) }
  func deserialize(_ bytes: [UInt8]) throws -> Int { bytes.count }
}

/// State only the main actor touches.
@MainActor private final class FrameCounter {
  var frames = 0
}

@Suite("Streaming calls from the main actor")
struct StreamingMainActorTests {
  @Test("bodies run on the caller's actor and may touch its state")
  @MainActor func fromMainActor() async throws {
    let counter = FrameCounter()
    try await withServer { _, channel in
      try await channel.serverStreamingRaw(
        echoServerStream, request: EchoStreams.serverStreamRequest(count: 20, size: 4)
      ) {
        response in
        for try await _ in response.messages { counter.frames += 1 }
      }
      _ = try await channel.clientStreamingRaw(echoClientStream) { writer in
        try await writer.send([UInt8(counter.frames)])
      }
    }
    #expect(counter.frames == 20)
  }
}

@Suite("Streaming calls: per-message size limits")
struct StreamingLimitTests {
  @Test("a streamed response message above the limit: RESOURCE_EXHAUSTED after the ones below it, the stream reset")
  func responseLimit() async throws {
    try await withServer { server, channel in
      server.register(streamingPath: "/resonite_io.test.Echo/GrowingMessages") { GrowingMessages() }
      var sizes: [Int] = []
      let error = await expectRPCError {
        try await channel.serverStreamingRaw(
          MethodDescriptor(service: "resonite_io.test.Echo", method: "GrowingMessages"), request: [],
          options: CallOptions(maxResponseMessageSize: 1000)
        ) { response in
          for try await message in response.messages { sizes.append(message.count) }
        }
      }
      #expect(error?.code == .resourceExhausted)
      #expect(sizes == [500, 1000], "each message is checked on its own, not the stream's total")
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
    }
  }

  @Test("a request message above the limit: send throws RESOURCE_EXHAUSTED, nothing is sent, the call goes on")
  func requestLimit() async throws {
    try await withServer { _, channel in
      let response = try await channel.clientStreamingRaw(
        echoClientStream, options: CallOptions(maxRequestMessageSize: 10)
      ) {
        writer in
        try await writer.send([1, 2, 3])
        await #expect(throws: RPCError.self) { try await writer.send([UInt8](repeating: 0, count: 11)) }
        try await writer.send([4])
      }
      let summary = try #require(EchoStreams.parseSummary(response.message))
      #expect(summary.count == 2 && summary.bytes == 4)
    }
  }
}

/// Sends messages of 500, 1000 and 1500 bytes.
private final class GrowingMessages: StreamingHandler {
  func start(_ call: ServerStreamingCall) {
    for size in [500, 1000, 1500] { call.send([UInt8](repeating: 9, count: size)) }
    call.finish()
  }
}
