import ResoniteHTTP2
import ResoniteTransport
import Synchronization

/// One gRPC call on one HTTP/2 stream, whatever its shape: the one call type under unary,
/// server-, client- and bidirectional streaming.
///
/// It receives the stream's events (under the connection's lock), follows the response head,
/// deframes the messages, decides the status, and yields the response's parts to the
/// application: the initial metadata (``initialMetadata()``), the messages (``nextMessage()``),
/// and the end, a status with trailers (``end()``). The request side goes through the
/// ``HTTP2Stream`` it was opened on (``write(_:)``, ``finishRequest()``).
///
/// Two ways to take the response:
/// - ``Mode/single``: the response is one message, taken after the stream closed (unary and
///   client-streaming calls). Nothing is shared with the application until the close, so the
///   received bytes take no lock of their own on the way (the connection's lock guards the
///   stream events); `lock` is taken once at the close, to hand the end over
///   (`streamDidClose` sets `closedEnd`, ``singleResponse()`` reads it), and a unary call
///   publishes nothing else.
/// - ``Mode/streaming(bufferedMessages:)``: messages are queued as they complete and taken one
///   by one. Receive backpressure lives here: while `bufferedMessages` complete messages wait
///   untaken, the stream's window is held (``ReceivedDataDisposition/hold``), and given back
///   (``HTTP2Stream/releaseReceiveWindow()``) as the application takes them. Bytes that go into
///   the message being assembled are given back at once while fewer wait, so a message larger
///   than the window still arrives. From the first length prefix on, the stream's window is
///   about one message (``ResponseWindow``, through ``streamReceiveWindow()``): larger than the
///   connection's initial window for a 33 MB camera frame, smaller for a 3.7 MB one, so a held
///   stream lets through at most the message being assembled whatever the size. Memory per
///   call is thus about `bufferedMessages + 1` messages, whatever the stream's length, and a
///   slow consumer's messages are about `bufferedMessages + 1` of its periods old. Until the
///   first prefix the peer has the connection's initial window
///   (``ChannelConfiguration/initialStreamWindowSize``, 16 MiB), which cannot be taken back:
///   a consumer slow from the first message may find up to that much queued at its first hold.
///
/// Received message bytes are not copied after the deframer: it assembles each message in one
/// array sized from its length prefix, and that array is what ``nextMessage()`` and
/// ``singleResponse()`` return. A message up to 1 MiB is read into the connection's receive
/// buffer and copied into its array once. A larger one gets its full length once 64 KiB of it
/// have come (the deframer's guard against hostile length prefixes: those first bytes are
/// copied twice), and from then on the connection reads DATA payloads from the socket straight
/// into the array (``streamReceiveTarget()``). How many land in place depends on the server's
/// frame size: a read that spans two frame headers leaves the payloads after the second
/// behind where they belong, and the deframer moves them back (one copy). Measured on 33 MB
/// messages (`DirectReadTests`): with 256 KiB frames 0.007 copies per byte in user space, with
/// 16 KiB frames 0.88 to 0.93.
///
/// `@unchecked Sendable`: the fields under "Guarded by the connection's lock" are written by
/// the stream events (which run with the connection's lock held) and read by the caller only
/// after the close, which `lock` orders (`closedEnd`); the fields under "Guarded by `lock`" are
/// read and written only with `lock` held; `cancelRequested` is an `Atomic`; the `let`s never
/// change after `init`.
final class ClientCall: HTTP2StreamHandler, @unchecked Sendable {
  /// How the application takes the response.
  enum Mode: Sendable, Hashable {
    /// One message, read once the stream has closed.
    case single
    /// Messages one by one; the window is held once this many wait untaken (at least 1).
    case streaming(bufferedMessages: Int)
  }

  /// The end of a call: its trailing metadata when the status is OK, else the error.
  typealias End = Result<Metadata, RPCError>

