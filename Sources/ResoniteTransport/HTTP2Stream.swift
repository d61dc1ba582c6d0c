public import ResoniteHTTP2

/// One open stream of an ``HTTP2Connection``: what `HTTP2Connection.openStream(headers:body:handler:deadline:)`
/// returns, and the only way to act on the stream afterwards.
///
/// Received events go to the stream's ``HTTP2StreamHandler``; through the handle the
/// application writes its request body (``write(_:)``, ``finishWriting()``), gives received
/// bytes' flow-control window back (``releaseReceiveWindow()``), cancels (``cancel()``) and
/// waits for the end (``awaitClose()``).
///
/// The handle keeps its connection alive. Its state is guarded by the connection's lock.
///
/// `@unchecked Sendable`: its `var`s are read and written only with `connection.lock` held; its
/// `let`s never change after `init`.
public final class HTTP2Stream: @unchecked Sendable, DeadlineHeapElement {
  /// The HTTP/2 stream id (odd: opened by this client).
  public let id: Int32
  /// The connection that carries the stream.
  public let connection: HTTP2Connection

  // Guarded by the connection's lock.
  /// Receives the events until it is told the stream ended.
  var handler: (any HTTP2StreamHandler)?
  /// The body source nghttp2 points at (unowned, from C): retained here until nghttp2 forgets
  /// the stream (closed, or its HEADERS never sent).
  let body: HTTP2BodySource?
  /// The same body when it is written as the application goes.
  let writable: WritableBody?
  /// When the connection resets the stream, if ever.
  let deadline: ContinuousClock.Instant?
  /// A streaming call: it lives as long as its application wants, so it does not make the
  /// connection look busy to the inline-read policy.
  let isLongLived: Bool
  /// The header block being received, and its size as SETTINGS_MAX_HEADER_LIST_SIZE counts it
  /// (``StreamTable``'s accounting).
  var headerBlock: [HeaderField] = []
  var headerBlockSize = 0
  var heapSlot = -1
  /// Received bytes the handler held (``ReceivedDataDisposition/hold``) whose stream window
  /// was not given back yet.
  var heldBytes = 0
  /// The receive window last set for the stream from its handler's
  /// ``HTTP2StreamHandler/streamReceiveWindow()``; nil while it is the connection's
  /// ``ConnectionConfiguration/initialStreamWindowSize``.
  var receiveWindowTarget: Int?
  /// A task waiting in ``awaitClose()``.
  var closeWaiter: CheckedContinuation<Void, Never>?

  init(
    id: Int32, connection: HTTP2Connection, handler: any HTTP2StreamHandler, body: HTTP2BodySource?,
    writable: WritableBody?, deadline: ContinuousClock.Instant?, isLongLived: Bool
  ) {
    self.id = id
    self.connection = connection
    self.handler = handler
    self.body = body
    self.writable = writable
    self.deadline = deadline
    self.isLongLived = isLongLived
  }

  /// True until the stream's handler is told the stream ended.
  var isLive: Bool { handler != nil }
  var heapDeadline: ContinuousClock.Instant { deadline ?? .now }

  // MARK: Operations

  /// True once the stream's handler has been told the stream ended.
  public var isClosed: Bool { connection.lock.withLock { handler == nil } }

