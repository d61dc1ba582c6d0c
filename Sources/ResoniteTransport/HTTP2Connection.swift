import Foundation
import ResoniteHTTP2
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/2 client connection over a Unix domain socket.
///
/// ## I/O model
/// The nghttp2 session is guarded by one lock, and whichever thread holds the lock drives it:
/// a caller that opens a stream submits its request and writes the bytes itself, on its own
/// thread, with no hop to another thread. One I/O thread per connection waits in `poll(2)` on
/// the socket and a wake-up pipe; it reads, feeds nghttp2, writes what nghttp2 answers
/// (ACKs, WINDOW_UPDATEs, the rest of a large body) and fires stream deadlines. Handlers are
/// called with the lock held.
///
/// A caller whose stream is the only one open may also read its response itself
/// (``readInline(streamID:)``, leader/follower): it takes the reader role, polls the socket for
/// a short budget, and processes whatever arrives, so a sequential call completes on the
/// caller's thread without waking the I/O thread or another thread to resume it. One thread
/// reads at a time (see `ReaderRole`); after such a call the I/O thread leaves the socket to
/// callers for a short lease (2 ms), so back-to-back calls do not wake it, and takes it
/// back when the lease ends.
///
/// ## Lifecycle
/// Streams open until the connection stops accepting them: after a GOAWAY from the peer,
/// after ``close(gracePeriod:)``, or when the connection is lost. A lost connection fails every
/// open stream at once with ``StreamCloseReason/connectionLost(_:)``. The I/O thread ends, and
/// the socket is closed, when no stream is left and no byte is left to write.
public final class HTTP2Connection: @unchecked Sendable {
  /// The socket path this connection is attached to.
  public let path: String

  private let fd: Int32
  private let wakeup: WakeupPipe
  /// Wakes a caller reading inline (``readInline(streamID:)``) when another thread ended its
  /// stream (cancellation, deadline, connection loss); nil without an I/O thread.
  private let leaderWakeup: WakeupPipe?
  private let lock = Lock()
  private let configuration: ConnectionConfiguration

  // Everything below is guarded by `lock`.
  private var session: HTTP2Session?
  private var delegate: SessionEvents?
  private var streams: [Int32: StreamEntry] = [:]
  private var writer = SessionWriter()
  private var phase = Phase.open
  private var lostReason: ConnectionLostError?
  private var goAwayReceived = false
  private var closeDeadline: ContinuousClock.Instant?
  private var loopWakeAt: ContinuousClock.Instant?
  private var loopWaitsForWritable = false
  private var exitWaiters: [CheckedContinuation<Void, Never>] = []
  private var exited = false
  private var reader: ReaderRole
  /// The thread of the caller leading, so that others can tell it they ended its stream.
  private var leaderThread: pthread_t?
  private var leaderWoken = false
  /// How many streams in a row opened on a connection with no other stream open: inline
  /// reading is for sequential calls, and with calls overlapping, a caller blocked in `poll`
  /// would hold a cooperative thread the others need. A connection's first call never reads
  /// inline: the I/O thread is still reading the server's SETTINGS then, both threads would
  /// wake on the answer, and a new connection's first Ping measured about 25 % slower
  /// (0.13 ms against 0.10 ms) when it did.
  private var aloneStreak = 0
  /// `aloneStreak >= 2`, readable without the lock, so that overlapping calls skip
  /// ``readInline(streamID:)`` without contending for the lock the I/O thread needs.
  private let looksSequential = Atomic<Bool>(false)
  /// After an inline wait whose budget ran out, the next this-many sequential calls do not
  /// read inline (doubling with each miss in a row, up to 64): against a server slower than
  /// the budget, callers do not keep blocking their threads for nothing.
  private var inlineBackoff = 0
  private var inlineSkips = 0
  private var inlineCounts = InlineReadCounts()

