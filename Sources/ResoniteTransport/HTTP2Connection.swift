import Foundation
public import ResoniteHTTP2
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
/// A caller whose stream is the only short-lived one open may also read its response itself
/// (``HTTP2Stream/awaitClose()``, leader/follower): it takes the reader role, polls the socket
/// for a short budget, and processes whatever arrives, so a sequential call completes on the
/// caller's thread without waking the I/O thread or another thread to resume it. One thread
/// reads at a time (see `ReaderRole`); after such a call the I/O thread leaves the socket to
/// callers for a short lease (2 ms), so back-to-back calls do not wake it, and takes it
/// back when the lease ends. Long-lived streams (streaming calls) never read inline and do not
/// count as overlapping calls.
///
/// ## Flow control
/// nghttp2's automatic WINDOW_UPDATE is off. Received DATA is given back to the connection's
/// window as soon as it is processed, and to its stream's window when the stream's handler
/// says the application took it (``ReceivedDataDisposition``), so a reader that stops reading
/// stops its peer on that stream only; memory held per stream is bounded by its window.
///
/// ## Files
/// The public operations are here; ``HTTP2Stream`` operations in `HTTP2Connection+Streams`,
/// session events in `+SessionEvents`, the I/O thread in `+IOLoop`, the inline-read policy in
/// `+InlineRead`, the fuzzing entry points in `+Fuzzing`; the streams themselves in
/// `StreamTable`.
///
/// ## Lifecycle
/// Streams open until the connection stops accepting them: after a GOAWAY from the peer,
/// after ``close(gracePeriod:)``, or when the connection is lost. A lost connection fails every
/// open stream at once with ``StreamCloseReason/connectionLost(_:)``. The I/O thread ends, and
/// the socket is closed, when no stream is left and no byte is left to write.
///
/// `@unchecked Sendable`: every `var` below `lock` is read and written only with `lock` held
/// (the `...Locked` methods run with it held); the `let`s are set in `init` and never change;
/// `readBuffer` is used only by the one thread that holds the reader role (`ReaderRole`,
/// taken and given back under `lock`); `looksSequential` is an `Atomic`.
public final class HTTP2Connection: @unchecked Sendable {
  /// The socket path this connection is attached to.
  public let path: String

  let fd: Int32
  let wakeup: WakeupPipe
  /// Wakes a caller reading inline when another thread ended its stream (cancellation,
  /// deadline, connection loss); nil without an I/O thread.
  let leaderWakeup: WakeupPipe?
  /// Guards the fields below (see "Everything below"); never held across a suspension, and not
  /// reentrant: a `...Locked` method expects it held and never takes it again.
  let lock = ConnectionLock.make()
  let configuration: ConnectionConfiguration
  /// Resets asked for while `lock` was busy (``cancel(_:code:)``), which the I/O thread makes
  /// as soon as it wakes. Taken alone, or under `lock` (never the other way round).
  let pendingResets = PThreadMutex<[(stream: HTTP2Stream, code: HTTP2ErrorCode)]>([])