  let mode: Mode
  private let deadline: ContinuousClock.Instant?
  /// The channel's socket path, named in the failures of a call that was not sent.
  private let socketPath: String
  /// The window is held once this many messages wait (streaming mode).
  private let bufferedLimit: Int
  /// The smallest stream window a streaming response asks for (``ResponseWindow``).
  private let minimumReceiveWindow: Int

  // Guarded by the connection's lock (stream events), then read after the close.
  private var head = ResponseHeadParser()
  private var deframer: MessageDeframer
  /// The first response message (single mode).
  private var single: GRPCMessage?
  private var messageCount = 0
  /// The stream window the response wants (streaming mode): about the message being assembled.
  private var wantedReceiveWindow: Int?
  /// A failure this side decided on while the stream was still open (it was then reset).
  private var localFailure: RPCError?
  /// Set once the handler was told the stream closed. Written and read under `lock`: the
  /// writer (the thread that drove the close) and the reader (the caller after
  /// ``HTTP2Stream/awaitClose()``) may differ, and the lock is what orders the fields above,
  /// written before the close, before the caller's reads of them (ThreadSanitizer found the
  /// unordered read).
  private var closedEnd: End?
  /// The request is written as the call goes (client- and bidirectional streaming).
  private let requestIsWritable: Bool

  // Guarded by `lock`: what the application and the stream events share.
  private let lock = ConnectionLock.make()
  private var stream: HTTP2Stream?
  /// Set by ``cancel()`` before it looks for the stream (read without the lock by ``start(open:)``).
  private let cancelRequested = Atomic<Bool>(false)
  private var queue: [[UInt8]] = []
  private var queueHead = 0
  private var windowHeld = false
  private var consumer: CheckedContinuation<Void, Never>?
  private var metadataWaiters: [CheckedContinuation<Void, Never>] = []
  private var receivedMetadata: Metadata?
  private var publishedEnd: End?
  /// The application half-closed the request stream.
  private var requestFinished = false
  /// The error a write threw because the call had ended, so that a body giving up over it can
  /// be told from one that failed on its own.
  private var writeEndError: RPCError?

  init(
    mode: Mode, socketPath: String, maxResponseMessageSize: Int, deadline: ContinuousClock.Instant?,
    requestIsWritable: Bool = false, minimumReceiveWindow: Int = ResponseWindow.minimum
  ) {
    self.mode = mode
    self.minimumReceiveWindow = minimumReceiveWindow
    self.socketPath = socketPath
    self.deadline = deadline
    self.deframer = MessageDeframer(maxMessageSize: maxResponseMessageSize)
    self.requestIsWritable = requestIsWritable
    if case .streaming(let limit) = mode {
      bufferedLimit = max(limit, 1)
    } else {
      bufferedLimit = .max
    }
  }

  // MARK: Starting and cancelling

  /// Opens the stream with `open` (on the connection it picks).
  ///
  /// - Returns: the stream, or nil when the call ended already (it was cancelled first, or
  ///   `open` failed, or the stream closed while opening); ``end()``/``singleResponse()`` then
  ///   tell why.
  func start(open: (ClientCall) throws(RPCError) -> HTTP2Stream) -> HTTP2Stream? {
    if Task.isCancelled || cancelRequested.load(ordering: .acquiring) {
      closeLocally(RPCError(code: .cancelled, message: "the call was cancelled before it started"))
      return nil
    }
    let stream: HTTP2Stream
    do {
      stream = try open(self)
    } catch {
      // A stream may have delivered its close already (test harnesses do): that end stands.
      closeLocally(error)
      return nil
    }
    let cancelNow: Bool = lock.withLock {
      self.stream = stream
      return cancelRequested.load(ordering: .acquiring)
    }
    if cancelNow { stream.cancel() }
    return stream
  }

  /// Cancels the call (task cancellation, leaving a streaming body early): RST_STREAM(CANCEL),
  /// and the call ends with CANCELLED unless it ended before.
  func cancel() {
    cancelRequested.store(true, ordering: .releasing)
    let target: HTTP2Stream? = lock.withLock { stream }
    target?.cancel()
  }

