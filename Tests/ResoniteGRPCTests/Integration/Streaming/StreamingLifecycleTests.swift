import Foundation
import ResoniteHTTP2
import ResoniteTestServer
import ResoniteTransport
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

/// A long Echo/ServerStream: more messages than any test reads.
private let endless = EchoStreams.serverStreamRequest(count: 1_000_000, size: 1000)

@Suite("Streaming calls: cancel, finish, deadlines, failures")
struct StreamingLifecycleTests {
  @Test(
    "break out of the messages mid-stream: RST_STREAM(CANCEL) reaches the server at once; the next call on the channel works"
  )
  func breakCancels() async throws {
    try await withServer { server, channel in
      let taken = try await channel.serverStreamingRaw(echoServerStream, request: endless) { response in
        var taken = 0
        for try await _ in response.messages {
          taken += 1
          if taken == 10 { break }
        }
        return taken
      }
      #expect(taken == 10)
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.resets.contains { $0.errorCode == .cancel } })
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.streamingCalls.first?.ended == true })
      let record = try #require(server.observations.streamingCalls(path: TestServer.Path.echoServerStream).first)
      #expect(record.messagesSent < 1_000_000)
      let reply = try await channel.unaryRaw(echo, request: [1, 2, 3])
      #expect(reply.message == [1, 2, 3])
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("an error thrown from the body cancels the stream and comes out as it is")
  func bodyThrowCancels() async throws {
    struct Stop: Error {}
    try await withServer { server, channel in
      await #expect(throws: Stop.self) {
        try await channel.serverStreamingRaw(echoServerStream, request: endless) { response in
          for try await _ in response.messages { throw Stop() }
        }
      }
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
      #expect(server.resetsReceived.first?.errorCode == .cancel)
    }
  }

  @Test("task cancellation while waiting for a message: CANCELLED and RST_STREAM(CANCEL)")
  func taskCancellation() async throws {
    try await withServer({ $0.cameraFPS = 1 }) { server, channel in
      let task = Task {
        try await channel.serverStreamingRaw(cameraStreamFrames, request: CameraFrames.request(width: 8, height: 8)) {
          response in
          for try await _ in response.messages {}
        }
      }
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.streamingCalls.count == 1 })
      try await Task.sleep(for: .milliseconds(100))
      task.cancel()
      let result = await task.result
      #expect(throws: RPCError.self) { try result.get() }
      if case .failure(let error as RPCError) = result { #expect(error.code == .cancelled) }
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
    }
  }

  @Test("the server dies mid-stream: UNAVAILABLE at once, after the messages that got through")
  func serverDies() async throws {
    try await withServer({ $0.streaming.dieAfterMessages = 5 }) { _, channel in
      let clock = ContinuousClock()
      let start = clock.now
      var received = 0
      let error = await expectRPCError {
        try await channel.serverStreamingRaw(
          echoServerStream, request: EchoStreams.serverStreamRequest(count: 1_000_000, size: 64 << 10)
        ) { response in
          for try await _ in response.messages { received += 1 }
        }
      }
      #expect(error?.code == .unavailable)
      #expect(received >= 1)
      #expect(clock.now - start < noHangBound)  // a million messages otherwise
    }
  }

  @Test("a deadline mid-stream: DEADLINE_EXCEEDED from the messages, the stream reset")
  func deadlineMidStream() async throws {
    try await withServer({ $0.cameraFPS = 20 }) { server, channel in
      let clock = ContinuousClock()
      let start = clock.now
      var received = 0
      let error = await expectRPCError {
        try await channel.serverStreamingRaw(
          cameraStreamFrames, request: CameraFrames.request(width: 16, height: 16),
          options: CallOptions(timeout: .milliseconds(400))
        ) { response in
          for try await _ in response.messages { received += 1 }
        }
      }
      let elapsed = clock.now - start
      #expect(error?.code == .deadlineExceeded)
      #expect(received >= 1, "frames came before the deadline")
      // Frames come forever otherwise: only the deadline ends the stream.
      #expect(elapsed >= .milliseconds(350) && elapsed < noHangBound, "ended after \(elapsed)")
      let header = server.receivedRequests.last?.headers.first { $0.name == "grpc-timeout" }
      #expect(header != nil, "grpc-timeout was sent")
    }
  }

  @Test("client streaming: finish is a half-close the server sees as END_STREAM")
  func finishIsHalfClose() async throws {
    try await withServer { server, channel in
      _ = try await channel.clientStreamingRaw(echoClientStream) { writer in
        try await writer.send([1])
      }
      let record = try #require(server.observations.streamingCalls.first)
      #expect(record.requestEnd == .halfClosed)
      #expect(server.resetsReceived.isEmpty, "no RST_STREAM after a finish")
    }
  }

  @Test("client streaming: writer.cancel() is RST_STREAM(CANCEL), and the call fails with CANCELLED")
  func cancelIsReset() async throws {
    try await withServer { server, channel in
      let error = await expectRPCError {
        _ = try await channel.clientStreamingRaw(echoClientStream) { writer in
          try await writer.send([1])
          writer.cancel()
        }
      }
      #expect(error?.code == .cancelled)
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.streamingCalls.first?.ended == true })
      let record = try #require(server.observations.streamingCalls.first)
      #expect(record.requestEnd == .reset(.cancel))
      #expect(record.messagesReceived == 1)
    }
  }

  @Test("client streaming: an error thrown from the body cancels (RST_STREAM) and is rethrown")
  func clientBodyThrowCancels() async throws {
    struct Oops: Error {}
    try await withServer { server, channel in
      await #expect(throws: Oops.self) {
        _ = try await channel.clientStreamingRaw(echoClientStream) { writer in
          try await writer.send([1])
          throw Oops()
        }
      }
      #expect(
        await server.waitUntil(timeout: eventuallyBound) { $0.streamingCalls.first?.requestEnd == .reset(.cancel) })
    }
  }

  @Test("a server that stops reading a client stream: send suspends, memory stays bounded, the deadline still fires")
  func serverStopsReading() async throws {
    try await withServer({ $0.streaming.stopReadingAfterMessages = 1 }) { server, channel in
      let message = [UInt8](repeating: 7, count: 64 << 10)
      let clock = ContinuousClock()
      let start = clock.now
      var sent = 0
      let error = await expectRPCError {
        _ = try await channel.clientStreamingRaw(echoClientStream, options: CallOptions(timeout: .seconds(2))) {
          writer in
          while true {
            try await writer.send(message)
            sent += 1
          }
        }
      }
      #expect(error?.code == .deadlineExceeded)
      let elapsed = clock.now - start
      #expect(elapsed >= .milliseconds(1900) && elapsed < noHangBound, "ended after \(elapsed)")
      // The server's stream window (16 MiB) plus the send queue (1 MiB) plus one message: then
      // send waits.
      let bound = (16 << 20) + (1 << 20) + 2 * message.count
      #expect(sent * message.count <= bound, "sent \(sent * message.count) bytes")
      // More than the send queue holds went out: the window was used before send waited (a
      // loaded machine may not fill all 16 MiB of it within the deadline).
      #expect(sent * message.count > (1 << 20) + message.count, "the window was used before send waited")
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
    }
  }

  @Test("the server answers a client stream early: send throws the server's status")
  func earlyAnswerEndsSends() async throws {
    try await withServer { server, channel in
      server.register(streamingPath: "/resonite_io.test.Echo/RejectAfterOne") { RejectAfterOne() }
      let error = await expectRPCError {
        _ = try await channel.clientStreamingRaw(
          MethodDescriptor(service: "resonite_io.test.Echo", method: "RejectAfterOne")
        ) {
          writer in
          for _ in 0..<10_000 {
            try await writer.send([UInt8](repeating: 1, count: 1024))
          }
        }
      }
      #expect(error?.code == .resourceExhausted)
      #expect(error?.message == "enough")
    }
  }
}

extension StreamingLifecycleTests {
  @Test("the server answers a client stream early with OK: the body's send fails, and the call returns the response")
  func earlyOKAnswer() async throws {
    try await withServer { server, channel in
      server.register(streamingPath: "/resonite_io.test.Echo/AcceptAfterOne") { AcceptAfterOne() }
      var sent = 0
      let response = try await channel.clientStreamingRaw(
        MethodDescriptor(service: "resonite_io.test.Echo", method: "AcceptAfterOne")
      ) { writer in
        for _ in 0..<100_000 {
          try await writer.send([UInt8](repeating: 1, count: 1024))
          sent += 1
        }
      }
      #expect(response.message == [42])
      #expect(sent < 100_000)
    }
  }
}

/// Answers one message and OK as soon as a request message arrives.
private final class AcceptAfterOne: StreamingHandler {
  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    call.send([42])
    call.finish()
  }
}

/// Answers RESOURCE_EXHAUSTED as soon as a request message arrives.
private final class RejectAfterOne: StreamingHandler {
  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    call.finish(Status(code: .resourceExhausted, message: "enough"))
  }
}
