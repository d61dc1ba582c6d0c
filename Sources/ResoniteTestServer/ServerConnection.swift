#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteTransport

/// One accepted connection: its socket, its server-role ``HTTP2Session`` and its streams.
///
/// Lives on the I/O thread only. It turns session events into calls on its ``ServerLoop``,
/// which owns the gRPC logic, and moves bytes between the socket and the session.
final class ServerConnection: HTTP2SessionDelegate {
  /// Where a connection is in its life.
  enum State {
    /// Serving.
    case open
    /// The die-mid-call knob fired: close at once, with nothing more written.
    case dropRequested
    /// The socket is closed; the loop forgets the connection at its next turn.
    case closed
  }

  /// The server-wide id (1 for the first accepted connection).
  let id: Int
  /// The connected socket.
  let fd: Int32
  private unowned let loop: ServerLoop
  /// The HTTP/2 session (set at the end of `init`; never nil afterwards).
  private(set) var session: HTTP2Session!
  private var writer = SessionWriter()
  /// Open request streams by id.
  private(set) var streams: [Int32: ServerStream] = [:]
  /// Streams opened so far (the GOAWAY-after-N count).
  private(set) var streamsOpened = 0
  /// The last-stream-id of the GOAWAY the knob sent on this connection; later streams are refused.
  var goAwayLastStreamID: Int32?
  /// Where the connection is in its life.
  private(set) var state = State.open

  /// Wraps accepted socket `fd` and queues the server's SETTINGS.
  init(id: Int, fd: Int32, loop: ServerLoop) throws(NGHTTP2Error) {
    self.id = id
    self.fd = fd
    self.loop = loop
    // Manual window updates, so that the stop-reading knob and the bidirectional echo can hold
    // a client back; everything else is given back as soon as it is processed.
    session = try HTTP2Session(
      role: .server, settings: loop.settings, connectionWindowSize: loop.configuration.connectionWindowSize,
      manualWindowUpdates: true, delegate: self)
    if let bytes = loop.configuration.maxDataFrameBytes { session.maxDataFrameLength = max(1, bytes) }
    session.dataFramePadding = { [unowned self] streamID, _ in
      (streams[streamID]?.body as? ScriptedBody)?.paddingOfLastFrame ?? 0
    }
  }

  /// True while unsent output waits for the socket to become writable.
  var hasPendingOutput: Bool { writer.hasPendingBytes }

  // MARK: I/O