  /// Ends a call whose stream never opened.
  private func closeLocally(_ error: RPCError) {
    let first: Bool = lock.withLock {
      guard closedEnd == nil else { return false }
      closedEnd = .failure(error)
      return true
    }
    guard first else { return }
    publish(.failure(error))
  }

  // MARK: The request side

  /// Writes one message (prefix and payload from their own arrays, no copy).
  /// - Throws: the call's end when the stream is over (its status, DEADLINE_EXCEEDED,
  ///   CANCELLED, UNAVAILABLE...).
  func write(_ payload: [UInt8]) async throws(RPCError) {
    guard let stream = lock.withLock({ stream }) else {
      let error = endError()
      lock.withLock { writeEndError = error }
      throw error
    }
    do {
      try await stream.write([GRPCMessage.prefix(length: payload.count, compressed: false), payload])
    } catch {
      switch error {
      case .finished:
        throw RPCError(
          code: .internalError, message: "a request message was sent after the request stream was finished")
      case .notWritable:
        throw RPCError(code: .internalError, message: "this call does not stream requests")
      case .closed:
        let error = endError()
        lock.withLock { writeEndError = error }
        throw error
      }
    }
  }

  /// True when `error` is what a write threw because the call had ended.
  func isWriteEndError(_ error: any Error) -> Bool {
    guard let error = error as? RPCError else { return false }
    return lock.withLock { writeEndError == error }
  }

  /// Half-closes: the request stream ends (END_STREAM); the response goes on.
  func finishRequest() {
    let stream: HTTP2Stream? = lock.withLock {
      requestFinished = true
      return self.stream
    }
    stream?.finishWriting()
  }

  /// The error the call ended with (CANCELLED when it has not ended, which a failed write
  /// means it has).
  private func endError() -> RPCError {
    let end = lock.withLock { publishedEnd }
    if case .failure(let error) = end { return error }
    if end != nil {
      return RPCError(
        code: .failedPrecondition, message: "the call already ended with OK: the server takes no more requests")
    }
    return RPCError(code: .cancelled, message: "the call was cancelled")
  }

  // MARK: The response side (application)

