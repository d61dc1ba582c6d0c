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
  // One period, then doubled by copies: cheap even in a debug build.
  return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
    let first = min(size, 251)
    for j in 0..<first { buffer[j] = UInt8(truncatingIfNeeded: (phase + j) % 251) }
    var filled = first
    while filled < size {
      let n = min(filled - filled % 251, size - filled)
      UnsafeMutableRawPointer(buffer.baseAddress! + filled).copyMemory(from: buffer.baseAddress!, byteCount: n)
      filled += n
    }
    count = size
  }
}

/// `a == b` with `memcmp`: large arrays compared at memory speed even in a debug build.
func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
  guard a.count == b.count else { return false }
  guard !a.isEmpty else { return true }
  return a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
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
      if index < sizes.count, sameBytes(message, seededMessage(seed: seed, index: index, size: sizes[index])) {
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
      if sameBytes(message, EchoStreams.message(index: received.count, size: size)) { received.matched += 1 }
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

/// Checks how the bytes of `received` (messages of `sizes`) were copied: each byte is taken in
/// place or copied at least once, and only the deframer's guard (the bytes before a large
/// message's full length is allocated) is copied twice. Returns the copies per message byte.
@discardableResult
func checkCopies(
  _ received: ReceivedStream, sizes: [Int], _ counts: DirectReadCounts,
  sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
  let twice = received.copied - (received.bytes - counts.inPlace)
  let guarded = sizes.filter { $0 > MessageDeframer.initialReservation }.count * MessageDeframer.fullLengthAfter
  #expect(
    twice >= 0,
    "every byte not in place is copied: \(received.copied) copied, \(counts.inPlace) in place of \(received.bytes)",
    sourceLocation: sourceLocation)
  #expect(twice <= guarded, "\(twice) bytes copied twice, of \(guarded) guarded", sourceLocation: sourceLocation)
  #expect(counts.inPlace <= counts.intoStreamMemory, sourceLocation: sourceLocation)
  return Double(received.copied) / Double(max(received.bytes, 1))
}
