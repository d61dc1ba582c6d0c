import ResoniteGRPC
import ResoniteHTTP2

/// One streaming call on the test server, as its ``StreamingHandler`` sees it: what the client
/// asked, and how to answer. Lives on the server's I/O thread only.
public final class ServerStreamingCall {
  /// The RPC path.
  public let path: String
  /// The request header block, in arrival order.
  public let headers: [HeaderField]
  /// The custom metadata among ``headers``.
  public let metadata: Metadata
  /// Which accepted connection carries the call (1 for the first).
  public let connectionID: Int
  /// The HTTP/2 stream id.
  public let streamID: Int32

  unowned let connection: ServerConnection
  let body = StreamingResponseBody()
  var handler: (any StreamingHandler)?
  let knobs: TestServer.StreamingKnobs

  /// Request messages received so far.
  public internal(set) var messagesReceived = 0
  /// Response messages queued so far.
  public private(set) var messagesSent = 0
  /// True once ``finish(_:trailingMetadata:)`` was called (or a knob finished the call).
  public private(set) var isFinished = false
  /// True once the call is over (``StreamingHandler/ended(on:)`` was called).
  public internal(set) var isEnded = false
  /// True while received request bytes are not given back to the client's window.
  public private(set) var isReadingPaused = false
  /// Request bytes received while reading was paused, not given back yet.
  var heldRequestBytes = 0
  /// Messages that reached the socket (for the die-mid-stream knob).
  var drainedMessages = 0
  private var pendingDrainCount = 0

  init(
    path: String, headers: [HeaderField], connectionID: Int, streamID: Int32, connection: ServerConnection,
    knobs: TestServer.StreamingKnobs
  ) {
    self.path = path
    self.headers = headers
    self.metadata = MetadataFields.metadata(from: headers)
    self.connectionID = connectionID
    self.streamID = streamID
    self.connection = connection
    self.knobs = knobs
  }

  /// The first value of request header `name` (lower-case), if any.
  public func header(_ name: String) -> String? {
    headers.first { $0.name == name }?.value
  }

  /// Queues one response message (its serialized bytes); it goes out as flow control allows.
  /// Ignored once the call is finished or over.
  public func send(_ message: [UInt8]) {
    send(segments: [.bytes(message)])
  }

  /// Queues one response message made of `segments` in order (sent without copying; see
  /// ``ResponseSegment/borrowed(_:)`` for the rules on borrowed memory).
  public func send(segments: [ResponseSegment]) {
    guard !isFinished, !isEnded else { return }
    let length = segments.reduce(0) { $0 + $1.count }
    body.append([.bytes(GRPCMessage.prefix(length: length, compressed: false))] + segments)
    messagesSent += 1
    pendingDrainCount += 1
    if let end = knobs.endAfterMessages, messagesSent >= end.messages {
      finish(end.status, trailingMetadata: end.trailingMetadata)
      return
    }
    connection.resume(self)
  }

  /// Ends the call with `status` (and `trailingMetadata`) after the queued messages.
  public func finish(_ status: Status = .ok, trailingMetadata: Metadata = Metadata()) {
    guard !isFinished, !isEnded else { return }
    isFinished = true
    var trailers = [HeaderField(GRPCHeaderName.grpcStatus, String(status.code.rawValue))]
    if !status.message.isEmpty {
      trailers.append(HeaderField(GRPCHeaderName.grpcMessage, PercentEncoding.encode(status.message)))
    }
    MetadataFields.append(trailingMetadata, to: &trailers)
    body.finish(trailers: trailers)
    connection.resume(self)
  }

  /// Ends the response without a status, as a broken server would: END_STREAM on the last DATA
  /// frame after the queued messages, and no trailers.
  public func finishWithoutTrailers() {
    guard !isFinished, !isEnded else { return }
    isFinished = true
    body.finishWithoutTrailers()
    connection.resume(self)
  }

  /// Bytes of response messages queued and not yet handed to the socket.
  public var queuedResponseBytes: Int { body.queuedBytes }

  /// How many more bytes the server may send on the stream now (the client's stream window
  /// within the connection's); the client's backpressure shows as 0.
  public var sendWindow: Int { connection.session.remoteWindowSize(streamID: streamID) }

  /// Stops giving received request bytes back to the client's window: the client can send at
  /// most one more window before its sends wait.
  public func pauseReading() { isReadingPaused = true }

  /// Gives back what was held and reads normally again.
  public func resumeReading() {
    isReadingPaused = false
    connection.releaseHeldRequestBytes(self)
  }

  /// Calls ``StreamingHandler/timerFired(on:)`` after `delay` (on the I/O thread's timer queue).
  public func scheduleTimer(after delay: Duration) {
    connection.scheduleTimer(for: self, after: delay)
  }

  /// Called by the connection after a flush that emptied the queue.
  func takeDrained() -> Int {
    defer { pendingDrainCount = 0 }
    return pendingDrainCount
  }
}
