import ResoniteHTTP2
import Synchronization

/// What ``HTTP2Stream`` does on its connection, and the one place a stream's handler is told
/// the stream ended.
extension HTTP2Connection {
  /// Resets `stream` with `code` and closes its handler with ``StreamCloseReason/cancelled``:
  /// at once when the connection's lock is free, else by the I/O thread, woken for it.
  ///
  /// Never waits for the lock, because it runs in task-cancellation handlers: the Swift runtime
  /// calls those holding the cancelled task's status lock, while the thread driving the
  /// connection may be resuming a continuation of that same task under the connection's lock
  /// (a handler's event, or ``endLocked(_:_:)``), which needs the status lock. Waiting here
  /// closed that circle: a hang seen in `resoio record` about once in 17 runs.
  func cancel(_ stream: HTTP2Stream, code: HTTP2ErrorCode) {
    let done: Bool? = lock.withLockIfAvailable {
      cancelLocked(stream, code: code)
      return true
    }
    guard done == nil else { return }
    pendingResets.withLock { $0.append((stream, code)) }
    wakeLoop()
  }

  /// ``cancel(_:code:)`` with the lock held.
  func cancelLocked(_ stream: HTTP2Stream, code: HTTP2ErrorCode) {
    guard stream.isLive else { return }
    resetLocked(stream.id, code: code)
    endLocked(stream, .cancelled)
    flushLocked()
  }

  /// Makes the resets ``cancel(_:code:)`` left to the I/O thread.
  func makePendingResetsLocked() {
    let resets = pendingResets.withLock { pending in
      defer { pending.removeAll() }
      return pending
    }
    for reset in resets { cancelLocked(reset.stream, code: reset.code) }
  }

  /// Queues `chunks` on `body` when there is room, and sends.
  /// - Returns: false when the write must wait (``parkWrite(_:to:body:continuation:)``).
  func tryWrite(_ chunks: [[UInt8]], to stream: HTTP2Stream, body: WritableBody) throws(StreamWriteError) -> Bool {
    try lock.withLock { () throws(StreamWriteError) -> Bool in
      guard try body.tryEnqueue(chunks) else { return false }
      resumeLocked(stream, body: body)
      return true
    }
  }

  /// Parks a write until `body` has room (or the stream ends).
  func parkWrite(
    _ chunks: [[UInt8]], to stream: HTTP2Stream, body: WritableBody,
    continuation: CheckedContinuation<StreamWriteError?, Never>
  ) {
    lock.withLock {
      body.enqueueWhenRoom(chunks, continuation: continuation)
      resumeLocked(stream, body: body)
    }
  }

  /// Ends `body` (END_STREAM after what is queued).
  func finishWriting(_ stream: HTTP2Stream, body: WritableBody) {
    lock.withLock {
      guard stream.isLive, body.finish() else { return }
      resumeLocked(stream, body: body)
    }
  }

  /// Gives back the stream window of the bytes `stream`'s handler held.
  func releaseHeldWindow(_ stream: HTTP2Stream) {
    lock.withLock {
      let held = stream.heldBytes
      guard held > 0 else { return }
      stream.heldBytes = 0
      guard stream.isLive, let session else { return }
      session.consumeStream(streamID: stream.id, count: held)
      flushLocked()
    }
  }

  /// Resumes a deferred body that has data (or its end) again, and sends.
  private func resumeLocked(_ stream: HTTP2Stream, body: WritableBody) {
    if body.isDeferred, let session {
      body.markResumed()
      session.resumeData(streamID: stream.id)
    }
    flushLocked()
  }

  /// Tells `stream`'s handler the stream ended (once): the handler is dropped, waiting writes
  /// fail, a task in ``HTTP2Stream/awaitClose()`` resumes, and a caller reading inline for it
  /// elsewhere is woken.
  func endLocked(_ stream: HTTP2Stream, _ reason: StreamCloseReason) {
    guard let handler = stream.handler else { return }
    stream.handler = nil
    streams.liveEnded(stream)
    handler.streamDidClose(reason)
    stream.writable?.fail(reason)
    if let waiter = stream.closeWaiter {
      stream.closeWaiter = nil
      waiter.resume()
    }
    wakeLeaderIfItsStreamEndedLocked()
  }

  func resetLocked(_ streamID: Int32, code: HTTP2ErrorCode) {
    do {
      try session?.submitReset(streamID: streamID, errorCode: code)
    } catch {
      // The stream is already gone from nghttp2's view: nothing to reset.
    }
  }
}