  // Everything below is guarded by `lock`.
  var session: HTTP2Session?
  var delegate: SessionEvents?
  var streams: StreamTable
  var writer = SessionWriter()
  /// Frame boundaries of what the peer sent, for reads straight into a stream's memory.
  var inboundFrames = InboundFrameTracker()
  /// Bytes `recvmsg(2)` put into a stream's memory, whatever they turned out to be (its DATA
  /// payloads, frame headers, other streams' frames read ahead); for tests.
  var bytesReadIntoStreamMemory = 0
  /// DATA bytes handed to their stream's handler at the very address its
  /// ``HTTP2StreamHandler/streamReceiveTarget()`` offered: read in place, taken without a copy;
  /// for tests. The rest of ``bytesReadIntoStreamMemory`` the handlers move or copy.
  var bytesReadInPlace = 0
  /// The memory of the direct read being given to nghttp2, while it is.
  var directReadMemory: Range<UnsafeRawPointer>?
  var phase = Phase.open {
    didSet { openPhase.store(phase == .open, ordering: .relaxed) }
  }
  var lostReason: ConnectionLostError?
  /// The socket stopped taking bytes (the peer closed it, or its read side): nothing more is
  /// written, but what the peer sent before it closed is still read and processed, so that
  /// answers already in the socket are not lost. The connection then ends at the peer's EOF (or
  /// after ``ConnectionConfiguration/closeGracePeriod``), with this as the reason for the
  /// streams still open (see `HTTP2Connection+IOLoop`, `sendFailedLocked(_:)`).
  var sendFailure: SocketError?
  var goAwayReceived = false
  var closeDeadline: ContinuousClock.Instant?
  var loopWakeAt: ContinuousClock.Instant?
  var loopWaitsForWritable = false
  var exitWaiters: [CheckedContinuation<Void, Never>] = []
  var exited = false
  var reader: ReaderRole
  /// The thread of the caller leading, so that others can tell it they ended its stream.
  var leaderThread: pthread_t?
  var leaderWoken = false
  /// When the caller leading must stop, if the I/O thread is to wake it then (see
  /// `HTTP2Connection+InlineRead`): set while a caller leads without a timeout of its own.
  var leaderBudgetEnd: ContinuousClock.Instant?
  /// How many short-lived streams in a row opened with no other short-lived stream open (see
  /// `HTTP2Connection+InlineRead`).
  var aloneStreak = 0
  /// `aloneStreak >= 2`, readable without the lock, so that overlapping calls skip inline
  /// reading without contending for the lock the I/O thread needs.
  let looksSequential = Atomic<Bool>(false)
  /// `phase == .open`, readable without the lock: a hint for callers choosing a connection
  /// (``mayAcceptStreams``), so that they do not wait for the lock the I/O thread holds.
  private let openPhase = Atomic<Bool>(true)
  /// Sequential calls that skip inline reading after budget misses (see `+InlineRead`).
  var inlineBackoff = 0
  var inlineSkips = 0
  var inlineCounts = InlineReadCounts()