  /// The receive buffer, used by whoever holds the reader role.
  private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)


  private enum Phase {
    /// Streams may be opened.
    case open
    /// GOAWAY was received or sent: open streams finish, no new ones.
    case draining
    /// The session is over; the I/O thread is ending or has ended.
    case closed
  }

  /// Per-stream bookkeeping: the handler until it is told the stream closed, and the body
  /// source until nghttp2 forgets the stream (it holds an unowned pointer to it).
  final class StreamEntry {
    var handler: (any HTTP2StreamHandler)?
    let body: HTTP2BodySource?
    let deadline: ContinuousClock.Instant?
    var headerBlock: [HeaderField] = []
    var headerBlockSize = 0

    init(handler: any HTTP2StreamHandler, body: HTTP2BodySource?, deadline: ContinuousClock.Instant?) {
      self.handler = handler
      self.body = body
      self.deadline = deadline
    }
  }

  /// Connects to the Unix socket at `path`, checks who serves it, sends the HTTP/2 preface and
  /// SETTINGS, and starts the I/O thread.
  ///
  /// - Throws: ``SocketError`` when the socket cannot be reached (its `errno` tells ENOENT,
  ///   ECONNREFUSED, EACCES...); ``PeerTrustError`` when the server runs as another user than
  ///   this process's effective user or root (see ``ConnectionConfiguration/trustAnyPeer``),
  ///   in which case nothing was sent; or `NGHTTP2Error` when the session cannot be created.
  public static func connect(path: String, configuration: ConnectionConfiguration = ConnectionConfiguration())
    throws -> HTTP2Connection
  {
    let fd = try UnixSocket.connect(path: path)
    do {
      try PeerCredentials.verifyTrusted(fd: fd, path: path, configuration: configuration)
    } catch {
      Glibc.close(fd)
      throw error
    }
    let wakeup: WakeupPipe
    let leaderWakeup: WakeupPipe
    do {
      wakeup = try WakeupPipe(path: path)
    } catch {
      Glibc.close(fd)
      throw error
    }
    do {
      leaderWakeup = try WakeupPipe(path: path)
    } catch {
      Glibc.close(fd)
      wakeup.close()
      throw error
    }
    let connection = HTTP2Connection(
      path: path, fd: fd, wakeup: wakeup, leaderWakeup: leaderWakeup, configuration: configuration)
    do {
      try connection.startSession()
    } catch {
      Glibc.close(fd)
      wakeup.close()
      leaderWakeup.close()
      throw error
    }
    connection.startLoop()
    return connection
  }

  private init(
    path: String, fd: Int32, wakeup: WakeupPipe, leaderWakeup: WakeupPipe?, configuration: ConnectionConfiguration
  ) {
    self.path = path
    self.fd = fd
    self.wakeup = wakeup
    self.leaderWakeup = leaderWakeup
    self.configuration = configuration
    self.reader = ReaderRole(lease: configuration.readerLease)
  }

  deinit {
    readBuffer.deallocate()
  }

  private func startSession() throws {
    let events = SessionEvents(connection: self)
    let session = try HTTP2Session(
      role: .client,
      settings: [
        .enablePush(false),
        .initialWindowSize(configuration.initialStreamWindowSize),
        .maxHeaderListSize(configuration.maxHeaderListSize),
        .maxFrameSize(configuration.maxFrameSize),
      ],
      connectionWindowSize: configuration.connectionWindowSize,
      delegate: events)
    lock.withLock {
      self.delegate = events
      self.session = session
      flushLocked()
    }
  }

  private func startLoop() {
    let thread = Thread { [self] in runLoop() }
    thread.name = "resonite-io h2 \(path)"
    thread.stackSize = 1 << 20
    thread.start()
  }

  // MARK: Public operations

  /// True while new streams may be opened on this connection.
  public var isAcceptingStreams: Bool {
    lock.withLock { phase == .open && (session?.isRequestAllowed ?? false) }
  }

  /// The number of streams open or queued on this connection.
  public var openStreamCount: Int { lock.withLock { streams.count } }

  /// True once the I/O thread has ended and the socket is closed (and with it the nghttp2
  /// session is released).
  public var hasExited: Bool { lock.withLock { exited } }

  /// Why the connection ended, once it has.
  public var lossReason: ConnectionLostError? { lock.withLock { lostReason } }

  /// How often callers have read their own responses (``readInline(streamID:)``) so far.
  public var inlineReadCounts: InlineReadCounts { lock.withLock { inlineCounts } }

  /// Opens a stream: submits its HEADERS and, when given, its body, and writes them out.
  ///
  /// When the peer's SETTINGS_MAX_CONCURRENT_STREAMS is reached, nghttp2 queues the stream
  /// until a slot frees. The handler's events start after this returns.
  ///
  /// - Parameters:
  ///   - headers: the request header block, pseudo-headers first.
  ///   - body: the DATA producer; kept alive until nghttp2 closes the stream.
  ///   - handler: receives the stream's events.
  ///   - deadline: when set, the connection resets the stream with CANCEL at this instant and
  ///     closes the handler with ``StreamCloseReason/deadlineExceeded``.
  /// - Returns: the stream id.
  /// - Throws: ``StreamOpenError`` when the connection takes no new stream.
  public func openStream(
    headers: [HeaderField], body: HTTP2BodySource?, handler: any HTTP2StreamHandler,
    deadline: ContinuousClock.Instant? = nil
  ) throws(StreamOpenError) -> Int32 {
    lock.lock()
    defer { lock.unlock() }
    guard phase == .open, let session else {
      throw StreamOpenError.connectionClosed(path: path, reason: lostReason)
    }
    guard session.isRequestAllowed else {
      phase = .draining
      throw StreamOpenError.goingAway(path: path)
    }
    let streamID: Int32
    do {
      streamID = try session.submitRequest(headers: headers, body: body)
    } catch {
      if error.code == NGHTTP2Error.startStreamNotAllowed || error.code == NGHTTP2Error.streamIDNotAvailable {
        phase = .draining
        throw StreamOpenError.goingAway(path: path)
      }
      throw StreamOpenError.submitFailed(error)
    }
    aloneStreak = streams.isEmpty ? min(aloneStreak + 1, 2) : 0
    looksSequential.store(aloneStreak >= 2, ordering: .relaxed)
    // This call will not read inline: the I/O thread must not sit out a lease meanwhile.
    if aloneStreak < 2 { endLeaseLocked() }
    streams[streamID] = StreamEntry(handler: handler, body: body, deadline: deadline)
    flushLocked()
    if let deadline, loopWakeAt.map({ deadline < $0 }) ?? true {
      wakeLoop()
    }
    return streamID
  }

  /// Cancels a stream: sends RST_STREAM(CANCEL) and closes its handler with
  /// ``StreamCloseReason/cancelled``. Does nothing when the stream already ended.
  public func cancelStream(_ streamID: Int32) {
    lock.withLock {
      guard let entry = streams[streamID], let handler = entry.handler else { return }
      entry.handler = nil
      resetLocked(streamID, code: .cancel)
      handler.streamDidClose(.cancelled)
      flushLocked()
      wakeLeaderIfItsStreamEndedLocked()
    }
  }

  /// Tells the connection that a deferred body of `streamID` has data again.
  public func resumeBody(_ streamID: Int32) {
    lock.withLock {
      guard let session, session.resumeData(streamID: streamID) else { return }
      flushLocked()
    }
  }

  /// Waits for stream `streamID` to end by reading the socket on the calling thread, for at
  /// most ``ConnectionConfiguration/inlineReadBudget`` (and never past the stream's deadline).
  ///
  /// Only when the calls on this connection look sequential (this stream is the only one open,
  /// and so was the one before it for its whole life), no other caller is reading, and no
  /// request bytes wait for the socket does the caller take the reader role; otherwise this
  /// returns false at once. After a wait whose budget ran out, the next sequential calls skip
  /// inline reading (1, then 2, 4... up to 64 of them, while the misses go on). While it leads, the caller processes every frame that arrives, for every
  /// stream, exactly as the I/O thread would (handlers are called on this thread, with the lock
  /// held); other callers opening streams meanwhile are served by it, then by the I/O thread.
  /// When the budget runs out first, the I/O thread is woken to read from then on.
  ///
  /// This blocks the calling thread in `poll(2)`, which is only acceptable because the wait is
  /// short and bounded: a Swift concurrency cooperative thread may block here for about the
  /// budget. When another thread ends the stream meanwhile (``cancelStream(_:)`` on task
  /// cancellation, the I/O thread at the stream's deadline or when the connection is lost), it
  /// wakes the caller at once.
  ///
  /// - Returns: true when the stream's handler has been told the stream closed (on this thread
  ///   or another), false when the caller must wait for that otherwise.
  @discardableResult
  public func readInline(streamID: Int32) -> Bool {
    let budget = configuration.inlineReadBudget
    guard let leaderWakeup, budget > .zero, looksSequential.load(ordering: .relaxed) else { return false }
    var end = ContinuousClock.now.advanced(by: budget)
    let claim: InlineClaim = lock.withLock {
      // Answered already (the I/O thread was quicker), or failed with the connection.
      guard let entry = streams[streamID], entry.handler != nil else { return .streamEnded }
      guard phase != .closed, aloneStreak >= 2, !writer.hasPendingBytes,
        !streams.contains(where: { $0.key != streamID && $0.value.handler != nil })
      else {
        endLeaseLocked()
        return .declined
      }
      if inlineSkips > 0 {
        inlineSkips -= 1
        endLeaseLocked()
        return .declined
      }
      guard reader.claim(for: streamID) else { return .declined }
      if let deadline = entry.deadline, deadline < end { end = deadline }
      leaderThread = pthread_self()
      leaderWoken = false
      return .leading
    }
    switch claim {
    case .streamEnded: return true
    case .declined: return false
    case .leading: break
    }

    var done = false
    var fds = [
      pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
      pollfd(fd: leaderWakeup.readFD, events: Int16(POLLIN), revents: 0),
    ]
    while true {
      fds[0].revents = 0
      fds[1].revents = 0
      let ready = poll(&fds, 2, Self.pollTimeout(until: end))
      let pollError = ready < 0 && errno != EINTR ? errno : nil
      if fds[1].revents & Int16(POLLIN) != 0 { leaderWakeup.drain() }
      if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
        readAvailable(into: readBuffer, asLoop: false)
      }
      let timeUp = ContinuousClock.now >= end
      let stop: Bool = lock.withLock {
        if let pollError { loseLocked(.socket(SocketError(operation: "poll", path: path, errno: pollError))) }
        if fds[0].revents & Int16(POLLOUT) != 0 { flushLocked() }
        done = phase == .closed || streams[streamID]?.handler == nil
        fds[0].events = writer.hasPendingBytes ? Int16(POLLIN | POLLOUT) : Int16(POLLIN)
        guard done || timeUp else { return false }
        // Hand the socket back unless nothing is left to read for: then lease it.
        let handBack = !done || phase == .closed || streams.values.contains { $0.handler != nil }
        reader.release(handBack: handBack, now: .now)
        leaderThread = nil
        if done {
          inlineCounts.completed += 1
          inlineBackoff = 0
        } else {
          inlineCounts.handedBack += 1
          inlineBackoff = min(max(inlineBackoff * 2, 1), 64)
          inlineSkips = inlineBackoff
        }
        if handBack { wakeLoop() }
        return true
      }
      if stop { return done }
    }
  }

  /// What ``readInline(streamID:)`` found when it asked for the reader role.
  private enum InlineClaim {
    /// The stream's handler was already told it closed.
    case streamEnded
    /// Not this time: calls overlap, another thread reads, output waits, or backing off.
    case declined
    /// The caller holds the reader role.
    case leading
  }

  /// Gives the socket back to the I/O thread at once when it sits out a lease.
  private func endLeaseLocked() {
    if reader.endLease() { wakeLoop() }
  }

  /// Wakes the caller reading inline when its stream has ended on another thread.
  private func wakeLeaderIfItsStreamEndedLocked() {
    guard case .caller(let streamID) = reader.state, !leaderWoken, streams[streamID]?.handler == nil,
      let leaderThread, pthread_equal(leaderThread, pthread_self()) == 0
    else { return }
    leaderWoken = true
    leaderWakeup?.wake()
  }

  /// Closes the connection gracefully: sends GOAWAY, takes no new stream, lets open streams
  /// finish for up to `gracePeriod`, then fails what is left with
  /// ``ConnectionLostError/closedLocally(path:)`` and closes the socket. Idempotent; returns
  /// when the I/O thread has ended and the socket is closed.
  public func close(gracePeriod: Duration? = nil) async {
    let deadline = ContinuousClock.now.advanced(by: gracePeriod ?? configuration.closeGracePeriod)
    let alreadyExited: Bool = lock.withLock {
      if exited { return true }
      if phase != .closed {
        if let session, phase == .open {
          try? session.submitGoAway(lastStreamID: 0, errorCode: .noError)
        }
        phase = .draining
        closeDeadline = min(closeDeadline ?? deadline, deadline)
        flushLocked()
      }
      // The I/O thread must read the session to its end (the peer's GOAWAY or EOF) now, not
      // after a reader lease runs out.
      _ = reader.endLease()
      wakeLoop()
      return false
    }
    if alreadyExited { return }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let resumeNow: Bool = lock.withLock {
        if exited { return true }
        exitWaiters.append(continuation)
        return false
      }
      if resumeNow { continuation.resume() }
    }
  }

  // MARK: Session events (lock held)

  fileprivate func beginHeaders(_ streamID: Int32) {
    guard let entry = streams[streamID] else { return }
    entry.headerBlock.removeAll(keepingCapacity: true)
    entry.headerBlockSize = 0
  }

  fileprivate func header(_ field: HeaderField, streamID: Int32) -> Bool {
    guard let entry = streams[streamID], entry.handler != nil else { return true }
    // nghttp2 does not enforce the SETTINGS_MAX_HEADER_LIST_SIZE we announce on what it
    // receives, so it is counted here, the way the setting counts (RFC 9113 §6.5.2). Past the
    // limit fields are only counted; the stream fails when the block is complete.
    entry.headerBlockSize += field.name.utf8.count + field.value.utf8.count + 32
    if entry.headerBlockSize <= Int(configuration.maxHeaderListSize) { entry.headerBlock.append(field) }
    return true
  }

  fileprivate func frame(_ event: HTTP2FrameEvent) {
    switch event {
    case .headers(let streamID, _, let endStream):
      guard let entry = streams[streamID] else { return }
      let block = entry.headerBlock
      entry.headerBlock = []
      guard let handler = entry.handler else { return }
      let limit = Int(configuration.maxHeaderListSize)
      if entry.headerBlockSize > limit {
        entry.handler = nil
        if !endStream { resetLocked(streamID, code: .cancel) }
        handler.streamDidClose(.headerListTooLarge(limit: limit, size: entry.headerBlockSize))
        return
      }
      if let code = handler.streamDidReceiveHeaders(block, endStream: endStream), !endStream {
        entry.handler = nil
        resetLocked(streamID, code: code)
        handler.streamDidClose(.cancelled)
      }
    case .goAway:
      goAwayReceived = true
      if phase == .open { phase = .draining }
    default:
      break
    }
  }

  fileprivate func data(_ bytes: UnsafeRawBufferPointer, streamID: Int32) {
    guard let entry = streams[streamID], let handler = entry.handler else { return }
    if let code = handler.streamDidReceiveData(bytes) {
      entry.handler = nil
      resetLocked(streamID, code: code)
      handler.streamDidClose(.cancelled)
    }
  }

  fileprivate func streamClosed(_ streamID: Int32, errorCode: HTTP2ErrorCode) {
    guard let entry = streams.removeValue(forKey: streamID) else { return }
    entry.handler?.streamDidClose(.closed(errorCode))
  }

  fileprivate func notSent(_ streamID: Int32, error: NGHTTP2Error) {
    // The request's HEADERS never went out (GOAWAY came first, or it was cancelled while
    // queued): nghttp2 has dropped the request and will report nothing more for it.
    guard let entry = streams.removeValue(forKey: streamID) else { return }
    entry.handler?.streamDidClose(.notSent(error))
  }

  // MARK: Driving (lock held)

  private func resetLocked(_ streamID: Int32, code: HTTP2ErrorCode) {
    do {
      try session?.submitReset(streamID: streamID, errorCode: code)
    } catch {
      // The stream is already gone from nghttp2's view: nothing to reset.
    }
  }

  /// Writes what nghttp2 wants to send until it has nothing more or the socket is full; in the
  /// latter case the I/O thread waits for POLLOUT and goes on (see ``SessionWriter``).
  private func flushLocked() {
    guard let session, phase != .closed else { return }
    let fd = fd
    do {
      switch try writer.flush(session, write: { SessionWriter.socketWrite(fd, $0, $1) }) {
      case .idle:
        break
      case .waitingForWritable:
        if !loopWaitsForWritable { wakeLoop() }
      case .failed(let code):
        loseLocked(.socket(SocketError(operation: "send", path: path, errno: code)))
      }
    } catch {
      loseLocked(.protocolError(path: path, error))
    }
  }

  /// Ends the session: every open stream is told why, and the loop will exit.
  private func loseLocked(_ reason: ConnectionLostError) {
    guard phase != .closed else { return }
    phase = .closed
    if lostReason == nil { lostReason = reason }
    let entries = streams
    streams.removeAll()
    writer.discardPending()
    for (_, entry) in entries.sorted(by: { $0.key < $1.key }) {
      if let handler = entry.handler {
        entry.handler = nil
        handler.streamDidClose(.connectionLost(reason))
      }
    }
    wakeLoop()
    wakeLeaderIfItsStreamEndedLocked()
  }

  private func wakeLoop() {
    wakeup.wake()
  }

  // MARK: The I/O thread

  private func runLoop() {
    var fds = [pollfd(fd: fd, events: 0, revents: 0), pollfd(fd: wakeup.readFD, events: Int16(POLLIN), revents: 0)]

    while true {
      // Decide what to wait for.
      let plan: (events: Int16, readsSocket: Bool, timeout: Int32)? = lock.withLock {
        expireDeadlinesLocked()
        wakeLeaderIfItsStreamEndedLocked()
        guard phase != .closed, let session, !endIfSessionIsOverLocked(session) else {
          // A caller reading inline still polls the socket: it wakes this thread when it stops.
          return reader.isCallerLeading ? (0, false, -1) : nil
        }
        let now = ContinuousClock.now
        let (readsSocket, lookAgainBy) = reader.planLoopWait(now: now)
        var events = readsSocket ? Int16(POLLIN) : 0
        loopWaitsForWritable = writer.hasPendingBytes
        if loopWaitsForWritable { events |= Int16(POLLOUT) }
        var next = nextWakeLocked()
        if let lookAgainBy, next.map({ lookAgainBy < $0 }) ?? true { next = lookAgainBy }
        loopWakeAt = next
        return (events, readsSocket, Self.pollTimeout(until: next))
      }
      guard let plan else { break }

      // Not watching the socket at all (-1) when it is left to a caller and nothing waits to be
      // written, so that a hang-up the caller will read does not make poll return at once.
      fds[0].fd = plan.events == 0 ? -1 : fd
      fds[0].events = plan.events
      fds[0].revents = 0
      fds[1].revents = 0
      let ready = poll(&fds, 2, plan.timeout)
      if ready < 0 && errno != EINTR {
        lock.withLock { loseLocked(.socket(SocketError(operation: "poll", path: path, errno: errno))) }
        continue  // ends once no caller reads inline
      }
      if fds[1].revents & Int16(POLLIN) != 0 {
        wakeup.drain()
      }
      let revents = fds[0].revents
      if plan.readsSocket, revents & Int16(POLLIN | POLLHUP | POLLERR) != 0,
        lock.withLock({ reader.beginLoopRead() })
      {
        readAvailable(into: readBuffer, asLoop: true)
      }
      if revents & Int16(POLLOUT) != 0 {
        lock.withLock {
          flushLocked()
          wakeLeaderIfItsStreamEndedLocked()
        }
      }
    }

    Glibc.close(fd)
    wakeup.close()
    leaderWakeup?.close()
    let waiters: [CheckedContinuation<Void, Never>] = lock.withLock {
      exited = true
      session = nil  // nghttp2_session_del happens here, on the thread that drove it last
      delegate = nil
      let waiters = exitWaiters
      exitWaiters.removeAll()
      return waiters
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Ends the connection when nghttp2 will neither read nor write again.
  /// - Returns: true when the connection ended here.
  private func endIfSessionIsOverLocked(_ session: HTTP2Session) -> Bool {
    guard !session.wantsRead && !session.wantsWrite && !writer.hasPendingBytes else { return false }
    // Nothing more will happen on this session: after a GOAWAY nghttp2 neither reads nor
    // writes once it has no stream left, or at once when it sent the GOAWAY itself over the
    // peer's protocol violation (its receive call still succeeded). The latter is the case
    // when neither this side closed nor the peer sent GOAWAY; open streams fail with it.
    if closeDeadline == nil, !goAwayReceived, let error = session.lastPeerError {
      loseLocked(.protocolError(path: path, error))
    } else {
      loseLocked(.closedLocally(path: path))
    }
    return true
  }

  /// Feeds bytes the peer sent to nghttp2 and writes what it answers.
  /// - Returns: false once the connection is over.
  private func receiveLocked(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard phase != .closed, let session else { return false }
    do {
      try session.receive(bytes)
    } catch {
      flushLocked()  // send the GOAWAY nghttp2 queued, if the socket takes it
      loseLocked(.protocolError(path: path, error))
      return false
    }
    flushLocked()
    return phase != .closed
  }

  /// Reads what the socket holds (until it would block) and feeds it to nghttp2.
  ///
  /// - Parameter asLoop: the I/O thread reads (``ReaderRole/beginLoopRead()``); its read ends
  ///   under the same lock as its last bytes are processed, so that a caller those bytes
  ///   resumed finds the role free when it opens its next stream.
  private func readAvailable(into buffer: UnsafeMutableRawBufferPointer, asLoop: Bool) {
    while true {
      let n = recv(fd, buffer.baseAddress, buffer.count, 0)
      if n > 0 {
        let last = n < buffer.count
        let stop: Bool = lock.withLock {
          let stop = !receiveLocked(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
          if asLoop && (stop || last) { reader.endLoopRead() }
          return stop
        }
        if stop || last { return }
        continue
      }
      let code = errno
      if n < 0 && code == EINTR { continue }
      lock.withLock {
        if !(n < 0 && (code == EAGAIN || code == EWOULDBLOCK)) {
          loseLocked(n == 0 ? .peerClosed(path: path) : .socket(SocketError(operation: "recv", path: path, errno: code)))
        }
        if asLoop { reader.endLoopRead() }
      }
      return
    }
  }

  /// Resets every stream whose deadline has passed, and ends a graceful close whose grace
  /// period has run out.
  private func expireDeadlinesLocked() {
    let now = ContinuousClock.now
    if let closeDeadline, now >= closeDeadline, phase != .closed {
      loseLocked(.closedLocally(path: path))
      return
    }
    var expired: [Int32] = []
    for (id, entry) in streams where entry.handler != nil {
      if let deadline = entry.deadline, deadline <= now { expired.append(id) }
    }
    guard !expired.isEmpty else { return }
    for id in expired.sorted() {
      guard let entry = streams[id], let handler = entry.handler else { continue }
      entry.handler = nil
      resetLocked(id, code: .cancel)
      handler.streamDidClose(.deadlineExceeded)
    }
    flushLocked()
  }

  private func nextWakeLocked() -> ContinuousClock.Instant? {
    var next = closeDeadline
    for entry in streams.values where entry.handler != nil {
      if let deadline = entry.deadline, next.map({ deadline < $0 }) ?? true { next = deadline }
    }
    return next
  }

  private static func pollTimeout(until instant: ContinuousClock.Instant?) -> Int32 {
    guard let instant else { return -1 }
    let remaining = ContinuousClock.now.duration(to: instant)
    if remaining <= .zero { return 0 }
    let (seconds, attoseconds) = remaining.components
    // A deadline centuries away (a huge call timeout) must not overflow: clamp, never trap.
    let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
    if overflow || ms >= Int64(Int32.max) { return Int32.max }
    return Int32(clamping: ms + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
  }

  // MARK: Session delegate

  /// Forwards nghttp2's events to the connection; a separate object so the session does not
  /// retain the connection.
  private final class SessionEvents: HTTP2SessionDelegate {
    unowned let connection: HTTP2Connection
    init(connection: HTTP2Connection) { self.connection = connection }

    func session(_ session: HTTP2Session, didBeginHeaders streamID: Int32, category: HeaderCategory) {
      connection.beginHeaders(streamID)
    }
    func session(_ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory)
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

// MARK: Driving without the I/O thread (fuzzing)

extension HTTP2Connection {
  /// A connection on `fd`, a socket that is already connected and non-blocking (for example
  /// one end of a `socketpair(2)`), with its session started and its preface written, but no
  /// I/O thread: the caller hands it the peer's bytes with ``receiveForFuzzing(_:)`` and ends
  /// it with ``detachForFuzzing()``, all from one thread. The caller owns and closes `fd`.
  ///
  /// For the fuzz targets under `Fuzz/`, so that the real receive path (nghttp2, header
  /// accounting, stream handlers) runs synchronously on fuzz input; not for production use.
  @_spi(Fuzzing)
  public static func withoutLoop(
    fd: Int32, configuration: ConnectionConfiguration = ConnectionConfiguration()
  ) throws -> HTTP2Connection {
    let wakeup = try WakeupPipe(path: "fuzz")
    let connection = HTTP2Connection(path: "fuzz", fd: fd, wakeup: wakeup, leaderWakeup: nil, configuration: configuration)
    do {
      try connection.startSession()
    } catch {
      wakeup.close()
      throw error
    }
    return connection
  }

  /// Feeds bytes as if the peer had sent them, as the I/O thread does after a `recv`, then
  /// ends the connection if the session is over (as the I/O thread's next turn would).
  /// - Returns: false once the connection has ended.
  @_spi(Fuzzing)
  @discardableResult
  public func receiveForFuzzing(_ bytes: UnsafeRawBufferPointer) -> Bool {
    lock.withLock {
      guard receiveLocked(bytes), let session, !endIfSessionIsOverLocked(session) else { return false }
      return true
    }
  }

  /// Ends a connection made by ``withoutLoop(fd:configuration:)``: open streams fail with
  /// ``ConnectionLostError/closedLocally(path:)`` and the session is released. Leaves `fd` open.
  @_spi(Fuzzing)
  public func detachForFuzzing() {
    lock.withLock {
      loseLocked(.closedLocally(path: path))
      exited = true
      session = nil
      delegate = nil
    }
    wakeup.close()
  }
}
