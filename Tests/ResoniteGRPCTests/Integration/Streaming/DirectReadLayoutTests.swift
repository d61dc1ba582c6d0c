import Foundation
import ResoniteHTTP2
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC
@testable import ResoniteTransport

/// The layouts of DATA frames that put other bytes into a message's memory during a direct
/// read: frames of other streams interleaved, padded frames, and messages that end inside a
/// frame. Every message is checked byte for byte.
@Suite("Direct reads: interleaved streams, padded frames, messages ending mid-frame")
struct DirectReadLayoutTests {
  @Test(
    "two streams' large messages interleaved frame by frame on one connection: each byte-exact",
    arguments: DirectReadTests.frameSizes)
  func interleavedStreams(frameBytes: Int?) async throws {
    try await withServer(directReadServer(frameBytes: frameBytes)) { _, channel in
      let sizes = [8 << 20, 33_177_600]
      let order = Locked<[UInt8]>([])
      let results = try await withThrowingTaskGroup(of: (UInt8, ReceivedStream).self) { group in
        for seed: UInt8 in [1, 2] {
          group.addTask {
            (
              seed,
              try await receiveSeeded(on: channel, seed: seed, sizes: sizes) { _ in order.update { $0.append(seed) } }
            )
          }
        }
        return try await group.reduce(into: [UInt8: ReceivedStream]()) { $0[$1.0] = $1.1 }
      }
      #expect(channel.connections.count == 1, "both calls on one connection")
      for seed: UInt8 in [1, 2] {
        #expect(results[seed]?.matched == 2, "stream \(seed)")
      }
      // Frames alternated: each stream's first message came before either stream's second.
      let arrivals = order.value
      #expect(Set(arrivals.prefix(2)) == [1, 2], "messages completed in the order \(arrivals)")
      let counts = DirectReadCounts(try #require(channel.connections.first))
      // Other streams' frames (and headers) were read into a message's memory and moved out.
      #expect(counts.intoStreamMemory > counts.inPlace, "\(counts)")
      let total = results.values.reduce(ReceivedStream()) { sum, stream in
        ReceivedStream(
          matched: sum.matched + stream.matched, count: sum.count + stream.count, bytes: sum.bytes + stream.bytes,
          copied: sum.copied + stream.copied)
      }
      checkCopies(total, sizes: sizes + sizes, counts)
    }
  }

  @Test(
    "messages ending inside a DATA frame, the next one's prefix in the same frame: each byte-exact",
    arguments: DirectReadTests.frameSizes)
  func messagesEndingMidFrame(frameBytes: Int?) async throws {
    // Sizes that end off every frame boundary; 1 MiB + 3 just past the deframer's first buffer.
    let sizes = [(8 << 20) + 1001, 33_177_600, (1 << 20) + 3, 100_000, (2 << 20) + 11]
    var end = 0
    for size in sizes {
      end += GRPCMessage.prefixLength + size
      #expect(end % (frameBytes ?? 256 << 10) != 0, "message ends on a frame boundary")
    }
    try await withServer(directReadServer(frameBytes: frameBytes)) { _, channel in
      let received = try await receiveSeeded(on: channel, seed: 7, sizes: sizes)
      #expect(received.count == sizes.count)
      #expect(received.matched == sizes.count)
      let counts = DirectReadCounts(try #require(channel.connections.first))
      #expect(counts.inPlace > 0)
      checkCopies(received, sizes: sizes, counts)
    }
  }

  @Test(
    "padded DATA frames: byte-exact; a padded frame is never read in place, one read ahead is moved back",
    arguments: [1, 2])
  func paddedFrames(every: Int) async throws {
    let payload = pattern(8 << 20)
    try await withServer { server, channel in
      let method = MethodDescriptor(service: "resonite_io.test.DirectRead", method: "Padded")
      server.register(path: method.path) { _ in
        .scripted(
          ScriptedResponse(
            body: ScriptedResponse.framed([payload]), maxFrameBytes: 16_000,
            padding: ScriptedResponse.FramePadding(bytes: 200, every: every),
            trailers: [HeaderField("grpc-status", "0")]))
      }
      let reply = try await channel.unaryRaw(method, request: [], options: CallOptions(timeout: noHangBound))
      #expect(sameBytes(reply.message, payload))
      let counts = DirectReadCounts(try #require(channel.connections.first))
      if every == 1 {
        // Every frame padded: the tracker offers no frame for a direct read, nor the next one.
        #expect(counts.intoStreamMemory == 0, "\(counts)")
      } else {
        // After an unpadded frame the next one is read ahead into the message's memory: a
        // padded one lands behind its pad-length byte and is moved back, never in place. Only
        // unpadded payloads are ever in place (at most half of the bytes).
        #expect(counts.intoStreamMemory > 0, "read ahead: \(counts)")
        #expect(counts.inPlace < counts.intoStreamMemory, "\(counts)")
        #expect(counts.inPlace <= payload.count / 2 + 16_000, "\(counts)")
      }
    }
  }
}