  /// The receive buffer, used by whoever holds the reader role.
  let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)

  enum Phase {
    /// Streams may be opened.
    case open
    /// GOAWAY was received or sent: open streams finish, no new ones.
    case draining
    /// The session is over; the I/O thread is ending or has ended.
    case closed
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
      Syscall.close(fd)
      throw error
    }
    let wakeup: WakeupPipe
    let leaderWakeup: WakeupPipe
    do {
      wakeup = try WakeupPipe(path: path)
    } catch {
      Syscall.close(fd)
      throw error
    }
    do {
      leaderWakeup = try WakeupPipe(path: path)
    } catch {
      Syscall.close(fd)
      wakeup.close()
      throw error
    }
    let connection = HTTP2Connection(
      path: path, fd: fd, wakeup: wakeup, leaderWakeup: leaderWakeup, configuration: configuration)
    do {
      try connection.startSession()
    } catch {
      Syscall.close(fd)
      wakeup.close()
      leaderWakeup.close()
      throw error
    }
    connection.startLoop()
    return connection
  }

  init(
    path: String, fd: Int32, wakeup: WakeupPipe, leaderWakeup: WakeupPipe?, configuration: ConnectionConfiguration
  ) {
    self.path = path
    self.fd = fd
    self.wakeup = wakeup
    self.leaderWakeup = leaderWakeup
    self.configuration = configuration
    self.reader = ReaderRole(lease: configuration.readerLease)
    self.streams = StreamTable(maxHeaderListSize: Int(configuration.maxHeaderListSize))
  }

  deinit {
    readBuffer.deallocate()
  }

  func startSession() throws {
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
      manualWindowUpdates: true,
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

  /// False once the connection no longer takes new streams (GOAWAY received or sent, closed,
  /// lost); read without taking the connection's lock, so it may lag a moment behind
  /// ``isAcceptingStreams``: `openStream(headers:body:handler:deadline:)` decides. For callers
  /// that pick a connection per call.
  public var mayAcceptStreams: Bool { openPhase.load(ordering: .relaxed) }

  /// The number of streams open or queued on this connection.
  public var openStreamCount: Int { lock.withLock { streams.count } }

  /// True once the I/O thread has ended and the socket is closed (and with it the nghttp2
  /// session is released).
  public var hasExited: Bool { lock.withLock { exited } }

  /// Why the connection ended, once it has.
  public var lossReason: ConnectionLostError? { lock.withLock { lostReason } }

  /// How often callers have read their own responses inline (``HTTP2Stream/awaitClose()``) so far.
  public var inlineReadCounts: InlineReadCounts { lock.withLock { inlineCounts } }

  /// Opens a stream: submits its HEADERS and, when given, its body, and writes them out.
  ///
  /// When the peer's SETTINGS_MAX_CONCURRENT_STREAMS is reached, nghttp2 queues the stream
  /// until a slot frees. The handler's events start after this returns.
  ///
  /// - Parameters:
  ///   - headers: the request header block, pseudo-headers first.
  ///   - body: the request body (see ``HTTP2StreamBody``); the connection keeps its source
  ///     alive until nghttp2 is done with the stream.
  ///   - handler: receives the stream's events.
  ///   - deadline: when set, the connection resets the stream with CANCEL at this instant and
  ///     closes the handler with ``StreamCloseReason/deadlineExceeded``.
  /// - Returns: the stream's handle.
  /// - Throws: ``StreamOpenError`` when the connection takes no new stream.
  public func openStream(
    headers: [HeaderField], body: HTTP2StreamBody, handler: any HTTP2StreamHandler,
    deadline: ContinuousClock.Instant? = nil
  ) throws(StreamOpenError) -> HTTP2Stream {
    let source: HTTP2BodySource?
    let writable: WritableBody?
    switch body {
    case .none:
      (source, writable) = (nil, nil)
    case .fixed(let fixed):
      (source, writable) = (fixed, nil)
    case .writable(let maxQueuedBytes):
      let queue = WritableBody(maxQueuedBytes: maxQueuedBytes)
      (source, writable) = (queue, queue)
    }
    return try lock.withLock { () throws(StreamOpenError) -> HTTP2Stream in
      try openStreamLocked(headers: headers, source: source, writable: writable, handler: handler, deadline: deadline)
    }
  }

  /// ``openStream(headers:body:handler:deadline:)`` once its body is sorted out, lock held.
  private func openStreamLocked(
    headers: [HeaderField], source: HTTP2BodySource?, writable: WritableBody?, handler: any HTTP2StreamHandler,
    deadline: ContinuousClock.Instant?
  ) throws(StreamOpenError) -> HTTP2Stream {
    let isLongLived = writable != nil
    // A connection draining after a GOAWAY is going away, not closed: say which.
    if phase == .draining && lostReason == nil { throw StreamOpenError.goingAway(path: path) }
    guard phase == .open, let session else {
      throw StreamOpenError.connectionClosed(path: path, reason: lostReason)
    }
    guard session.isRequestAllowed else {
      phase = .draining
      throw StreamOpenError.goingAway(path: path)
    }
    let streamID: Int32
    do {
      streamID = try session.submitRequest(headers: headers, body: source)
    } catch {
      if error.code == NGHTTP2Error.startStreamNotAllowed || error.code == NGHTTP2Error.streamIDNotAvailable {
        phase = .draining
        throw StreamOpenError.goingAway(path: path)
      }
      throw StreamOpenError.submitFailed(error)
    }
    if isLongLived {
      // The I/O thread reads for long-lived streams: it must not sit out a lease meanwhile.
      endLeaseLocked()
    } else {
      noteShortLivedOpenLocked()
    }
    let stream = HTTP2Stream(
      id: streamID, connection: self, handler: handler, body: source, writable: writable, deadline: deadline,
      isLongLived: isLongLived)
    streams.insert(stream)
    flushLocked()
    if let deadline, loopWakeAt.map({ deadline < $0 }) ?? true {
      wakeLoop()
    }
    return stream
  }

  /// Opens a stream whose body, if any, is known up front: the same as
  /// ``openStream(headers:body:handler:deadline:)`` with ``HTTP2StreamBody/fixed(_:)`` or
  /// ``HTTP2StreamBody/none``.
  public func openStream(
    headers: [HeaderField], body: HTTP2BodySource?, handler: any HTTP2StreamHandler,
    deadline: ContinuousClock.Instant? = nil
  ) throws(StreamOpenError) -> HTTP2Stream {
    try openStream(headers: headers, body: body.map { .fixed($0) } ?? .none, handler: handler, deadline: deadline)
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
}
