import ResoniteHTTP2

/// The DATA of a request that carries whole messages known up front (unary, or any call
/// whose requests are all given at once).
///
/// Two ways to serve it:
/// - A large body goes from the messages' own buffers to the socket: nghttp2 only plans the
///   frames (``HTTP2BodyRead/bytesNoCopy(count:endOfBody:endStream:)``) and never copies the
///   bytes.
/// - A body of at most ``copyLimit`` bytes (a typical unary request: tens of bytes) is copied
///   into nghttp2's frame buffer (``HTTP2BodyRead/bytes(count:endOfBody:endStream:)``): for so
///   few bytes a copy costs less than the no-copy path's extra callback and writes.
///
/// Each message's 5-byte prefix is written from the stack as it is served, not kept in an
/// array of its own.
///
/// `@unchecked Sendable`: nghttp2 calls `readBody` and `writeBody`, the only code that touches
/// `planned`, `message`, `part` and `offset`, on the thread driving the session with the
/// connection's lock held; the `let`s never change after `init`.
final class MessageBody: HTTP2BodySource, @unchecked Sendable {
  /// Bodies up to this many bytes are copied into nghttp2's frame buffer.
  static let copyLimit = 4 << 10

  private let messages: [GRPCMessage]
  private let total: Int
  private let copies: Bool
  /// Bytes promised to nghttp2 so far (frames planned by `readBody`).
  private var planned = 0
  /// Where serving goes on: the message, its part (0: the prefix, 1: the payload), the offset
  /// in that part.
  private var message = 0
  private var part = 0
  private var offset = 0

  /// - Parameters:
  ///   - messages: the request messages, in order.
  ///   - copyLimit: bodies up to this many bytes are copied into nghttp2's buffer; larger ones
  ///     are served without copying, and with 0 every body is.
  init(messages: [GRPCMessage], copyLimit: Int = MessageBody.copyLimit) {
    self.messages = messages
    let total = messages.reduce(0) { $0 + 5 + $1.bytes.count }
    self.total = total
    self.copies = copyLimit > 0 && total <= copyLimit
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    let count = min(total - planned, buffer.count)
    planned += count
    guard copies else { return .bytesNoCopy(count: count, endOfBody: planned == total, endStream: true) }
    var filled = 0
    serve(count) { bytes in
      UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(filled + bytes.count)]).copyMemory(from: bytes)
      filled += bytes.count
    }
    return .bytes(count: count, endOfBody: planned == total, endStream: true)
  }

  override func writeBody(count: Int, streamID: Int32, to sink: (UnsafeRawBufferPointer) -> Void) {
    serve(count, to: sink)
  }

  /// Hands the next `count` bytes of the body to `sink`, in pieces.
  private func serve(_ count: Int, to sink: (UnsafeRawBufferPointer) -> Void) {
    var left = count
    while left > 0 && message < messages.count {
      let current = messages[message]
      let n: Int
      if part == 0 {
        let length = UInt32(truncatingIfNeeded: current.bytes.count)
        var prefix: (UInt8, UInt8, UInt8, UInt8, UInt8) = (
          current.compressed ? 1 : 0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
          UInt8(length & 0xFF)
        )
        n = min(5 - offset, left)
        withUnsafeBytes(of: &prefix) { sink(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
      } else {
        n = min(current.bytes.count - offset, left)
        if n > 0 {
          current.bytes.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
        }
      }
      offset += n
      left -= n
      if offset == (part == 0 ? 5 : current.bytes.count) {
        offset = 0
        if part == 0 {
          part = 1
        } else {
          part = 0
          message += 1
        }
      }
    }
  }
}