  /// Waits until the stream's handler has been told the stream ended (by
  /// ``HTTP2StreamHandler/streamDidClose(_:)``).
  ///
  /// The connection decides how: when the calls on it look sequential (this is the only
  /// short-lived stream, and so was the one before it) the caller reads the response on its own
  /// thread for a short, bounded budget (``ConnectionConfiguration/inlineReadBudget``), so a
  /// quick answer completes without waking another thread; otherwise, or when the budget runs
  /// out, the task suspends until the I/O thread (or whoever reads) ends the stream. Long-lived
  /// streams (opened with ``HTTP2StreamBody/writable(maxQueuedBytes:)``) never read inline.
  public func awaitClose() async {
    if connection.readInline(self) { return }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let now: Bool = connection.lock.withLock {
        if handler == nil { return true }
        closeWaiter = continuation
        return false
      }
      if now { continuation.resume() }
    }
  }

  /// Cancels the stream: sends RST_STREAM(CANCEL) and closes its handler with
  /// ``StreamCloseReason/cancelled``; waiting writes fail. Does nothing when the stream already
  /// ended.
  public func cancel() {
    connection.cancel(self, code: .cancel)
  }

  /// Resets the stream with `code` (for example `.noError` once the response is complete but
  /// the request body is not); the handler is closed with ``StreamCloseReason/cancelled``.
  public func reset(_ code: HTTP2ErrorCode) {
    connection.cancel(self, code: code)
  }

  /// Queues `chunks` (in order, as one write) on the request body and sends what the peer's
  /// window allows. Each chunk goes to the socket from its own array, without a copy.
  ///
  /// Suspends while the body's queue holds its bound of bytes
  /// (``HTTP2StreamBody/writable(maxQueuedBytes:)``) or more: it drains only while the peer's
  /// window is open, so a peer that stops reading makes writes wait. Cancelling the waiting
  /// task cancels the stream.
  ///
  /// - Throws: ``StreamWriteError``: the stream ended (cancel, deadline, connection lost, the
  ///   peer reset or ended it), the body was finished, or the stream has no writable body.
  public func write(_ chunks: [[UInt8]]) async throws(StreamWriteError) {
    guard let writable else { throw .notWritable }
    if try connection.tryWrite(chunks, to: self, body: writable) { return }
    let failure: StreamWriteError? = await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<StreamWriteError?, Never>) in
        connection.parkWrite(chunks, to: self, body: writable, continuation: continuation)
      }
    } onCancel: {
      cancel()
    }
    if let failure { throw failure }
  }

  /// Ends the request body (half-close): END_STREAM goes out after the queued bytes, on the
  /// last DATA frame or on an empty one. The stream stays open for the response. Does nothing
  /// when the body was finished already, the stream ended, or it has no writable body.
  public func finishWriting() {
    guard let writable else { return }
    connection.finishWriting(self, body: writable)
  }

  /// Gives back the stream-level window of every byte the handler held
  /// (``ReceivedDataDisposition/hold``), so the peer may send that much more; a WINDOW_UPDATE
  /// goes out when nghttp2 decides enough was given back. Call it when the application has
  /// taken what it was behind on. Cheap when nothing is held (one lock, no system call).
  public func releaseReceiveWindow() {
    connection.releaseHeldWindow(self)
  }

  /// How many more DATA bytes this side may send on the stream now (the peer's stream window
  /// within the connection's), or nil once the stream is gone. For tests and diagnostics.
  public var sendWindow: Int? {
    connection.lock.withLock {
      guard let session = connection.session else { return nil }
      let size = session.remoteWindowSize(streamID: id)
      return size < 0 ? nil : size
    }
  }

  /// Bytes the request body has queued and not yet handed to the socket; 0 without a writable body.
  public var queuedBytes: Int { connection.lock.withLock { writable?.queuedBytes ?? 0 } }

  /// Received bytes held against the stream's window, not yet given back.
  public var heldReceiveBytes: Int { connection.lock.withLock { heldBytes } }

  /// How many more DATA bytes the peer may send on the stream now, as this side counts (the
  /// stream's receive window less what arrived since it was last given back), or nil once the
  /// stream is gone. For tests and diagnostics.
  public var receiveWindow: Int? {
    connection.lock.withLock {
      guard let session = connection.session else { return nil }
      let size = session.localWindowSize(streamID: id)
      return size < 0 ? nil : size
    }
  }

  /// The receive window the stream runs with, as set from its handler's
  /// ``HTTP2StreamHandler/streamReceiveWindow()``; nil while it is the connection's
  /// ``ConnectionConfiguration/initialStreamWindowSize``. For tests and diagnostics.
  public var receiveWindowSize: Int? { connection.lock.withLock { receiveWindowTarget } }
}

/// The request body a stream is opened with.
public enum HTTP2StreamBody {
  /// No body: the HEADERS end the request.
  case none
  /// A body known up front, read by nghttp2 from `source` (kept alive by the connection until
  /// the stream is over). A short-lived stream: it counts for the inline-read policy.
  case fixed(HTTP2BodySource)
  /// A body the application writes as it goes (``HTTP2Stream/write(_:)``), whose writes wait
  /// while `maxQueuedBytes` or more bytes are queued. A long-lived stream (a streaming call):
  /// it neither reads inline nor stops the unary calls beside it from doing so.
  case writable(maxQueuedBytes: Int)
}