  /// Reads what the socket has (a bounded number of rounds, for fairness) and feeds it to the
  /// session, flushing after every read as nghttp2 requires.
  func readable(into buffer: UnsafeMutableRawBufferPointer) {
    var rounds = 0
    while state == .open && rounds < 4 {
      rounds += 1
      switch Syscall.recv(fd, into: buffer) {  // EINTR retried
      case .success(let n) where n > 0:
        do {
          try session.receive(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        } catch {
          // nghttp2 queued a GOAWAY explaining the protocol error; send it if we can.
          flush()
          close()
          return
        }
        if state == .dropRequested {
          drop()
          return
        }
        flush()
        if n < buffer.count { return }
      case .success:  // 0: the peer's end of stream
        close()
        return
      case .failure(let error) where error.isWouldBlock:
        return
      case .failure:
        close()
        return
      }
    }
  }

  /// Writes everything the session has to say until the socket is full (the loop then waits
  /// for POLLOUT); closes the connection when the session is done (GOAWAY and no streams left)
  /// or the socket broke.
  func flush() {
    var rounds = 0
    while state == .open {
      let fd = fd
      let result: SessionWriter.FlushResult
      do {
        result = try writer.flush(session, write: { SessionWriter.socketWrite(fd, $0, $1) })
      } catch {
        return close()
      }
      switch result {
      case .idle:
        if !session.wantsRead && !session.wantsWrite { return close() }
      case .waitingForWritable:
        break
      case .failed:
        return close()
      }
      // Streaming handlers whose queue went out produce their next messages; flush those too.
      // After a few rounds the loop comes around first (woken, so that it does not wait in
      // poll while nghttp2 holds output), so one fast producer cannot hog it.
      guard notifyStreamingCalls() else { return }
      rounds += 1
      if rounds == 8 {
        loop.shared.wakeup.wake()
        return
      }
    }
  }

  /// Tells streaming handlers whose response queue drained, checks the die-mid-stream knob,
  /// and counts closed send windows. - Returns: true when a handler may have queued more.
  private func notifyStreamingCalls() -> Bool {
    guard streamingCount > 0 else { return false }
    var notified = false
    for stream in streams.values {
      guard let call = stream.streaming, !call.isEnded else { continue }
      let drained = call.body.drained
      if drained {
        call.body.drained = false
        let messages = call.takeDrained()
        call.drainedMessages += messages
        if let limit = loop.configuration.streaming.dieAfterMessages, call.drainedMessages >= limit {
          loop.shared.log.update { $0.connectionsKilled += 1 }
          close()
          return false
        }
      }
      let stalled = call.body.queuedBytes > 0 && session.remoteWindowSize(streamID: call.streamID) <= 0
      if stalled && !stream.windowStalled { loop.updateRecord(of: call) { $0.windowStalls += 1 } }
      stream.windowStalled = stalled
      if drained, let handler = call.handler {
        handler.responseDrained(on: call)
        notified = true
      }
    }
    return notified
  }

  /// Closes the socket; the loop forgets the connection at its next turn.
  func close() {
    guard state != .closed else { return }
    state = .closed
    Syscall.close(fd)
    for stream in streams.values.sorted(by: { $0.id < $1.id }) {
      if let call = stream.streaming { endStreaming(call, requestEnd: .connectionClosed) }
    }
    loop.connectionDidClose(self)
  }

  /// Marks the connection to be dropped as soon as the current input is processed.
  func requestDrop() {
    if state == .open { state = .dropRequested }
  }

  /// Drops the connection abruptly: nothing more is written. Pending input is read and thrown
  /// away first so that the peer sees a plain end of stream rather than a reset.
  private func drop() {
    var scratch = [UInt8](repeating: 0, count: 16 << 10)
    var drained = 0
    while drained < 64 << 20 {
      guard case .success(let n) = scratch.withUnsafeMutableBytes({ Syscall.recv(fd, into: $0) }), n > 0 else { break }
      drained += n
    }
    close()
  }

  // MARK: Answers

  /// Submits the answer for `stream`, once: a response with trailers, or Trailers-Only.
  func answer(_ stream: ServerStream, with result: UnaryResult) {
    guard !stream.answered, state == .open else { return }
    stream.answered = true
    stream.pending = nil
    switch result {
    case .response(let bytes, let metadata):
      let body = ResponseBody(message: bytes, trailers: ResponseHeaders.okTrailers(metadata))
      stream.body = body
      try? session.submitResponse(streamID: stream.id, headers: ResponseHeaders.head, body: body)
    case .failure(let failure):
      try? session.submitResponse(streamID: stream.id, headers: ResponseHeaders.trailersOnly(failure), body: nil)
    case .scripted(let script):
      if let code = script.resetCode {
        try? session.submitReset(streamID: stream.id, errorCode: code)
        return
      }
      if let informational = script.informational {
        try? session.submitHeaders(streamID: stream.id, headers: informational, endStream: false)
      }
      if script.body.isEmpty && script.trailers == nil {
        try? session.submitResponse(streamID: stream.id, headers: script.headers, body: nil)
      } else {
        let body = ScriptedBody(script)
        stream.body = body
        try? session.submitResponse(streamID: stream.id, headers: script.headers, body: body)
      }
    }
  }

  /// Answers `stream` with a bare HTTP status and a gRPC status, for requests that are not gRPC.
  func answerHTTP(_ stream: ServerStream, status: Int, failure: CallFailure) {
    guard !stream.answered, state == .open else { return }
    stream.answered = true
    var headers = ResponseHeaders.trailersOnly(failure)
    headers[0] = HeaderField(GRPCHeaderName.status, String(status))
    try? session.submitResponse(streamID: stream.id, headers: headers, body: nil)
  }

  /// The open stream `id`, if any.
  func stream(_ id: Int32) -> ServerStream? { streams[id] }

  // MARK: Streaming calls

  /// Streaming calls open on this connection.
  private var streamingCount = 0

  /// Starts a streaming call on `stream`: the response headers go out now, the handler runs.
  func startStreaming(_ stream: ServerStream, handler: any StreamingHandler) {
    guard !stream.answered, state == .open else { return }
    stream.answered = true
    let call = ServerStreamingCall(
      path: stream.path, headers: stream.headers, connectionID: id, streamID: stream.id, connection: self,
      knobs: loop.configuration.streaming)
    call.handler = handler
    stream.streaming = call
    stream.body = call.body
    streamingCount += 1
    loop.shared.log.update {
      $0.streamingCalls.append(RecordedStreamingCall(connectionID: self.id, streamID: stream.id, path: stream.path))
    }
    try? session.submitResponse(streamID: stream.id, headers: ResponseHeaders.head, body: call.body)
    handler.start(call)
  }

  /// Resumes `call`'s deferred body (a message or the end was queued).
  func resume(_ call: ServerStreamingCall) {
    loop.updateRecord(of: call) { $0.messagesSent = call.messagesSent }
    guard call.body.isDeferred else { return }
    call.body.markResumed()
    session.resumeData(streamID: call.streamID)
  }

  /// Gives the request bytes `call` held back to the client's window.
  func releaseHeldRequestBytes(_ call: ServerStreamingCall) {
    guard let stream = streams[call.streamID], !stream.stoppedReading else { return }
    let held = call.heldRequestBytes
    call.heldRequestBytes = 0
    session.consumeStream(streamID: call.streamID, count: held)
  }

  func scheduleTimer(for call: ServerStreamingCall, after delay: Duration) {
    loop.scheduleStreamTimer(connectionID: id, streamID: call.streamID, after: delay)
  }

  /// Ends `call` once: records how its request ended and tells its handler.
  func endStreaming(_ call: ServerStreamingCall, requestEnd: RecordedStreamingCall.RequestEnd?) {
    guard !call.isEnded else { return }
    call.isEnded = true
    streamingCount -= 1
    loop.updateRecord(of: call) { record in
      if record.requestEnd == nil, let requestEnd { record.requestEnd = requestEnd }
      record.ended = true
    }
    let handler = call.handler
    call.handler = nil
    handler?.ended(on: call)
  }

  private func receiveStreaming(_ bytes: UnsafeRawBufferPointer, on stream: ServerStream, call: ServerStreamingCall) {
    let holds = stream.stoppedReading || call.isReadingPaused
    if holds {
      session.consumeConnection(count: bytes.count)
      call.heldRequestBytes += bytes.count
    } else {
      session.consume(streamID: stream.id, count: bytes.count)
    }
    var messages: [GRPCMessage] = []
    do {
      try stream.deframer.process(bytes) { messages.append($0) }
    } catch {
      call.finish(Status(code: .resourceExhausted, message: "request message rejected: \(error)"))
      return
    }
    guard !messages.isEmpty else { return }
    for message in messages {
      call.messagesReceived += 1
      // Once the call has its status, its handler hears nothing more of it (the mod discards
      // what the client sent before our trailers reached it; how much that is, is a race).
      if !call.isFinished { call.handler?.received(message.bytes, on: call) }
    }
    loop.updateRecord(of: call) { $0.messagesReceived = call.messagesReceived }
    if let limit = loop.configuration.streaming.stopReadingAfterMessages, call.messagesReceived >= limit {
      stream.stoppedReading = true
    }
  }

  // MARK: HTTP2SessionDelegate

  func session(_ session: HTTP2Session, didBeginHeaders streamID: Int32, category: HeaderCategory) {
    guard category == .request else { return }
    if let last = goAwayLastStreamID, streamID > last {
      // Sent before our GOAWAY reached the client: not processed, refused (safe to retry).
      try? session.submitReset(streamID: streamID, errorCode: .refusedStream)
      return
    }
    streams[streamID] = ServerStream(id: streamID, maxMessageSize: loop.configuration.maxReceiveMessageSize)
    streamsOpened += 1
  }

  func session(
    _ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory
  ) -> Bool {
    if category == .request { streams[streamID]?.headers.append(field) }
    return true
  }

  func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent) {
    switch frame {
    case .headers(let streamID, let category, let endStream):
      guard let stream = streams[streamID] else { return }
      if category == .request { loop.requestHeadersComplete(stream, on: self) }
      if endStream { requestEnded(stream) }
    case .data(let streamID, let endStream):
      if endStream, let stream = streams[streamID] { requestEnded(stream) }
    case .rstStream(let streamID, let errorCode):
      loop.resetReceived(streamID: streamID, errorCode: errorCode, on: self)
      if let call = streams[streamID]?.streaming { endStreaming(call, requestEnd: .reset(errorCode)) }
    default:
      break
    }
  }

  /// The client half-closed `stream`.
  private func requestEnded(_ stream: ServerStream) {
    guard let call = stream.streaming else {
      loop.requestComplete(stream, on: self)
      return
    }
    guard !call.isEnded else { return }
    loop.updateRecord(of: call) { $0.requestEnd = .halfClosed }
    call.handler?.requestEnded(on: call)
  }

  func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32) {
    if let stream = streams[streamID], let call = stream.streaming, !call.isEnded {
      receiveStreaming(bytes, on: stream, call: call)
      return
    }
    session.consume(streamID: streamID, count: bytes.count)
    guard let stream = streams[streamID], !stream.answered else { return }
    do {
      try stream.deframer.process(bytes) { stream.messages.append($0) }
    } catch {
      switch error {
      case .messageTooLarge:
        answer(stream, with: .status(.resourceExhausted, "request message too large: \(error)"))
      case .invalidCompressionFlag:
        answer(stream, with: .status(.internalError, "malformed request: \(error)"))
      }
    }
  }

  func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode) {
    guard let stream = streams.removeValue(forKey: streamID) else { return }
    if let call = stream.streaming {
      endStreaming(call, requestEnd: errorCode == .noError ? nil : .reset(errorCode))
    }
  }
}
