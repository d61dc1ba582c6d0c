import Foundation
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC
@testable import ResoniteTransport

/// Large messages are read from the socket straight into the message's array: the kernel's
/// copy is the only one (see `InboundFrameTracker`, `MessageDeframer.receiveTarget`).
@Suite("Direct reads: large DATA payloads go from the socket into the message")
struct DirectReadTests {
  @Test("two 33 MB streamed messages: byte-exact, and nearly all their bytes read straight into them")
  func streamedMessages() async throws {
    try await withServer { _, channel in
      let size = 33_177_600
      let matched = try await streamEchoMessages(on: channel, count: 2, size: size)
      #expect(matched == 2)
      let connection = try #require(channel.connections.first)
      let direct = connection.lock.withLock { connection.bytesReadDirectly }
      // All but the first 64 KiB of each message (the deframer's guard) and the frames below
      // the direct-read minimum may go straight into the message.
      #expect(direct >= 2 * size * 9 / 10, "\(direct) of \(2 * size) bytes read directly")
      #expect(direct <= 2 * size)
    }
  }

  @Test("an 8 MiB unary echo: byte-exact, read straight into the response; small messages never are")
  func unaryEcho() async throws {
    try await withServer { _, channel in
      let small = pattern(100_000)
      #expect(try await channel.unaryRaw(echo, request: small).message == small)
      let connection = try #require(channel.connections.first)
      #expect(connection.lock.withLock { connection.bytesReadDirectly } == 0)
      let large = pattern(8 << 20)
      #expect(try await channel.unaryRaw(echo, request: large).message == large)
      let direct = connection.lock.withLock { connection.bytesReadDirectly }
      #expect(direct >= (8 << 20) * 9 / 10, "\(direct) of \(8 << 20) bytes read directly")
    }
  }
}
