import Foundation
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC
@testable import ResoniteTransport

/// A streaming method of the direct-read tests: asked for `[seed, sizes...]`, it queues one
/// message per size at once (so that a message ends inside a DATA frame and the next one's
/// prefix follows in the same frame), then OK. Message `k` is ``seededMessage(seed:index:size:)``.
let seededMessages = MethodDescriptor(service: "resonite_io.test.DirectRead", method: "SeededMessages")

/// The request of ``seededMessages``: the seed, then each size as a big-endian `UInt32`.
func seededRequest(seed: UInt8, sizes: [Int]) -> [UInt8] {
  [seed] + sizes.flatMap { size in withUnsafeBytes(of: UInt32(size).bigEndian) { Array($0) } }
}

/// Message `index` of seed `seed`: byte `j` is `(seed * 31 + index * 17 + j) % 251`, so that
/// messages of two streams (two seeds) differ at every offset, and a byte moved by anything
/// but a multiple of 251 shows.
func seededMessage(seed: UInt8, index: Int, size: Int) -> [UInt8] {
  let phase = Int(seed) * 31 + index * 17
  return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
    for j in 0..<size { buffer[j] = UInt8(truncatingIfNeeded: (phase + j) % 251) }
    count = size
  }
}

/// The server side of ``seededMessages``.
final class SeededMessagesHandler: StreamingHandler {
  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    guard let seed = message.first, (message.count - 1) % 4 == 0 else {
      call.finish(Status(code: .invalidArgument, message: "want a seed byte and UInt32 sizes"))
      return
    }
    let sizes = stride(from: 1, to: message.count, by: 4).map { at in
      Int(message[at..<(at + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }
    for (index, size) in sizes.enumerated() { call.send(seededMessage(seed: seed, index: index, size: size)) }
    call.finish()
  }
}

/// What one streaming call received.
struct ReceivedStream {
  /// How many messages arrived byte for byte as expected, of how many.
  var matched = 0
  var count = 0
  /// Bytes of the messages.
  var bytes = 0
  /// Message bytes the call's deframer copied in user space.
  var copied = 0
}

/// Calls ``seededMessages`` and checks every message against ``seededMessage(seed:index:size:)``;
/// `onMessage` is told of each message as it is checked (its index).
func receiveSeeded(
  on channel: GRPCChannel, seed: UInt8, sizes: [Int], onMessage: @Sendable (Int) -> Void = { _ in }
) async throws -> ReceivedStream {
  try await channel.serverStreamingRaw(seededMessages, request: seededRequest(seed: seed, sizes: sizes)) { response in
    var received = ReceivedStream()
    for try await message in response.messages {
      let index = received.count
      if index < sizes.count, message == seededMessage(seed: seed, index: index, size: sizes[index]) {
        received.matched += 1
      }
      received.count += 1
      received.bytes += message.count
      onMessage(index)
    }
    // The call has ended: its deframer is written no more (the end was published after).
    received.copied = response.call.copiedResponseBytes
    return received
  }
}

/// Streams `count` `Echo/ServerStream` messages of `size` bytes; how many matched, and the copies.
func receiveEcho(on channel: GRPCChannel, count: Int, size: Int) async throws -> ReceivedStream {
  try await channel.serverStreamingRaw(
    echoServerStream, request: EchoStreams.serverStreamRequest(count: count, size: size)
  ) { response in
    var received = ReceivedStream()
    for try await message in response.messages {
      if message == EchoStreams.message(index: received.count, size: size) { received.matched += 1 }
      received.count += 1
      received.bytes += message.count
    }
    received.copied = response.call.copiedResponseBytes
    return received
  }
}

/// The direct-read counters of a connection.
struct DirectReadCounts {
  /// Bytes `recvmsg` put into stream memory (payloads, frame headers, other streams' frames).
  var intoStreamMemory: Int
  /// DATA bytes their handler found where it wanted them (taken without a copy).
  var inPlace: Int

  init(_ connection: HTTP2Connection) {
    (intoStreamMemory, inPlace) = connection.lock.withLock {
      (connection.bytesReadIntoStreamMemory, connection.bytesReadInPlace)
    }
  }
}

/// A test server configuration sending DATA frames of at most `frameBytes` (nil: the server's
/// 256 KiB), with ``seededMessages`` registered.
func directReadServer(frameBytes: Int?) -> (inout TestServer.Configuration) -> Void {
  { configuration in
    configuration.maxDataFrameBytes = frameBytes
    configuration.streamingHandlers[seededMessages.path] = { SeededMessagesHandler() }
  }
}

/// Checks how the bytes of `received` were copied: each byte is taken in place or copied at
/// least once, and only the deframer's guard (up to 64 KiB per message, before the full
/// length is allocated) is copied twice. Returns the copies per message byte.
@discardableResult
func checkCopies(
  _ received: ReceivedStream, messages: Int, _ counts: DirectReadCounts, sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
  let twice = received.copied - (received.bytes - counts.inPlace)
  #expect(twice >= 0, "every byte not in place is copied: \(received.copied) copied, \(counts.inPlace) in place of \(received.bytes)", sourceLocation: sourceLocation)
  #expect(twice <= messages * MessageDeframer.fullLengthAfter, "\(twice) bytes copied twice", sourceLocation: sourceLocation)
  #expect(counts.inPlace <= counts.intoStreamMemory, sourceLocation: sourceLocation)
  return Double(received.copied) / Double(max(received.bytes, 1))
}
