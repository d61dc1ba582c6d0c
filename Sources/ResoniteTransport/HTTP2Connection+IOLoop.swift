import Foundation
import ResoniteHTTP2
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The I/O thread, and the driving steps every reader shares: feeding nghttp2, flushing,
/// losing the connection, firing deadlines.
extension HTTP2Connection {
  func runLoop() {
    var fds = [pollfd(fd: fd, events: 0, revents: 0), pollfd(fd: wakeup.readFD, events: Int16(POLLIN), revents: 0)]
    /// The last wait ended on its timer alone while the socket was left to callers.
    var timedOutWhileCallersRead = false

    while true {
      // Decide what to wait for.
      let plan: LoopWaitPlan?
      if timedOutWhileCallersRead {
        // Woken by the lease's timer while sequential callers read: one of them holding the
        // lock now is the common case (it holds it while it sends and while it processes its
        // answer). Waiting for the lock would put this thread to sleep on it and make that
        // caller pay a futex wake-up as it unlocks, every lease; instead look again shortly.
        // What the timer was for (a lease's end, a leader's budget, a deadline) is then at
        // most a millisecond late; anything that needs this thread at once writes the
        // wake-up pipe, and that wait takes the lock as usual. (Lock taken: the plan, nil to
        // exit; lock busy: a millisecond's wait, the socket still left to callers.)
        plan = lock.withLockIfAvailable({ planWaitLocked() }) ?? LoopWaitPlan(events: 0, readsSocket: false, timeout: 1)
      } else {
        plan = lock.withLock { planWaitLocked() }
      }
      guard let plan else { break }

      // Not watching the socket at all (-1) when it is left to a caller and nothing waits to be
      // written, so that a hang-up the caller will read does not make poll return at once.
      fds[0].fd = plan.events == 0 ? -1 : fd
      fds[0].events = plan.events
      fds[0].revents = 0
      fds[1].revents = 0
      let polled = Syscall.poll(&fds, 2, plan.timeout)
      if case .failure(let error) = polled, !error.isInterrupted {
        lock.withLock { loseLocked(.socket(SocketError(operation: "poll", path: path, errno: error.rawValue))) }
        continue  // ends once no caller reads inline
      }
      timedOutWhileCallersRead = plan.events == 0 && (try? polled.get()) == 0
      if fds[1].revents & Int16(POLLIN) != 0 {
        wakeup.drain()
      }
      let revents = fds[0].revents
      if plan.readsSocket, revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
        let (reads, target): (Bool, DirectRead?) = lock.withLock {
          reader.beginLoopRead() ? (true, directReadTargetLocked()) : (false, nil)
        }
        if reads { readAvailable(into: readBuffer, asLoop: true, target: target) }
      }
      if revents & Int16(POLLOUT) != 0 {
        lock.withLock {
          flushLocked()
          wakeLeaderIfItsStreamEndedLocked()
        }
      }
    }

    Syscall.close(fd)
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

  /// What the I/O thread waits for next (lock held): nil once it should exit.
  private func planWaitLocked() -> LoopWaitPlan? {
    makePendingResetsLocked()
    expireDeadlinesLocked()
    wakeLeaderIfItsStreamEndedLocked()
    guard phase != .closed, let session, !endIfSessionIsOverLocked(session) else {
      // A caller reading inline still polls the socket: it wakes this thread when it stops.
      return reader.isCallerLeading ? LoopWaitPlan(events: 0, readsSocket: false, timeout: -1) : nil
    }
    let now = ContinuousClock.now
    wakeLeaderPastItsBudgetLocked(now: now)
    var (readsSocket, lookAgainBy) = reader.planLoopWait(now: now)
    if reader.isCallerLeading, let budgetEnd = leaderBudgetEnd, lookAgainBy.map({ budgetEnd < $0 }) ?? true {
      lookAgainBy = budgetEnd
    }
    var events = readsSocket ? Int16(POLLIN) : 0
    loopWaitsForWritable = writer.hasPendingBytes
    if loopWaitsForWritable { events |= Int16(POLLOUT) }
    var next = nextWakeLocked()
    if let lookAgainBy, next.map({ lookAgainBy < $0 }) ?? true { next = lookAgainBy }
    loopWakeAt = next
    return LoopWaitPlan(events: events, readsSocket: readsSocket, timeout: Self.pollTimeout(until: next))
  }

  /// One wait of the I/O thread: the socket events it polls for (0: the socket is left to
  /// callers), whether it reads the socket when it is readable, and the poll timeout (ms).
  struct LoopWaitPlan {
    var events: Int16
    var readsSocket: Bool
    var timeout: Int32
  }

