import ResoniteHTTP2

/// Why a write to an ``HTTP2Stream`` failed.
public enum StreamWriteError: Error, Sendable, Hashable {
  /// The stream ended (see the reason) before the bytes were queued.
  case closed(StreamCloseReason)
  /// ``HTTP2Stream/finishWriting()`` was called already: the request body is over.
  case finished
  /// The stream was opened without a writable body.
  case notWritable
}

/// The request body of a stream the application writes to as it goes: a deferred nghttp2 data
/// source (`NGHTTP2_ERR_DEFERRED`, resumed with `nghttp2_session_resume_data`) over a queue of
/// byte chunks that are sent without copying (``HTTP2BodyRead/bytesNoCopy(count:endOfBody:endStream:)``:
/// each chunk goes from its own array to the socket).
///
/// Send backpressure: a write is queued at once while fewer than ``maxQueuedBytes`` bytes wait
/// (so one message larger than the bound is still accepted whole), and otherwise waits until
/// the queue drains below the bound. The queue drains only as nghttp2 sends, that is while the
/// peer's flow-control window is open and the socket takes bytes; so a peer that stops reading
/// makes writes wait, and memory stays within the bound plus one write.
///
/// Everything here is guarded by the connection's lock (nghttp2 calls `readBody` and
/// `writeBody` inside the connection's flush, with the lock held).
final class WritableBody: HTTP2BodySource {
  /// Writes wait while at least this many bytes are queued.
  let maxQueuedBytes: Int

  private var chunks: [[UInt8]] = []
  /// The first chunk not fully handed out, and how far into it.
  private var head = 0
  private var headOffset = 0
  /// Bytes queued in total, promised to nghttp2 (frames planned), and handed out.
  private var queuedTotal = 0
  private var planned = 0
  private var written = 0
  /// ``HTTP2Stream/finishWriting()`` was called: END_STREAM once the queue is sent.
  private(set) var finished = false
  /// The stream ended: writes fail with this.
  private var failure: StreamWriteError?
  /// True while nghttp2 holds the source deferred (it must be resumed when data comes).
  private(set) var isDeferred = false
  /// Writes waiting for room, in order, each with the chunks it queues when it gets it.
  private var waiters: [(chunks: [[UInt8]], continuation: CheckedContinuation<StreamWriteError?, Never>)] = []

  init(maxQueuedBytes: Int) {
    self.maxQueuedBytes = max(maxQueuedBytes, 1)
  }

  /// Bytes written by the application and not yet handed to the socket writer.
  var queuedBytes: Int { queuedTotal - written }

  /// Queues `chunks` if there is room and nobody waits before; otherwise returns false and the
  /// caller waits with ``enqueueWhenRoom(_:continuation:)``.
  /// - Throws: when the stream is over or the body finished.
  func tryEnqueue(_ newChunks: [[UInt8]]) throws(StreamWriteError) -> Bool {
    if let failure { throw failure }
    if finished { throw .finished }
    guard waiters.isEmpty, queuedBytes < maxQueuedBytes else { return false }
    append(newChunks)
    return true
  }

  /// Parks a write until there is room; its chunks are queued then and it resumes with nil,
  /// or with the error that ended the stream.
  func enqueueWhenRoom(_ newChunks: [[UInt8]], continuation: CheckedContinuation<StreamWriteError?, Never>) {
    if let failure {
      continuation.resume(returning: failure)
      return
    }
    if finished {
      continuation.resume(returning: .finished)
      return
    }
    waiters.append((newChunks, continuation))
    admitWaiters()
  }

  /// Ends the body: nghttp2 sends END_STREAM after the queued bytes (an empty DATA frame with
  /// END_STREAM when nothing is queued).
  /// - Returns: false when it was finished already or the stream is over.
  func finish() -> Bool {
    guard failure == nil, !finished else { return false }
    finished = true
    return true
  }

  /// The stream ended: waiting writes fail, later ones too.
  func fail(_ reason: StreamCloseReason) {
    guard failure == nil else { return }
    failure = .closed(reason)
    let parked = waiters
    waiters.removeAll()
    for waiter in parked { waiter.continuation.resume(returning: failure) }
    chunks.removeAll()
    head = 0
    headOffset = 0
  }

  /// Called before `nghttp2_session_resume_data`: the source is no longer deferred.
  func markResumed() { isDeferred = false }

  private func append(_ newChunks: [[UInt8]]) {
    for chunk in newChunks where !chunk.isEmpty {
      chunks.append(chunk)
      queuedTotal += chunk.count
    }
  }

  private func admitWaiters() {
    while let first = waiters.first, queuedBytes < maxQueuedBytes {
      waiters.removeFirst()
      append(first.chunks)
      first.continuation.resume(returning: nil)
    }
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    let available = queuedTotal - planned
    if available == 0 {
      if finished { return .bytes(count: 0, endOfBody: true, endStream: true) }
      isDeferred = true
      return .deferred
    }
    let count = min(available, buffer.count)
    planned += count
    return .bytesNoCopy(count: count, endOfBody: finished && planned == queuedTotal, endStream: true)
  }

  override func writeBody(count: Int, streamID: Int32, to sink: (UnsafeRawBufferPointer) -> Void) {
    var left = count
    while left > 0 && head < chunks.count {
      let n = min(chunks[head].count - headOffset, left)
      let offset = headOffset
      chunks[head].withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
      headOffset += n
      left -= n
      written += n
      if headOffset == chunks[head].count {
        chunks[head] = []  // let the message go as soon as it is out
        head += 1
        headOffset = 0
      }
    }
    if head == chunks.count {
      chunks.removeAll(keepingCapacity: true)
      head = 0
    } else if head >= 64 {
      chunks.removeFirst(head)
      head = 0
    }
    admitWaiters()
  }
}
