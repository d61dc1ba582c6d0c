#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteTransport
import Synchronization

/// The server's I/O thread: one `poll(2)` loop over the wake-up pipe, the listening socket and
/// every connection, plus the timers (listen delay, delayed answers, deadlines).
///
/// Everything here runs on that one thread, so nothing needs a lock; the world outside reaches
/// in only through ``ServerShared`` (stop flag, handlers, observations).
final class ServerLoop {
  let shared: ServerShared
  let configuration: TestServer.Configuration
  /// The SETTINGS every connection announces.
  let settings: [HTTP2Setting]
  private let listener: ListeningSocket
  private var listening: Bool
  private var connections: [Int: ServerConnection] = [:]
  private var closedConnections = false
  private var nextConnectionID = 1
  private var timers = TimerQueue()
  private var dispatcher: CallDispatcher
  private let readBuffer: UnsafeMutableRawBufferPointer

  /// Prepares the loop; `listening` says whether `listen()` was already called.
  init(shared: ServerShared, listener: ListeningSocket, listening: Bool) {
    self.shared = shared
    self.configuration = shared.configuration
    self.listener = listener
    self.listening = listening
    self.dispatcher = CallDispatcher(shared: shared)
    var settings: [HTTP2Setting] = [
      .initialWindowSize(configuration.initialWindowSize),
      .maxFrameSize(configuration.maxFrameSize),
    ]
    if let limit = configuration.maxConcurrentStreams { settings.insert(.maxConcurrentStreams(limit), at: 0) }
    self.settings = settings
    self.readBuffer = .allocate(byteCount: 256 << 10, alignment: 16)
    if !listening {
      timers.schedule(at: LoopClock.monotonicNanos() + configuration.listenDelay.clampedNanoseconds, .startListening)
    }
  }

  deinit { readBuffer.deallocate() }

