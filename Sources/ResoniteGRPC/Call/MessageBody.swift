import ResoniteHTTP2

/// The DATA of a request that carries whole messages known up front (unary, or any call
/// whose requests are all given at once): each message's 5-byte prefix and payload are served
/// straight from their own buffers, never joined into a new one.
final class MessageBody: HTTP2BodySource, @unchecked Sendable {
  private let messages: [GRPCMessage]
  private var index = 0
  private var prefix: [UInt8]
  private var prefixOffset = 0
  private var payloadOffset = 0

  init(messages: [GRPCMessage]) {
    self.messages = messages
    self.prefix = messages.first.map { GRPCMessage.prefix(length: $0.bytes.count, compressed: $0.compressed) } ?? []
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    var written = 0
    while written < buffer.count && index < messages.count {
      if prefixOffset < prefix.count {
        let n = min(prefix.count - prefixOffset, buffer.count - written)
        prefix.withUnsafeBytes { src in
          (buffer.baseAddress! + written).copyMemory(from: src.baseAddress! + prefixOffset, byteCount: n)
        }
        prefixOffset += n
        written += n
        continue
      }
      let payload = messages[index].bytes
      let n = min(payload.count - payloadOffset, buffer.count - written)
      if n > 0 {
        payload.withUnsafeBytes { src in
          (buffer.baseAddress! + written).copyMemory(from: src.baseAddress! + payloadOffset, byteCount: n)
        }
        payloadOffset += n
        written += n
      }
      if payloadOffset == payload.count {
        index += 1
        payloadOffset = 0
        prefixOffset = 0
        prefix = index < messages.count
          ? GRPCMessage.prefix(length: messages[index].bytes.count, compressed: messages[index].compressed) : []
      }
    }
    let done = index >= messages.count
    return .bytes(count: written, endOfBody: done, endStream: true)
  }
}
