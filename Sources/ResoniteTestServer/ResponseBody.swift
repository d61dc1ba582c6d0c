import ResoniteGRPC
import ResoniteHTTP2

/// The DATA of a successful unary response: the 5-byte prefix and the message, handed to the
/// socket from their own arrays (nghttp2 only plans the frames and never copies the bytes),
/// then the trailers, submitted as the body ends.
final class ResponseBody: HTTP2BodySource {
  private let prefix: [UInt8]
  private let message: [UInt8]
  private let trailers: [HeaderField]
  /// Bytes of prefix + message promised to nghttp2 (frames planned by `readBody`).
  private var planned = 0
  /// Bytes of prefix + message handed out by `writeBody`.
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
    let total = prefix.count + message.count
    let count = min(total - planned, buffer.count)
    planned += count
    let done = planned == total
    if done {
      // Trailers may be submitted from inside the read callback; they follow this last DATA.
      do {
        try session.submitTrailer(streamID: streamID, headers: trailers)
      } catch {
        return .fail
      }
    }
    return .bytesNoCopy(count: count, endOfBody: done, endStream: false)
  }

  override func writeBody(count: Int, streamID: Int32, to sink: (UnsafeRawBufferPointer) -> Void) {
    var left = count
    if offset < prefix.count {
      let n = min(prefix.count - offset, left)
      prefix.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
      offset += n
      left -= n
    }
    if left > 0 {
      let start = offset - prefix.count
      message.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[start..<(start + left)])) }
      offset += left
    }
  }
}
