/// Follows the HTTP/2 frame boundaries of the bytes the peer sends, beside nghttp2, so that the
/// connection knows when the next bytes on the socket are the payload of a DATA frame, and of
/// which stream: those can be read from the socket straight into the memory the stream's
/// handler offers (``HTTP2StreamHandler/streamReceiveTarget()``), with no copy in between.
///
/// It only counts: 9-byte frame headers (24-bit length, type, flags, stream id) and payload
/// lengths. It must see every byte given to nghttp2, in order; the peer's first byte is a
/// frame header (a server sends no preface magic). Guarded by the connection's lock.
struct InboundFrameTracker {
  private var header: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
  private var headerFilled = 0
  private var payloadLeft = 0
  /// The stream of the current frame when it is DATA without padding, else 0.
  private var dataStream: Int32 = 0
  /// The stream of the last frame when it was DATA without padding, else 0.
  private var lastDataStream: Int32 = 0

  static let frameHeaderLength = 9
  private static let dataType: UInt8 = 0
  private static let paddedFlag: UInt8 = 0x8

  /// When the next bytes are the payload of an unpadded DATA frame: its stream, and how many
  /// of its payload bytes are still to come. At a frame boundary right after such a frame:
  /// that frame's stream and 0 (the next frame is likely more of the same).
  var dataPayload: (streamID: Int32, remaining: Int)? {
    guard headerFilled == 0 else { return nil }
    if payloadLeft > 0 { return dataStream != 0 ? (dataStream, payloadLeft) : nil }
    return lastDataStream != 0 ? (lastDataStream, 0) : nil
  }

  /// Counts `bytes`, the next bytes given to nghttp2.
  mutating func advance(_ bytes: UnsafeRawBufferPointer) {
    var index = 0
    let count = bytes.count
    while index < count {
      if payloadLeft > 0 {
        let n = min(payloadLeft, count - index)
        payloadLeft -= n
        index += n
        continue
      }
      withUnsafeMutableBytes(of: &header) { $0[headerFilled] = bytes[index] }
      headerFilled += 1
      index += 1
      if headerFilled == Self.frameHeaderLength {
        headerFilled = 0
        let length = Int(header.0) << 16 | Int(header.1) << 8 | Int(header.2)
        let type = header.3
        let flags = header.4
        let stream = Int32(
          bitPattern: UInt32(header.5 & 0x7F) << 24 | UInt32(header.6) << 16 | UInt32(header.7) << 8 | UInt32(header.8))
        payloadLeft = length
        dataStream = type == Self.dataType && flags & Self.paddedFlag == 0 ? stream : 0
        lastDataStream = dataStream
      }
    }
  }
}
