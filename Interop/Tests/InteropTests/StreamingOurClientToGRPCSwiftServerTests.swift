import InteropSupport
import ResoniteGRPC
import ResoniteIO
import Synchronization
import Testing

/// A, streaming. Our client's server-, client- and bidi-streaming calls against a grpc-swift 2
/// server's streaming handlers (`Interop/ServerStream`, `Endless`, `ClientStream`, `BidiEcho`),
/// over a real Unix domain socket. Each call has a deadline (30 s unless the test sets one).
@Suite("A. our GRPCChannel streaming -> grpc-swift server", .serialized, .timeLimit(.minutes(3)))
struct StreamingOurClientToGRPCSwiftServerTests {
  private static let serverStream = MethodDescriptor(service: InteropContract.interopService, method: "ServerStream")
  private static let endless = MethodDescriptor(service: InteropContract.interopService, method: "Endless")
  private static let clientStream = MethodDescriptor(service: InteropContract.interopService, method: "ClientStream")
  private static let bidiEcho = MethodDescriptor(service: InteropContract.interopService, method: "BidiEcho")
  private static let echo = MethodDescriptor(service: InteropContract.echoService, method: "Echo")

  /// A camera frame at 3840x2160 RGBA: the largest message the mod sends.
  static let frameSize = 3840 * 2160 * 4

  private static func options(timeout: Duration = .seconds(30), callID: String? = nil, metadata: [String: String] = [:])
    -> CallOptions
  {
    var all = Metadata()
    if let callID { all.addString(callID, forKey: InteropContract.callIDKey) }
    for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { all.addString(value, forKey: key) }
    return CallOptions(timeout: timeout, metadata: all)
  }

  private func withServer(_ body: (GRPCSwiftInteropServer, GRPCChannel) async throws -> Void) async throws {
    try await withGRPCSwiftServerAndChannel(body)
  }

  /// The channel still takes a unary call.
  private func expectUsable(_ channel: GRPCChannel) async throws {
    let after = try await channel.unaryRaw(Self.echo, request: [4, 2], options: CallOptions(timeout: .seconds(10)))
    #expect(after.message == [4, 2])
  }

  // MARK: server-streaming

  @Test(
    "Server-streaming: every message arrives in order, byte-exact, then OK",
    arguments: [(count: 300, size: 0), (count: 300, size: 97), (count: 40, size: 70_000), (count: 3, size: frameSize)])
  func serverStreaming(count: Int, size: Int) async throws {
    try await withServer { _, channel in
      let seed: UInt64 = 0xC0FFEE
      let (received, matched) = try await channel.serverStreaming(
        Self.serverStream, request: InteropContract.serverStreamRequest(count: count, size: size, seed: seed),
        requestCodec: RawCodec(), responseCodec: RawCodec(), options: Self.options()
      ) { response in
        var received = 0
        var matched = 0
        for try await message in response.messages {
          if Payload.equal(message, InteropContract.streamMessage(size: size, seed: seed, index: received)) {
            matched += 1
          }
          received += 1
        }
        return (received, matched)
      }
      #expect(received == count)
      #expect(matched == count, "\(count - matched) of \(count) messages differ or are out of order")
    }
  }

