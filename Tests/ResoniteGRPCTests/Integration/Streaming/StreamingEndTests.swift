import Foundation
import Synchronization
import ResoniteHTTP2
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

/// How calls whose request is still open end: a response without trailers, and a deadline
/// while a send waits for the peer's window.
@Suite("Streaming calls: the end while the request is still open")
struct StreamingEndTests {
  private static let noTrailers = MethodDescriptor(service: "resonite_io.test.Echo", method: "NoTrailers")

  @Test(
    "bidi: DATA + END_STREAM without trailers ends the call at once with UNKNOWN, and RST_STREAM(NO_ERROR) reaches the server"
  )
  func bidiResponseWithoutTrailers() async throws {
    try await withServer { server, channel in
      server.register(streamingPath: Self.noTrailers.path) { EchoOnceWithoutTrailers() }
      let clock = ContinuousClock()
      let start = clock.now
      var received: [[UInt8]] = []
      let error = await expectRPCError {
        try await channel.bidirectionalStreamingRaw(Self.noTrailers, options: CallOptions(timeout: unreachedWait)) {
          writer, response in
          try await writer.send([1, 2, 3])
          // No finish: the request stays open while the response ends.
          for try await message in response.messages { received.append(message) }
        }
      }
      let elapsed = clock.now - start
      #expect(error?.code == .unknown, "\(String(describing: error))")
      #expect(received == [[1, 2, 3]], "the message before the end is delivered")
      // UNKNOWN, not DEADLINE_EXCEEDED: the end came from the response, long before the deadline.
      #expect(elapsed < noHangBound, "ended after \(elapsed)")
      #expect(await server.waitUntil(timeout: noHangBound) { $0.resets.contains { $0.errorCode == .noError } })
      // The channel goes on.
      let reply = try await channel.unaryRaw(echo, request: [9])
      #expect(reply.message == [9])
    }
  }

  @Test("client streaming: DATA + END_STREAM without trailers while the body still sends: UNKNOWN at once")
  func clientStreamResponseWithoutTrailers() async throws {
    try await withServer { server, channel in
      server.register(streamingPath: Self.noTrailers.path) { EchoOnceWithoutTrailers() }
      let clock = ContinuousClock()
      let start = clock.now
      let error = await expectRPCError {
        _ = try await channel.clientStreamingRaw(Self.noTrailers, options: CallOptions(timeout: unreachedWait)) {
          writer in
          try await writer.send([1])
          // Blocks in a wait the end must interrupt: sends go on until the call ends.
          while true {
            try await writer.send([2])
            try await Task.sleep(for: .milliseconds(5))
          }
        }
      }
      let elapsed = clock.now - start
      #expect(error?.code == .unknown, "\(String(describing: error))")
      // UNKNOWN, not DEADLINE_EXCEEDED: the end came from the response, long before the deadline.
      #expect(elapsed < noHangBound, "ended after \(elapsed)")
    }
  }

  @Test(
    "client streaming: a send blocked on the closed window throws DEADLINE_EXCEEDED at the deadline, not later",
    .timingSensitive)
  func blockedSendWokenAtDeadline() async throws {
    try await withServer({ $0.streaming.stopReadingAfterMessages = 1 }) { server, channel in
      let message = [UInt8](repeating: 7, count: 256 << 10)
      let probe = SchedulingProbe()
      let clock = ContinuousClock()
      let timeout = Duration.milliseconds(700)
      let start = clock.now
      let thrownAt = Mutex<ContinuousClock.Instant?>(nil)
      let error = await expectRPCError {
        _ = try await channel.clientStreamingRaw(echoClientStream, options: CallOptions(timeout: timeout)) { writer in
          do {
            while true { try await writer.send(message) }
          } catch {
            thrownAt.withLock { $0 = clock.now }
            throw error
          }
        }
      }
      let end = clock.now
      #expect(error?.code == .deadlineExceeded)
      let thrown = try #require(thrownAt.withLock { $0 })
      let late = thrown - (start + timeout)
      // How late is only telling when this process ran on time.
      if probe.ranOnTime() {
        #expect(late < .milliseconds(400), "the blocked send threw \(late) after the deadline")
        #expect(end - start < timeout + .seconds(1), "the call ended after \(end - start)")
      }
      #expect(await server.waitForResets(count: 1, timeout: noHangBound))
    }
  }

  @Test("bidi: a send blocked on the closed window throws DEADLINE_EXCEEDED at the deadline", .timingSensitive)
  func bidiBlockedSendWokenAtDeadline() async throws {
    try await withServer({ $0.streaming.stopReadingAfterMessages = 1 }) { server, channel in
      let message = [UInt8](repeating: 7, count: 256 << 10)
      let probe = SchedulingProbe()
      let clock = ContinuousClock()
      let timeout = Duration.milliseconds(700)
      let start = clock.now
      let error = await expectRPCError {
        try await channel.bidirectionalStreamingRaw(echoBidiStream, options: CallOptions(timeout: timeout)) {
          writer, _ in
          while true { try await writer.send(message) }
        }
      }
      let late = clock.now - (start + timeout)
      #expect(error?.code == .deadlineExceeded)
      if probe.ranOnTime() { #expect(late < .milliseconds(400), "the blocked send threw \(late) after the deadline") }
    }
  }
}

/// Echoes the first request message, then ends the response with END_STREAM on DATA and no
/// trailers (no status at all).
private final class EchoOnceWithoutTrailers: StreamingHandler {
  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    guard call.messagesReceived == 1 else { return }
    call.send(message)
    call.finishWithoutTrailers()
  }
}