  /// Ends the connection when nghttp2 will neither read nor write again.
  /// - Returns: true when the connection ended here.
  func endIfSessionIsOverLocked(_ session: HTTP2Session) -> Bool {
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
  func receiveLocked(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard phase != .closed, let session else { return false }
    inboundFrames.advance(bytes)
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

  /// Reads what the socket holds (until it would block, or `maxReads` reads) and feeds it to
  /// nghttp2.
  ///
  /// - Parameters:
  ///   - asLoop: the I/O thread reads (``ReaderRole/beginLoopRead()``); its read ends under the
  ///     same lock as its last bytes are processed, so that a caller those bytes resumed finds
  ///     the role free when it opens its next stream.
  ///   - maxReads: a caller reading inline stops after this many full buffers, so that a busy
  ///     stream beside it cannot keep it past its budget.
  ///   - target: where the first read may put bytes straight from the socket (see
  ///     ``directReadTargetLocked()``); later reads find theirs themselves.
  func readAvailable(
    into buffer: UnsafeMutableRawBufferPointer, asLoop: Bool, maxReads: Int = .max, target first: DirectRead? = nil
  ) {
    var reads = 0
    var target = first
    while true {
      // EINTR retried; -1 is an errno.
      let received = target.map { Self.receive(fd, $0, buffer) } ?? Syscall.recv(fd, into: buffer)
      if case .success(let n) = received, n > 0 {
        reads += 1
        let parts = target.map { $0.split(n, buffer) } ?? (UnsafeRawBufferPointer(rebasing: buffer[0..<n]), nil, nil)
        let last = n < (target?.capacity(buffer) ?? buffer.count) || reads >= maxReads
        let (stop, next): (Bool, DirectRead?) = lock.withLock {
          // In the order they came; nghttp2 hands DATA to the stream's handler where it is.
          if let target {
            bytesReadIntoStreamMemory += parts.0.count + (parts.2?.count ?? 0)
            let start = UnsafeRawPointer(target.target.start)
            directReadMemory = start..<(start + target.target.count)
          }
          defer { directReadMemory = nil }
          var stop = !receiveLocked(parts.0)
          if !stop, let part = parts.1 { stop = !receiveLocked(part) }
          if !stop, let part = parts.2 { stop = !receiveLocked(part) }
          if asLoop && (stop || last) { reader.endLoopRead() }
          return (stop, stop || last ? nil : directReadTargetLocked())
        }
        target = next
        if stop || last { return }
        continue
      }
      lock.withLock {
        switch received {
        case .success: loseLocked(lossReasonLocked(otherwise: .peerClosed(path: path)))  // 0: the peer's end of stream
        case .failure(let error) where error.isWouldBlock: break
        case .failure(let error):
          loseLocked(
            lossReasonLocked(otherwise: .socket(SocketError(operation: "recv", path: path, errno: error.rawValue))))
        }
        if asLoop { reader.endLoopRead() }
      }
      return
    }
  }

  /// A stream's memory is read into straight from the socket only when its handler offers at
  /// least this many bytes; smaller reads go through the receive buffer.
  static let directReadMinimum = 16 << 10

  /// A read straight into a stream's memory (see ``directReadTargetLocked()``).
  struct DirectRead {
    /// The memory the stream's handler offered: where its next DATA bytes belong, in its buffer.
    let target: StreamReceiveTarget
    /// How much of it the current DATA frame's payload fills.
    let frameBytes: Int

    /// The frame after this one is most likely the next DATA frame of the same stream: its
    /// 9-byte header goes to the receive buffer and its payload right after this frame's bytes.
    var speculates: Bool { target.count > frameBytes }

    /// How many bytes one read takes at most.
    func capacity(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
      speculates ? target.count + InboundFrameTracker.frameHeaderLength : frameBytes + buffer.count
    }

    /// The bytes of a read of `n`, in the order they came.
    func split(_ n: Int, _ buffer: UnsafeMutableRawBufferPointer)
      -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer?, UnsafeRawBufferPointer?)
    {
      let direct = min(n, frameBytes)
      let first = UnsafeRawBufferPointer(start: target.start, count: direct)
      guard n > direct else { return (first, nil, nil) }
      let header = speculates ? min(n - direct, InboundFrameTracker.frameHeaderLength) : n - direct
      let second = UnsafeRawBufferPointer(rebasing: buffer[0..<header])
      guard n > direct + header else { return (first, second, nil) }
      // Whatever these bytes turn out to be, they are given to nghttp2 from where they are; a
      // handler moves its own back within its buffer, other streams' handlers copy theirs out
      // (see HTTP2StreamHandler.streamReceiveTarget()).
      return (first, second, UnsafeRawBufferPointer(start: target.start + frameBytes, count: n - direct - header))
    }
  }

  /// Where the next socket read may put its bytes: when they are the payload of a DATA frame
  /// (``InboundFrameTracker``) whose stream's handler offers memory for them in its buffer
  /// (``HTTP2StreamHandler/streamReceiveTarget()``), that memory, so the bytes reach the
  /// handler's buffer with the socket's one copy.
  func directReadTargetLocked() -> DirectRead? {
    guard let (streamID, remaining) = inboundFrames.dataPayload,
      let handler = streams[streamID]?.handler, let offered = handler.streamReceiveTarget(),
      offered.count >= Self.directReadMinimum
    else { return nil }
    return DirectRead(target: offered, frameBytes: min(remaining, offered.count))
  }

  /// One `recvmsg(2)` for `read`: the frame's payload into the stream's memory, then either the
  /// next frame header into `buffer` and whatever follows into the rest of the offered memory,
  /// or (when the frame fills the offered memory) `buffer`. Returns what `recv` would.
  static func receive(_ fd: Int32, _ read: DirectRead, _ buffer: UnsafeMutableRawBufferPointer)
    -> Result<Int, Errno>
  {
    let start = read.target.start
    var vectors = (
      iovec(iov_base: start, iov_len: read.frameBytes),
      iovec(
        iov_base: buffer.baseAddress,
        iov_len: read.speculates ? InboundFrameTracker.frameHeaderLength : buffer.count),
      iovec(iov_base: start + read.frameBytes, iov_len: read.target.count - read.frameBytes)
    )
    let count = read.speculates ? 3 : 2
    return withUnsafeMutableBytes(of: &vectors) { raw in
      Syscall.receive(
        fd, into: UnsafeMutableBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: iovec.self), count: count))
    }
  }

  /// Writes what nghttp2 wants to send until it has nothing more or the socket is full; in the
  /// latter case the I/O thread waits for POLLOUT and goes on (see ``SessionWriter``).
  func flushLocked() {
    guard let session, phase != .closed, sendFailure == nil else { return }
    let fd = fd
    do {
      switch try writer.flush(session, write: { SessionWriter.socketWrite(fd, $0, $1) }) {
      case .idle:
        break
      case .waitingForWritable:
        if !loopWaitsForWritable { wakeLoop() }
      case .failed(let code):
        sendFailedLocked(SocketError(operation: "send", path: path, errno: code))
      }
    } catch {
      loseLocked(.protocolError(path: path, error))
    }
  }

  /// The socket refused a write (EPIPE, ECONNRESET): the peer closed it, or its read side.
  ///
  /// A server that answers and closes (after GOAWAY, or a test server dying on purpose) leaves
  /// its last answers in our receive buffer, and the write that fails may be one that merely
  /// followed them (a WINDOW_UPDATE, the next request). So the connection is not lost at once:
  /// nothing more is written (what waits is dropped), no new stream opens here (the channel
  /// opens a new connection), and the socket is read to its end, where the streams whose
  /// answers came have ended normally and the rest fail with this error. A peer that keeps
  /// the socket open without reading is given ``ConnectionConfiguration/closeGracePeriod``.
  private func sendFailedLocked(_ error: SocketError) {
    guard sendFailure == nil else { return }
    sendFailure = error
    writer.discardPending()
    if phase == .open { phase = .draining }
    let deadline = ContinuousClock.now.advanced(by: configuration.closeGracePeriod)
    closeDeadline = min(closeDeadline ?? deadline, deadline)
    // The I/O thread reads to the end now, not after a lease.
    _ = reader.endLease()
    wakeLoop()
  }

  /// Why the connection ends when the peer's end of stream, a read error or the end of a grace
  /// period ends it: the failed write, if there was one (the first thing that went wrong).
  func lossReasonLocked(otherwise reason: ConnectionLostError) -> ConnectionLostError {
    sendFailure.map { .socket($0) } ?? reason
  }

  /// Ends the session: every open stream is told why, and the loop will exit.
  func loseLocked(_ reason: ConnectionLostError) {
    guard phase != .closed else { return }
    phase = .closed
    if lostReason == nil { lostReason = reason }
    writer.discardPending()
    for stream in streams.removeAll() {
      endLocked(stream, .connectionLost(reason))
    }
    wakeLoop()
    wakeLeaderIfItsStreamEndedLocked()
  }

  func wakeLoop() {
    wakeup.wake()
  }

  /// Resets every stream whose deadline has passed, and ends a graceful close whose grace
  /// period has run out.
  func expireDeadlinesLocked() {
    let now = ContinuousClock.now
    if let closeDeadline, now >= closeDeadline, phase != .closed {
      loseLocked(lossReasonLocked(otherwise: .closedLocally(path: path)))
      return
    }
    var expired = false
    while let stream = streams.popExpired(now: now) {
      expired = true
      resetLocked(stream.id, code: .cancel)
      endLocked(stream, .deadlineExceeded)
    }
    if expired { flushLocked() }
  }

  func nextWakeLocked() -> ContinuousClock.Instant? {
    guard let deadline = streams.nextDeadline else { return closeDeadline }
    guard let closeDeadline else { return deadline }
    return min(deadline, closeDeadline)
  }

  static func pollTimeout(until instant: ContinuousClock.Instant?) -> Int32 {
    guard let instant else { return -1 }
    let remaining = ContinuousClock.now.duration(to: instant)
    if remaining <= .zero { return 0 }
    let (seconds, attoseconds) = remaining.components
    // A deadline centuries away (a huge call timeout) must not overflow: clamp, never trap.
    let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
    if overflow || ms >= Int64(Int32.max) { return Int32.max }
    return Int32(clamping: ms + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
  }
}
