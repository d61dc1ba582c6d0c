import ResoniteHTTP2

/// A request body for the raw client: prefix and message, END_STREAM on the last DATA frame
/// (or no END_STREAM at all, to keep a stream open for a reset test).
final class RequestBody: HTTP2BodySource {
  private let bytes: [UInt8]
  private var offset = 0
  private let endsStream: Bool

  init(message: [UInt8], compressed: Bool = false, endsStream: Bool = true) {
    let n = UInt32(message.count)
    bytes =
      [compressed ? 1 : 0, UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + message
    self.endsStream = endsStream
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    if offset == bytes.count { return .deferred }
    let n = min(buffer.count, bytes.count - offset)
    bytes.withUnsafeBytes { source in
      buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
    }
    offset += n
    let done = offset == bytes.count
    if done && !endsStream { return .bytes(count: n, endOfBody: false, endStream: false) }
    return .bytes(count: n, endOfBody: done, endStream: done)
  }
}
