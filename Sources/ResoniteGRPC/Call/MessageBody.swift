import ResoniteHTTP2

/// The DATA of a request that carries whole messages known up front (unary, or any call
/// whose requests are all given at once). Each message's 5-byte prefix and payload go from
/// their own buffers to the socket: nghttp2 only plans the frames
/// (``HTTP2BodyRead/bytesNoCopy(count:endOfBody:endStream:)``) and never copies the bytes.
///
/// `@unchecked Sendable`: nghttp2 calls `readBody` and `writeBody`, the only code that touches
/// `planned`, `segment` and `offset`, on the thread driving the session with the connection's
/// lock held; `segments` and `total` never change after `init`.
final class MessageBody: HTTP2BodySource, @unchecked Sendable {
  /// Prefix, payload, prefix, payload...: the body in order.
  private let segments: [[UInt8]]
  private let total: Int
  /// Bytes promised to nghttp2 so far (frames planned by `readBody`).
  private var planned = 0
  /// Where `writeBody` goes on: the segment and the offset in it.
  private var segment = 0
  private var offset = 0

  init(messages: [GRPCMessage]) {
    var segments: [[UInt8]] = []
    segments.reserveCapacity(messages.count * 2)
    for message in messages {
      segments.append(GRPCMessage.prefix(length: message.bytes.count, compressed: message.compressed))
      segments.append(message.bytes)
    }
    self.segments = segments
    self.total = segments.reduce(0) { $0 + $1.count }
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    let count = min(total - planned, buffer.count)
    planned += count
    return .bytesNoCopy(count: count, endOfBody: planned == total, endStream: true)
  }

  override func writeBody(count: Int, streamID: Int32, to sink: (UnsafeRawBufferPointer) -> Void) {
    var left = count
    while left > 0 && segment < segments.count {
      let bytes = segments[segment]
      let n = min(bytes.count - offset, left)
      if n > 0 {
        bytes.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
      }
      offset += n
      left -= n
      if offset == bytes.count {
        segment += 1
        offset = 0
      }
    }
  }
}
