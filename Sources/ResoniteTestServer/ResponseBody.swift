import ResoniteGRPC
import ResoniteHTTP2

/// The DATA of a successful unary response: the 5-byte prefix and the message, copied straight
/// into nghttp2's frame buffers, then the trailers, submitted as the body ends.
final class ResponseBody: HTTP2BodySource {
  private let prefix: [UInt8]
  private let message: [UInt8]
  private let trailers: [HeaderField]
  /// Bytes of prefix + message already handed out.
  private var offset = 0

  /// A body for `message`, ending with `trailers`.
  init(message: [UInt8], trailers: [HeaderField]) {
    self.prefix = GRPCMessage.prefix(length: message.count, compressed: false)
    self.message = message
    self.trailers = trailers
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    var written = 0
    if offset < prefix.count {
      let n = min(prefix.count - offset, buffer.count)
      prefix.withUnsafeBytes { source in
        buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
      }
      offset += n
      written = n
    }
    let messageOffset = offset - prefix.count
    if messageOffset >= 0 && messageOffset < message.count && written < buffer.count {
      let n = min(message.count - messageOffset, buffer.count - written)
      message.withUnsafeBytes { source in
        (buffer.baseAddress! + written).copyMemory(from: source.baseAddress! + messageOffset, byteCount: n)
      }
      offset += n
      written += n
    }
    let done = offset == prefix.count + message.count
    if done {
      // Trailers may be submitted from inside the read callback; they follow this last DATA.
      do {
        try session.submitTrailer(streamID: streamID, headers: trailers)
      } catch {
        return .fail
      }
    }
    return .bytes(count: written, endOfBody: done, endStream: false)
  }
}