  /// The response headers' custom metadata, once they arrived.
  /// - Throws: the call's error when it ended without response headers; a call that ended
  ///   OK without them (Trailers-Only) gives empty metadata.
  func initialMetadata() async throws(RPCError) -> Metadata {
    while true {
      let state: (Metadata?, End?) = lock.withLock { (receivedMetadata, publishedEnd) }
      if let metadata = state.0 { return metadata }
      if let end = state.1 {
        if case .failure(let error) = end { throw error }
        return Metadata()
      }
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let now: Bool = lock.withLock {
          if receivedMetadata != nil || publishedEnd != nil { return true }
          metadataWaiters.append(continuation)
          return false
        }
        if now { continuation.resume() }
      }
    }
  }

  /// The next response message, or nil once the call ended OK (streaming mode).
  /// - Throws: the call's error when it ended otherwise.
  func nextMessage() async throws(RPCError) -> [UInt8]? {
    while true {
      let (message, release, end): ([UInt8]?, Bool, End?) = lock.withLock {
        if queueHead < queue.count {
          let message = queue[queueHead]
          queue[queueHead] = []
          queueHead += 1
          if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
          }
          let release = windowHeld && queue.count - queueHead < bufferedLimit
          if release { windowHeld = false }
          return (message, release, nil)
        }
        return (nil, false, publishedEnd)
      }
      if let message {
        if release { lock.withLock({ stream })?.releaseReceiveWindow() }
        return message
      }
      if let end {
        switch end {
        case .success: return nil
        case .failure(let error): throw error
        }
      }
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let now: Bool = lock.withLock {
          if queueHead < queue.count || publishedEnd != nil { return true }
          consumer = continuation
          return false
        }
        if now { continuation.resume() }
      }
    }
  }

  /// Waits for the end of the call: its trailing metadata on OK, else the error.
  func end() async -> End {
    if let end = lock.withLock({ publishedEnd }) { return end }
    if let stream = lock.withLock({ stream }) { await stream.awaitClose() }
    return lock.withLock { publishedEnd } ?? .failure(RPCError(code: .internalError, message: "the call did not end"))
  }

  /// The response of a single-mode call; only once the stream has closed (after
  /// ``HTTP2Stream/awaitClose()``, or when ``start(open:)`` returned nil).
  func singleResponse() -> Result<UnaryResponse<[UInt8]>, RPCError> {
    guard let closedEnd = lock.withLock({ self.closedEnd }) else {
      return .failure(RPCError(code: .internalError, message: "the call's result was read before its stream closed"))
    }
    switch closedEnd {
    case .failure(let error):
      return .failure(error)
    case .success(let trailers):
      guard let single, messageCount == 1 else {
        return .failure(
          RPCError(
            code: .unimplemented, message: "the server sent no message in response to a unary call", metadata: trailers)
        )
      }
      return .success(
        UnaryResponse(message: single.bytes, initialMetadata: head.initialMetadata, trailingMetadata: trailers))
    }
  }

  /// How many messages wait untaken (streaming mode); for tests.
  var bufferedMessageCount: Int { lock.withLock { queue.count - queueHead } }
  /// Bytes of the messages that wait untaken (streaming mode); for tests.
  var bufferedMessageBytes: Int { lock.withLock { queue[queueHead...].reduce(0) { $0 + $1.count } } }
  /// The call's stream once opened; for tests.
  var openedStream: HTTP2Stream? { lock.withLock { stream } }
  /// Response bytes the deframer copied in user space (see `MessageDeframer.copiedBytes`);
  /// for tests, read with the connection's lock held or after the close.
  var copiedResponseBytes: Int { deframer.copiedBytes }

  // MARK: Stream events (connection lock held)

  func streamDidReceiveHeaders(_ fields: [HeaderField], endStream: Bool) -> HTTP2ErrorCode? {
    let hadHeaders = head.sawHeaders
    head.take(fields, endStream: endStream)
    if let violation = head.violation {
      localFailure = violation
      return endStream ? nil : .cancel
    }
    if case .streaming = mode, !hadHeaders, head.sawHeaders, !endStream {
      let metadata = head.initialMetadata
      let waiters: [CheckedContinuation<Void, Never>] = lock.withLock {
        receivedMetadata = metadata
        let waiters = metadataWaiters
        metadataWaiters.removeAll()
        return waiters
      }
      for waiter in waiters { waiter.resume() }
    }
    // The status ends the call: a request stream still open is reset (NO_ERROR), as the
    // server needs nothing more from it.
    if endStream, requestIsWritable, !lock.withLock({ requestFinished }) { return .noError }
    return nil
  }

  func streamDidReceiveEndOfData() -> HTTP2ErrorCode? {
    // The response ended on DATA, without trailers: no status came, and none will. A request
    // stream still open would keep the stream (and the call) open, so it is reset (NO_ERROR)
    // and the call ends with the status a missing one maps to (INTERNAL without response
    // headers, UNKNOWN after them, or what the HTTP status says).
    guard requestIsWritable, !lock.withLock({ requestFinished }) else { return nil }
    localFailure = head.statusWithoutTrailers
    return .noError
  }

  func streamReceiveTarget() -> StreamReceiveTarget? {
    // The rest of a large message: the connection reads it from the socket into place.
    guard let target = deframer.receiveTarget else { return nil }
    return StreamReceiveTarget(start: target.start, count: target.count, owner: target.owner)
  }

  func streamReceiveWindow() -> Int? { wantedReceiveWindow }

  func streamDidReceiveData(_ bytes: UnsafeRawBufferPointer) -> ReceivedDataDisposition {
    switch mode {
    case .single:
      return receiveSingle(bytes)
    case .streaming:
      return receiveStreaming(bytes)
    }
  }

  private func receiveSingle(_ bytes: UnsafeRawBufferPointer) -> ReceivedDataDisposition {
    do {
      try deframer.process(bytes) { received in
        messageCount += 1
        if messageCount == 1 { single = received }
      }
    } catch {
      return fail(deframingError: error)
    }
    if messageCount > 1 {
      localFailure = RPCError(
        code: .unimplemented, message: "the server sent more than one message in response to a unary call")
      return .reset(.cancel)
    }
    if let single, single.compressed { return failCompressed() }
    return .consume
  }

  private func receiveStreaming(_ bytes: UnsafeRawBufferPointer) -> ReceivedDataDisposition {
    // Held when the application is behind already; bytes of a message still being assembled
    // while fewer wait are given back, whatever the message's size.
    let hold: Bool = lock.withLock {
      guard queue.count - queueHead >= bufferedLimit else { return false }
      windowHeld = true
      return true
    }
    var completed: [[UInt8]] = []
    var compressed = false
    var failure: DeframingError?
    var lastLength: Int?
    do {
      try deframer.process(bytes) { received in
        if received.compressed { compressed = true }
        if !compressed { completed.append(received.bytes) }
        lastLength = received.bytes.count
      }
    } catch {
      failure = error
    }
    if let length = deframer.pendingMessageLength ?? lastLength {
      wantedReceiveWindow = ResponseWindow.target(messageLength: length, minimum: minimumReceiveWindow)
    }
    // Messages completed before a bad one are the application's: they come before the error.
    defer { if !completed.isEmpty { enqueue(completed) } }
    if let failure { return fail(deframingError: failure) }
    if compressed { return failCompressed() }
    return hold ? .hold : .consume
  }

  /// Queues completed messages and wakes a waiting consumer.
  private func enqueue(_ completed: [[UInt8]]) {
    messageCount += completed.count
    let waiting: CheckedContinuation<Void, Never>? = lock.withLock {
      if queue.isEmpty {
        queue = completed
      } else {
        queue.append(contentsOf: completed)
      }
      let waiting = consumer
      consumer = nil
      return waiting
    }
    waiting?.resume()
  }

  private func fail(deframingError error: DeframingError) -> ReceivedDataDisposition {
    switch error {
    case .messageTooLarge:
      localFailure = RPCError(code: .resourceExhausted, message: "response \(error)", cause: error)
    case .invalidCompressionFlag:
      localFailure = RPCError(code: .internalError, message: "malformed response: \(error)", cause: error)
    }
    return .reset(.cancel)
  }

  private func failCompressed() -> ReceivedDataDisposition {
    localFailure = RPCError(
      code: .internalError,
      message: "the server sent a compressed message, but this client offered no compression (grpc-encoding not agreed)"
    )
    return .reset(.cancel)
  }

  func streamDidClose(_ reason: StreamCloseReason) {
    let end = CallEnd.decide(
      reason, head: &head, localFailure: localFailure,
      incompleteMessageBytes: deframer.isIdle ? nil : deframer.bufferedByteCount, deadline: deadline,
      socketPath: socketPath)
    lock.withLock { closedEnd = end }
    // A unary call publishes nothing more (`closedEnd` is all its reader needs; no waiter to
    // wake, so no second lock): its reader comes after the close.
    if case .streaming = mode {
      publish(end)
    } else if requestIsWritable {
      publish(end)
    }
  }

  /// Makes the end visible to the application's waiters.
  private func publish(_ end: End) {
    let (waiting, waiters): (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, Never>]) = lock.withLock {
      if publishedEnd == nil { publishedEnd = end }
      let waiting = consumer
      consumer = nil
      let waiters = metadataWaiters
      metadataWaiters.removeAll()
      return (waiting, waiters)
    }
    waiting?.resume()
    for waiter in waiters { waiter.resume() }
  }
}
