import ResoniteGRPC
import ResoniteHTTP2

/// A piece of a streaming response message.
public enum ResponseSegment {
  /// Bytes the body keeps (retains) until they are sent.
  case bytes([UInt8])
  /// Memory the handler owns and keeps valid and unchanged until
  /// ``StreamingHandler/responseDrained(on:)`` (or the end of the call): sent from where it
  /// is, without a copy (the camera's one preallocated frame buffer).
  case borrowed(UnsafeRawBufferPointer)

  var count: Int {
    switch self {
    case .bytes(let bytes): bytes.count
    case .borrowed(let buffer): buffer.count
    }
  }
}

/// The DATA of a streaming response: a queue of message segments served without copying,
/// deferred while empty (resumed when a message is queued), trailers when finished.
final class StreamingResponseBody: HTTP2BodySource {
  private var segments: [ResponseSegment] = []
  private var head = 0
  private var headOffset = 0
  private var queuedTotal = 0
  private var planned = 0
  private var written = 0
  private var trailers: [HeaderField]?
  /// Ends with END_STREAM on the last DATA frame and no trailers (``finishWithoutTrailers()``).
  private var endsWithoutTrailers = false
  private(set) var isDeferred = false
  /// Set when the queue emptied out to the socket; the connection tells the handler.
  var drained = false

  /// Bytes queued and not yet handed to the socket writer.
  var queuedBytes: Int { queuedTotal - written }

  func append(_ newSegments: [ResponseSegment]) {
    for segment in newSegments where segment.count > 0 {
      segments.append(segment)
      queuedTotal += segment.count
    }
  }

  /// Ends the body with `trailers` once the queue is sent.
  func finish(trailers: [HeaderField]) {
    if self.trailers == nil { self.trailers = trailers }
  }

  /// Ends the body with END_STREAM on its last DATA frame, without trailers, once the queue is
  /// sent (a broken server: no status).
  func finishWithoutTrailers() {
    if trailers == nil { endsWithoutTrailers = true }
  }

  func markResumed() { isDeferred = false }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    let available = queuedTotal - planned
    if available == 0 {
      if endsWithoutTrailers { return .bytes(count: 0, endOfBody: true, endStream: true) }
      guard let trailers else {
        isDeferred = true
        return .deferred
      }
      do {
        try session.submitTrailer(streamID: streamID, headers: trailers)
      } catch {
        return .fail
      }
      return .bytes(count: 0, endOfBody: true, endStream: false)
    }
    let count = min(available, buffer.count)
    planned += count
    let done = (trailers != nil || endsWithoutTrailers) && planned == queuedTotal
    if done, let trailers {
      do {
        try session.submitTrailer(streamID: streamID, headers: trailers)
      } catch {
        return .fail
      }
    }
    return .bytesNoCopy(count: count, endOfBody: done, endStream: endsWithoutTrailers)
  }

  override func writeBody(count: Int, streamID: Int32, to sink: (UnsafeRawBufferPointer) -> Void) {
    var left = count
    while left > 0 && head < segments.count {
      let segment = segments[head]
      let n = min(segment.count - headOffset, left)
      let offset = headOffset
      switch segment {
      case .bytes(let bytes):
        bytes.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
      case .borrowed(let buffer):
        sink(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + n)]))
      }
      headOffset += n
      left -= n
      written += n
      if headOffset == segment.count {
        segments[head] = .bytes([])
        head += 1
        headOffset = 0
      }
    }
    if head == segments.count {
      segments.removeAll(keepingCapacity: true)
      head = 0
      drained = true
    } else if head >= 64 {
      segments.removeFirst(head)
      head = 0
    }
  }
}
