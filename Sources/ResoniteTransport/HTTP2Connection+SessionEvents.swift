import ResoniteHTTP2

/// nghttp2's events for the connection's streams (called inside `receive`/`send`, lock held).
extension HTTP2Connection {
  func beginHeaders(_ streamID: Int32) {
    streams.beginHeaderBlock(streamID)
  }

  func header(_ field: HeaderField, streamID: Int32) -> Bool {
    streams.addHeader(field, to: streamID)
    return true
  }

  func frame(_ event: HTTP2FrameEvent) {
    switch event {
    case .headers(let streamID, _, let endStream):
      guard let (block, oversize) = streams.takeHeaderBlock(streamID), let stream = streams[streamID],
        let handler = stream.handler
      else { return }
      if let oversize {
        if !endStream { resetLocked(streamID, code: .cancel) }
        endLocked(stream, .headerListTooLarge(limit: streams.maxHeaderListSize, size: oversize))
        return
      }
      // A reset asked for on a block that ends the peer's side still matters when this side
      // has not ended its own (a request stream the response made pointless).
      if let code = handler.streamDidReceiveHeaders(block, endStream: endStream) {
        resetLocked(streamID, code: code)
        endLocked(stream, .cancelled)
      }
    case .data(let streamID, endStream: true):
      guard let stream = streams[streamID], let handler = stream.handler else { return }
      if let code = handler.streamDidReceiveEndOfData() {
        resetLocked(streamID, code: code)
        endLocked(stream, .cancelled)
      }
    case .goAway:
      goAwayReceived = true
      if phase == .open { phase = .draining }
    default:
      break
    }
  }

  func data(_ bytes: UnsafeRawBufferPointer, streamID: Int32) {
    guard let session else { return }
    guard let stream = streams[streamID], let handler = stream.handler else {
      // Nobody reads this stream any more (cancelled, reset, past its deadline): the bytes are
      // dropped, and their window is given back so that they cost the connection nothing.
      session.consume(streamID: streamID, count: bytes.count)
      return
    }
    // Counted for tests: bytes of a direct read its handler finds where it wants them.
    if let memory = directReadMemory, let base = bytes.baseAddress, memory.contains(base),
      let target = handler.streamReceiveTarget(), UnsafeRawPointer(target.start) == base
    {
      bytesReadInPlace += min(bytes.count, target.count)
    }
    switch handler.streamDidReceiveData(bytes) {
    case .consume:
      session.consume(streamID: streamID, count: bytes.count)
    case .hold:
      // The connection's window goes back at once: a stream whose reader is behind holds only
      // its own window, and never starves the other streams of the connection.
      session.consumeConnection(count: bytes.count)
      stream.heldBytes += bytes.count
    case .reset(let code):
      session.consume(streamID: streamID, count: bytes.count)
      resetLocked(streamID, code: code)
      endLocked(stream, .cancelled)
      return
    }
    // A streaming call's window follows its messages (about one; see the handler's
    // `streamReceiveWindow()`). Unary streams keep the connection's.
    if stream.isLongLived, let wanted = handler.streamReceiveWindow(), wanted != stream.receiveWindowTarget {
      stream.receiveWindowTarget = wanted
      session.setLocalWindowSize(streamID: streamID, size: Int32(clamping: wanted))
    }
  }

  func streamClosed(_ streamID: Int32, errorCode: HTTP2ErrorCode) {
    guard let stream = streams.remove(streamID) else { return }
    endLocked(stream, .closed(errorCode))
  }

  func notSent(_ streamID: Int32, error: NGHTTP2Error) {
    // The request's HEADERS never went out (GOAWAY came first, or it was cancelled while
    // queued): nghttp2 has dropped the request and will report nothing more for it.
    guard let stream = streams.remove(streamID) else { return }
    endLocked(stream, .notSent(error))
  }

  /// Forwards nghttp2's events to the connection; a separate object so the session does not
  /// retain the connection.
  final class SessionEvents: HTTP2SessionDelegate {
    unowned let connection: HTTP2Connection
    init(connection: HTTP2Connection) { self.connection = connection }

    func session(_ session: HTTP2Session, didBeginHeaders streamID: Int32, category: HeaderCategory) {
      connection.beginHeaders(streamID)
    }
    func session(
      _ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory
    )
      -> Bool
    {
      connection.header(field, streamID: streamID)
    }
    func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent) {
      connection.frame(frame)
    }
    func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32) {
      connection.data(bytes, streamID: streamID)
    }
    func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode) {
      connection.streamClosed(streamID, errorCode: errorCode)
    }
    func session(_ session: HTTP2Session, didFailToSendOn streamID: Int32, error: NGHTTP2Error) {
      connection.notSent(streamID, error: error)
    }
  }
}