  /// Runs until ``ServerShared/stopRequested``, then closes every connection and the listener
  /// and removes the socket file.
  func run() {
    var pollFDs: [pollfd] = []
    var polled: [ServerConnection] = []
    while !shared.stopRequested.load(ordering: .acquiring) {
      fireDueTimers()
      for connection in connections.values { connection.flush() }
      reapClosedConnections()

      pollFDs.removeAll(keepingCapacity: true)
      polled.removeAll(keepingCapacity: true)
      pollFDs.append(pollfd(fd: shared.wakeup.readFD, events: Int16(POLLIN), revents: 0))
      let listenerIndex = listening ? pollFDs.count : -1
      if listening { pollFDs.append(pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)) }
      let firstConnection = pollFDs.count
      for connection in connections.values {
        let events = Int16(POLLIN) | (connection.hasPendingOutput ? Int16(POLLOUT) : 0)
        pollFDs.append(pollfd(fd: connection.fd, events: events, revents: 0))
        polled.append(connection)
      }

      guard case .success(let ready) = Syscall.poll(&pollFDs, pollFDs.count, pollTimeout()), ready > 0 else { continue }

      if pollFDs[0].revents != 0 { shared.wakeup.drain() }
      if listenerIndex >= 0 && pollFDs[listenerIndex].revents != 0 { acceptConnections() }
      for (offset, connection) in polled.enumerated() {
        let revents = Int32(pollFDs[firstConnection + offset].revents)
        if revents & (POLLIN | POLLHUP | POLLERR) != 0 { connection.readable(into: readBuffer) }
        if revents & POLLOUT != 0 { connection.flush() }
      }
      reapClosedConnections()
    }
    shutDown()
  }

  // MARK: Loop steps

  /// Milliseconds until the next timer (rounded up), or -1 to wait for I/O only.
  private func pollTimeout() -> Int32 {
    guard let due = timers.nextDue else { return -1 }
    let now = LoopClock.monotonicNanos()
    guard due > now else { return 0 }
    let millis = (due - now + 999_999) / 1_000_000
    return Int32(min(millis, UInt64(Int32.max)))
  }

  private func fireDueTimers() {
    let now = LoopClock.monotonicNanos()
    while let action = timers.popDue(now: now) {
      switch action {
      case .startListening:
        startListening()
      case .respond(let connectionID, let streamID):
        guard let connection = connections[connectionID], let stream = connection.stream(streamID),
          let result = stream.pending
        else { continue }
        connection.answer(stream, with: result)
      case .deadline(let connectionID, let streamID):
        guard let connection = connections[connectionID], let stream = connection.stream(streamID) else { continue }
        connection.answer(stream, with: .status(.deadlineExceeded, deadlineMessage(stream)))
      case .streamTimer(let connectionID, let streamID):
        guard let connection = connections[connectionID], let call = connection.stream(streamID)?.streaming,
          !call.isEnded, let handler = call.handler
        else { continue }
        handler.timerFired(on: call)
      }
    }
  }

  private func startListening() {
    guard !listening else { return }
    do {
      try listener.listen()
      listening = true
      shared.log.update { $0.isListening = true }
    } catch {
      // Nothing can be served; leave the socket bound and refusing, as a broken mod would.
    }
  }

  private func acceptConnections() {
    while let fd = listener.accept() {
      let id = nextConnectionID
      nextConnectionID += 1
      shared.log.update { $0.connectionsAccepted += 1 }
      do {
        let connection = try ServerConnection(id: id, fd: fd, loop: self)
        connections[id] = connection
        if let limit = configuration.goAwayAfterStreams, limit <= 0 { sendGoAway(on: connection, lastStreamID: 0) }
      } catch {
        Syscall.close(fd)
        shared.log.update { $0.connectionsClosed += 1 }
      }
    }
  }

  /// Called by a connection as it closes its socket.
  func connectionDidClose(_ connection: ServerConnection) {
    closedConnections = true
    shared.log.update { $0.connectionsClosed += 1 }
  }

  private func reapClosedConnections() {
    guard closedConnections else { return }
    closedConnections = false
    connections = connections.filter { $0.value.state != .closed }
  }

  private func shutDown() {
    for connection in connections.values { connection.close() }
    connections.removeAll()
    listener.closeAndUnlink()
    shared.wakeup.close()
    shared.log.update { $0.isListening = false }
  }

  // MARK: Calls (called by connections, inside session callbacks)

  /// A request's header block is complete: record it, start its deadline clock, apply the
  /// GOAWAY knob and reject what is not gRPC.
  func requestHeadersComplete(_ stream: ServerStream, on connection: ServerConnection) {
    stream.path = stream.header(GRPCHeaderName.path) ?? ""
    if configuration.honoursClientTimeouts, let value = stream.header(GRPCHeaderName.timeout),
      let timeout = GRPCTimeout(headerValue: value)
    {
      stream.timeout = .nanoseconds(timeout.nanoseconds)
      let (deadline, overflow) = LoopClock.monotonicNanos().addingReportingOverflow(UInt64(timeout.nanoseconds))
      stream.deadline = overflow ? nil : deadline
    }
    let record = RecordedRequest(
      connectionID: connection.id, streamID: stream.id, path: stream.path, headers: stream.headers)
    shared.log.record(record)
    configuration.onRequest?(record)

    if let limit = configuration.goAwayAfterStreams, connection.goAwayLastStreamID == nil,
      connection.streamsOpened >= limit
    {
      sendGoAway(on: connection, lastStreamID: stream.id)
    }

    let contentType = stream.header(GRPCHeaderName.contentType) ?? ""
    if !contentType.hasPrefix(GRPCHeaderValue.contentType) {
      connection.answerHTTP(
        stream, status: 415,
        failure: CallFailure(
          code: .internalError, message: "invalid gRPC request content-type \"\(contentType)\""))
      return
    }
    if !stream.answered, configuration.failAll == nil, configuration.failures[stream.path] == nil,
      let factory = shared.streamingHandler(for: stream.path)
        ?? BuiltinHandlers.streamingHandler(for: stream.path, configuration: configuration)
    {
      connection.startStreaming(stream, handler: factory())
    }
  }

  /// Runs `body` on the observation record of `call`.
  func updateRecord(of call: ServerStreamingCall, _ body: (inout RecordedStreamingCall) -> Void) {
    shared.log.update { state in
      guard
        let index = state.streamingCalls.lastIndex(where: {
          $0.connectionID == call.connectionID && $0.streamID == call.streamID
        })
      else { return }
      body(&state.streamingCalls[index])
    }
  }

  /// Calls a streaming handler's `timerFired` after `delay`.
  func scheduleStreamTimer(connectionID: Int, streamID: Int32, after delay: Duration) {
    let (due, overflow) = LoopClock.monotonicNanos().addingReportingOverflow(delay.clampedNanoseconds)
    timers.schedule(at: overflow ? .max : due, .streamTimer(connectionID: connectionID, streamID: streamID))
  }

  /// The client ended its side of `stream`: drop the connection (die-mid-call knob) or decide
  /// the answer and send it now or when the response delay has passed.
  func requestComplete(_ stream: ServerStream, on connection: ServerConnection) {
    guard !stream.requestComplete else { return }
    stream.requestComplete = true
    guard !stream.answered else { return }
    if dispatcher.nextCallDrops() {
      shared.log.update { $0.connectionsKilled += 1 }
      connection.requestDrop()
      return
    }

    let messages = stream.messages
    stream.messages = []
    let result = dispatcher.answer(path: stream.path, messages: messages) { message in
      UnaryRequest(
        path: stream.path, message: message, headers: stream.headers,
        metadata: MetadataFields.metadata(from: stream.headers), timeout: stream.timeout,
        connectionID: connection.id, streamID: stream.id)
    }

    let now = LoopClock.monotonicNanos()
    let delay = configuration.responseDelay.clampedNanoseconds
    if let deadline = stream.deadline, deadline <= now {
      connection.answer(stream, with: .status(.deadlineExceeded, deadlineMessage(stream)))
      return
    }
    if delay == 0 {
      connection.answer(stream, with: result)
      return
    }
    let (due, overflow) = now.addingReportingOverflow(delay)
    stream.pending = result
    if let deadline = stream.deadline, overflow || deadline < due {
      timers.schedule(at: deadline, .deadline(connectionID: connection.id, streamID: stream.id))
    } else {
      timers.schedule(at: overflow ? .max : due, .respond(connectionID: connection.id, streamID: stream.id))
    }
  }

  /// A client reset a stream.
  func resetReceived(streamID: Int32, errorCode: HTTP2ErrorCode, on connection: ServerConnection) {
    let record = RecordedReset(connectionID: connection.id, streamID: streamID, errorCode: errorCode)
    shared.log.update { $0.resets.append(record) }
  }

  private func sendGoAway(on connection: ServerConnection, lastStreamID: Int32) {
    connection.goAwayLastStreamID = lastStreamID
    try? connection.session.submitGoAway(lastStreamID: lastStreamID, errorCode: .noError)
    shared.log.update { $0.goAwaysSent += 1 }
  }

  /// Says the call's timeout in seconds (`the call's 0.250 s timeout`), not in grpc-timeout
  /// units.
  private func deadlineMessage(_ stream: ServerStream) -> String {
    guard let timeout = stream.timeout else { return "deadline exceeded before the server answered" }
    let (seconds, attoseconds) = timeout.components
    let milliseconds = String(attoseconds / 1_000_000_000_000_000 + 1000).dropFirst()
    let text = "\(seconds).\(milliseconds)"
    return "deadline exceeded: the call's \(text) s timeout ran out before the server answered"
  }
}