  @Test("Server-streaming: an error status after some messages is thrown after them, exactly")
  func serverStreamingErrorMidStream() async throws {
    try await withServer { _, channel in
      let message = "mid-stream: ünïcödé 100% 世界"
      let received = Mutex(0)
      let error = await #expect(throws: RPCError.self) {
        try await channel.serverStreaming(
          Self.serverStream,
          request: InteropContract.serverStreamRequest(
            count: 5, size: 1_000, seed: 1, failCode: StatusCode.dataLoss.rawValue, failMessage: message),
          requestCodec: RawCodec(), responseCodec: RawCodec(), options: Self.options()
        ) { response in
          for try await _ in response.messages { received.withLock { $0 += 1 } }
        }
      }
      #expect(received.withLock { $0 } == 5)
      #expect(error?.code == .dataLoss)
      #expect(error?.message == message)
      try await expectUsable(channel)
    }
  }

  @Test("Server-streaming: leaving the loop early cancels the stream; the grpc-swift handler sees it")
  func serverStreamingEarlyExit() async throws {
    try await withServer { server, channel in
      let taken = try await channel.serverStreaming(
        Self.endless, request: InteropContract.endlessRequest(size: 4_096, intervalMilliseconds: 5),
        requestCodec: RawCodec(), responseCodec: RawCodec(), options: Self.options(callID: "break")
      ) { response in
        var taken = 0
        for try await _ in response.messages {
          taken += 1
          if taken == 3 { break }
        }
        return taken
      }
      #expect(taken == 3)
      // The call's deadline is 30 s away: only our RST_STREAM(CANCEL) can have told the handler.
      let outcome = await server.recorder.streamOutcome(ofCall: "break", within: .seconds(5))
      guard case .cancelled(let sent)? = outcome else {
        Issue.record("the handler did not see the cancel: \(String(describing: outcome))")
        return
      }
      #expect(sent >= 3)
      try await expectUsable(channel)
    }
  }

  @Test("Server-streaming: a deadline ends a live stream with DEADLINE_EXCEEDED on time")
  func serverStreamingDeadline() async throws {
    try await withServer { server, channel in
      let clock = ContinuousClock()
      let start = clock.now
      let received = Mutex(0)
      let error = await #expect(throws: RPCError.self) {
        try await channel.serverStreaming(
          Self.endless, request: InteropContract.endlessRequest(size: 100, intervalMilliseconds: 10),
          requestCodec: RawCodec(), responseCodec: RawCodec(),
          options: Self.options(timeout: .milliseconds(400), callID: "deadline")
        ) { response in
          for try await _ in response.messages { received.withLock { $0 += 1 } }
        }
      }
      let elapsed = clock.now - start
      #expect(error?.code == .deadlineExceeded)
      #expect(received.withLock { $0 } >= 1, "no message arrived before the deadline")
      #expect(elapsed >= .milliseconds(390))
      #expect(elapsed < .seconds(5), "DEADLINE_EXCEEDED took \(elapsed)")
      let outcome = await server.recorder.streamOutcome(ofCall: "deadline", within: .seconds(5))
      guard case .cancelled? = outcome else {
        Issue.record("the handler did not see the deadline: \(String(describing: outcome))")
        return
      }
      try await expectUsable(channel)
    }
  }

  // MARK: client-streaming

  @Test(
    "Client-streaming: the server receives every message in order (its digests come back)",
    arguments: [
      (count: 200, size: 0), (count: 200, size: 131), (count: 20, size: 100_000), (count: 2, size: frameSize),
    ])
  func clientStreaming(count: Int, size: Int) async throws {
    try await withServer { server, channel in
      let messages = (0..<count).map { InteropContract.streamMessage(size: size, seed: 77, index: $0) }
      let response = try await channel.clientStreaming(
        Self.clientStream, requestCodec: RawCodec(), responseCodec: RawCodec(),
        options: Self.options(callID: "client-\(count)-\(size)")
      ) { writer in
        for message in messages { try await writer.send(message) }
      }
      #expect(response.message == InteropContract.clientStreamResponse(messages))
      #expect(
        await server.recorder.streamOutcome(ofCall: "client-\(count)-\(size)", within: .seconds(5))
          == .completed(messages: count))
    }
  }

  @Test("Client-streaming: cancel() resets the stream; the grpc-swift handler sees a cancel, not an end")
  func clientStreamingCancel() async throws {
    try await withServer { server, channel in
      let error = await #expect(throws: RPCError.self) {
        _ = try await channel.clientStreaming(
          Self.clientStream, requestCodec: RawCodec(), responseCodec: RawCodec(),
          options: Self.options(callID: "cancel")
        ) { writer in
          for index in 0..<3 { try await writer.send(InteropContract.streamMessage(size: 500, seed: 5, index: index)) }
          // Cancel only once the server has the three messages, so that it must see the reset
          // of a live stream.
          #expect(await server.recorder.waitForProgress(ofCall: "cancel", messages: 3, within: .seconds(10)))
          writer.cancel()
        }
      }
      #expect(error?.code == .cancelled)
      #expect(await server.recorder.streamOutcome(ofCall: "cancel", within: .seconds(5)) == .cancelled(messages: 3))
      try await expectUsable(channel)
    }
  }

  @Test("Client-streaming: an error thrown from the body cancels the stream")
  func clientStreamingThrowCancels() async throws {
    struct Oops: Error {}
    try await withServer { server, channel in
      await #expect(throws: (any Error).self) {
        _ = try await channel.clientStreaming(
          Self.clientStream, requestCodec: RawCodec(), responseCodec: RawCodec(), options: Self.options(callID: "throw")
        ) { writer in
          try await writer.send([1, 2, 3])
          #expect(await server.recorder.waitForProgress(ofCall: "throw", messages: 1, within: .seconds(10)))
          throw Oops()
        }
      }
      #expect(await server.recorder.streamOutcome(ofCall: "throw", within: .seconds(5)) == .cancelled(messages: 1))
      try await expectUsable(channel)
    }
  }

  @Test("Client-streaming: the server's error status mid-stream reaches the caller, exactly")
  func clientStreamingErrorMidStream() async throws {
    try await withServer { _, channel in
      // Metadata carries the message to the server, so ASCII (non-ASCII status messages are
      // covered by the server-streaming test and the unary suite).
      let message = "stop after two: 50% (%41 stays)"
      let error = await #expect(throws: RPCError.self) {
        _ = try await channel.clientStreaming(
          Self.clientStream, requestCodec: RawCodec(), responseCodec: RawCodec(),
          options: Self.options(metadata: [
            InteropContract.failAfterKey: "2", InteropContract.failCodeKey: "\(StatusCode.resourceExhausted.rawValue)",
            InteropContract.failMessageKey: message,
          ])
        ) { writer in
          // Sends after the server has failed may fail themselves; the call's status is the
          // server's either way.
          for index in 0..<50 {
            do {
              try await writer.send(InteropContract.streamMessage(size: 200, seed: 9, index: index))
            } catch {
              return
            }
            try await Task.sleep(for: .milliseconds(2))
          }
        }
      }
      #expect(error?.code == .resourceExhausted)
      #expect(error?.message == message)
      try await expectUsable(channel)
    }
  }

  @Test("Client-streaming: a deadline fires while the caller still holds the stream open")
  func clientStreamingDeadline() async throws {
    try await withServer { server, channel in
      let clock = ContinuousClock()
      let start = clock.now
      let error = await #expect(throws: RPCError.self) {
        _ = try await channel.clientStreaming(
          Self.clientStream, requestCodec: RawCodec(), responseCodec: RawCodec(),
          options: Self.options(timeout: .milliseconds(400), callID: "client-deadline")
        ) { writer in
          // A producer at its own pace (a microphone, say): its next send after the deadline
          // throws the call's end.
          for _ in 0..<1_000 {
            try await writer.send([1])
            try await Task.sleep(for: .milliseconds(20))
          }
        }
      }
      let elapsed = clock.now - start
      #expect(error?.code == .deadlineExceeded)
      #expect(elapsed >= .milliseconds(390))
      #expect(elapsed < .seconds(5), "DEADLINE_EXCEEDED took \(elapsed)")
      let outcome = await server.recorder.streamOutcome(ofCall: "client-deadline", within: .seconds(5))
      guard case .cancelled? = outcome else {
        Issue.record("the handler did not see the deadline: \(String(describing: outcome))")
        return
      }
      try await expectUsable(channel)
    }
  }

  @Test("Client-streaming: the deadline resets the stream on time even while the body is not sending")
  func clientStreamingDeadlineWhileIdle() async throws {
    try await withServer { server, channel in
      let clock = ContinuousClock()
      let start = clock.now
      // When the grpc-swift handler sees the cancel, measured while our body still sleeps.
      let seen = Task { () -> Duration? in
        guard case .cancelled? = await server.recorder.streamOutcome(ofCall: "idle-deadline", within: .seconds(10))
        else {
          return nil
        }
        return clock.now - start
      }
      let error = await #expect(throws: RPCError.self) {
        _ = try await channel.clientStreaming(
          Self.clientStream, requestCodec: RawCodec(), responseCodec: RawCodec(),
          options: Self.options(timeout: .milliseconds(300), callID: "idle-deadline")
        ) { writer in
          try await writer.send([1])
          // The body does not learn of the deadline until it sends again or returns; the
          // stream is reset at the deadline all the same.
          try await Task.sleep(for: .seconds(2))
        }
      }
      #expect(error?.code == .deadlineExceeded)
      let cancelledAfter = await seen.value
      #expect(cancelledAfter != nil, "the handler never saw the deadline")
      if let cancelledAfter {
        #expect(cancelledAfter >= .milliseconds(290))
        #expect(cancelledAfter < .milliseconds(1_500), "the stream was reset only after \(cancelledAfter)")
      }
      try await expectUsable(channel)
    }
  }

  // MARK: bidi

  @Test(
    "Bidi: each echo arrives before the next request is sent (lockstep), then OK",
    arguments: [(count: 50, size: 64), (count: 2, size: frameSize)])
  func bidiLockstep(count: Int, size: Int) async throws {
    try await withServer { server, channel in
      let matched = try await channel.bidirectionalStreaming(
        Self.bidiEcho, requestCodec: RawCodec(), responseCodec: RawCodec(),
        options: Self.options(callID: "bidi-\(size)")
      ) { writer, response in
        var matched = 0
        var iterator = response.messages.makeAsyncIterator()
        for index in 0..<count {
          let message = InteropContract.streamMessage(size: size, seed: 3, index: index)
          try await writer.send(message)
          guard let echo = try await iterator.next() else { break }
          if Payload.equal(echo, message) { matched += 1 }
        }
        writer.finish()
        // After the half-close the server ends the stream with OK and no more messages.
        #expect(try await iterator.next() == nil)
        return matched
      }
      #expect(matched == count)
      #expect(
        await server.recorder.streamOutcome(ofCall: "bidi-\(size)", within: .seconds(5)) == .completed(messages: count))
    }
  }

  @Test("Bidi: the server's error status after three echoes comes through, exactly")
  func bidiErrorMidStream() async throws {
    try await withServer { _, channel in
      let message = "bidi failed after three, 100% (%41)"
      let echoes = Mutex(0)
      let error = await #expect(throws: RPCError.self) {
        try await channel.bidirectionalStreaming(
          Self.bidiEcho, requestCodec: RawCodec(), responseCodec: RawCodec(),
          options: Self.options(metadata: [
            InteropContract.failAfterKey: "3", InteropContract.failCodeKey: "\(StatusCode.aborted.rawValue)",
            InteropContract.failMessageKey: message,
          ])
        ) { writer, response in
          var iterator = response.messages.makeAsyncIterator()
          for index in 0..<10 {
            try await writer.send([UInt8(index)])
            guard try await iterator.next() != nil else { break }
            echoes.withLock { $0 += 1 }
          }
        }
      }
      #expect(echoes.withLock { $0 } == 3)
      #expect(error?.code == .aborted)
      #expect(error?.message == message)
      try await expectUsable(channel)
    }
  }

  @Test("Bidi: cancel() mid-stream resets it; the grpc-swift handler sees the cancel")
  func bidiCancel() async throws {
    try await withServer { server, channel in
      let error = await #expect(throws: RPCError.self) {
        try await channel.bidirectionalStreaming(
          Self.bidiEcho, requestCodec: RawCodec(), responseCodec: RawCodec(),
          options: Self.options(callID: "bidi-cancel")
        ) { writer, response in
          var iterator = response.messages.makeAsyncIterator()
          for index in 0..<2 {
            try await writer.send([UInt8(index)])
            _ = try await iterator.next()
          }
          writer.cancel()
          // The stream is gone: reading ends or throws CANCELLED.
          _ = try await iterator.next()
        }
      }
      #expect(error?.code == .cancelled)
      #expect(
        await server.recorder.streamOutcome(ofCall: "bidi-cancel", within: .seconds(5)) == .cancelled(messages: 2))
      try await expectUsable(channel)
    }
  }
}
