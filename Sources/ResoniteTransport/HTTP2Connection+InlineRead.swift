import ResoniteHTTP2
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The inline-read policy: when a caller reads its own response on its thread (leader/follower)
/// instead of waiting for the I/O thread.
///
/// Inline reading is for sequential calls: with calls overlapping, a caller blocked in `poll`
/// would hold a cooperative thread the others need. So a caller reads inline only when its
/// stream is short-lived, it is the only live short-lived stream, and the stream opened before
/// it was alone for its whole life as well (``aloneStreak``). Long-lived streams (streaming
/// calls) are left out of both counts: a stream open for an hour must not turn the fast path
/// off for the short-lived streams beside it. A connection's first call never reads inline: the
/// I/O thread is still reading the server's SETTINGS then, both threads would wake on the
/// answer, and a new connection's first Ping measured about 25 % slower (0.13 ms against
/// 0.10 ms) when it did.
extension HTTP2Connection {
  /// Counts a short-lived stream being opened (lock held) for the sequential-calls test.
  func noteShortLivedOpenLocked() {
    aloneStreak = streams.shortLivedCount == 0 ? min(aloneStreak + 1, 2) : 0
    looksSequential.store(aloneStreak >= 2, ordering: .relaxed)
    // This call will not read inline: the I/O thread must not sit out a lease meanwhile.
    if aloneStreak < 2 { endLeaseLocked() }
  }

  /// Waits for `stream` to end by reading the socket on the calling thread, for at most
  /// ``ConnectionConfiguration/inlineReadBudget`` (and never past the stream's deadline).
  ///
  /// Only when the calls on this connection look sequential (see the policy above), no other
  /// caller is reading, and no request bytes wait for the socket does the caller take the
  /// reader role; otherwise this returns false at once. After a wait whose budget ran out, the
  /// next sequential calls skip inline reading (1, then 2, 4... up to 64 of them, while the
  /// misses go on). While it leads, the caller processes every frame that arrives, for every
  /// stream, exactly as the I/O thread would (handlers are called on this thread, with the lock
  /// held); other callers opening streams meanwhile are served by it, then by the I/O thread.
  /// When the budget runs out first, the I/O thread is woken to read from then on.
  ///
  /// This blocks the calling thread in `poll(2)`, which is only acceptable because the wait is
  /// short and bounded: a Swift concurrency cooperative thread may block here for about the
  /// budget. When another thread ends the stream meanwhile (a cancel on task cancellation, the
  /// I/O thread at the stream's deadline or when the connection is lost), it wakes the caller
  /// at once.
  ///
  /// Back-to-back calls take the role from a lease, and then `poll` without a timeout: arming a
  /// kernel timer for every call's wait cost more than the rest of the wait on the machines we
  /// measured (a high-resolution timer is a VM exit; 4-5 µs of CPU per call against 0.5 µs for
  /// an untimed wait, in a C ping-pong). The I/O thread, which looks in within one lease
  /// anyway, wakes such a caller when its budget is over, so its wait lasts at most the longer
  /// of the budget and the lease (``ConnectionConfiguration/readerLease``, 2 ms). A caller that
  /// takes the role from the I/O thread itself times its own `poll`.
  ///
  /// - Returns: true when the stream's handler has been told the stream closed (on this thread
  ///   or another), false when the caller must wait for that otherwise.
  func readInline(_ stream: HTTP2Stream) -> Bool {
    let budget = configuration.inlineReadBudget
    guard let leaderWakeup, budget > .zero, !stream.isLongLived, looksSequential.load(ordering: .relaxed) else {
      return false
    }
    let streamID = stream.id
    var end = ContinuousClock.now.advanced(by: budget)
    let claim: InlineClaim = lock.withLock {
      // Answered already (the I/O thread was quicker), or failed with the connection.
      guard stream.isLive else { return .streamEnded }
      // `stream` is live and short-lived, so it is one of `liveShortLivedCount`: any more is
      // another call overlapping (read as a field: a method call on the table copied it out of
      // the connection, retaining its storage, on every call).
      guard phase != .closed, aloneStreak >= 2, !writer.hasPendingBytes, streams.liveShortLivedCount <= 1
      else {
        endLeaseLocked()
        return .declined
      }
      if inlineSkips > 0 {
        inlineSkips -= 1
        endLeaseLocked()
        return .declined
      }
      // Claimed from a lease while the I/O thread waits with a timer that fires within a lease
      // of the budget's end (it plans one for the lease's end, `loopWakeAt`), the I/O thread
      // looks in then: it ends the wait at `end` (waking this thread), so the caller's poll
      // needs no timeout of its own. An I/O thread asleep without such a timer (it planned
      // while it read the socket, and a caller took that read from it) would not: then the
      // caller times its own poll.
      let untimed = reader.isLeased && (loopWakeAt.map { $0 <= end.advanced(by: reader.lease) } ?? false)
      guard reader.claim(for: streamID) else { return .declined }
      if let deadline = stream.deadline, deadline < end { end = deadline }
      leaderThread = pthread_self()
      leaderWoken = false
      leaderBudgetEnd = untimed ? end : nil
      return .leading(timed: !untimed)
    }
    let timed: Bool
    switch claim {
    case .streamEnded: return true
    case .declined: return false
    case .leading(let withTimeout): timed = withTimeout
    }

    var done = false
    var fds = [
      pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
      pollfd(fd: leaderWakeup.readFD, events: Int16(POLLIN), revents: 0),
    ]
    while true {
      fds[0].revents = 0
      fds[1].revents = 0
      var pollError: Int32?
      let timeout = timed ? Self.pollTimeout(until: end) : -1
      if case .failure(let error) = Syscall.poll(&fds, 2, timeout), !error.isInterrupted {
        pollError = error.rawValue
      }
      if fds[1].revents & Int16(POLLIN) != 0 { leaderWakeup.drain() }
      if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
        // A few buffers at most per turn, so a busy streaming call beside this one cannot keep
        // the caller reading long past its budget.
        readAvailable(into: readBuffer, asLoop: false, maxReads: 4)
      }
      let timeUp = ContinuousClock.now >= end
      let stop: Bool = lock.withLock {
        if let pollError { loseLocked(.socket(SocketError(operation: "poll", path: path, errno: pollError))) }
        if fds[0].revents & Int16(POLLOUT) != 0 { flushLocked() }
        done = phase == .closed || !stream.isLive
        fds[0].events = writer.hasPendingBytes ? Int16(POLLIN | POLLOUT) : Int16(POLLIN)
        guard done || timeUp else { return false }
        // Hand the socket back unless nothing is left to read for: then lease it.
        let handBack = !done || phase == .closed || streams.liveCount > 0
        let now = ContinuousClock.now
        reader.release(handBack: handBack, now: now)
        leaderThread = nil
        leaderBudgetEnd = nil
        if done {
          inlineCounts.completed += 1
          inlineBackoff = 0
        } else {
          inlineCounts.handedBack += 1
          inlineBackoff = min(max(inlineBackoff * 2, 1), 64)
          inlineSkips = inlineBackoff
        }
        // Leasing the socket to an I/O thread that will not look in by the lease's end (asleep
        // without a timer, or with a later one): wake it to plan for the lease, so that the
        // next caller may wait untimed. Once per run of leases.
        if handBack || (loopWakeAt.map { $0 > now.advanced(by: reader.lease) } ?? true) { wakeLoop() }
        return true
      }
      if stop { return done }
    }
  }

  /// What ``readInline(_:)`` found when it asked for the reader role.
  enum InlineClaim {
    /// The stream's handler was already told it closed.
    case streamEnded
    /// Not this time: calls overlap, another thread reads, output waits, or backing off.
    case declined
    /// The caller holds the reader role; `timed`: its `poll` times out at the budget's end
    /// itself, else the I/O thread wakes it then (``wakeLeaderPastItsBudgetLocked(now:)``).
    case leading(timed: Bool)
  }

  /// Wakes the caller leading without a timeout of its own once its budget is over (the I/O
  /// thread, as it plans its wait). Once: the caller then hands the socket back.
  func wakeLeaderPastItsBudgetLocked(now: ContinuousClock.Instant) {
    guard let end = leaderBudgetEnd, now >= end, reader.isCallerLeading else { return }
    leaderBudgetEnd = nil
    guard !leaderWoken else { return }
    leaderWoken = true
    inlineCounts.wokenAtBudget += 1
    leaderWakeup?.wake()
  }

  /// Gives the socket back to the I/O thread at once when it sits out a lease.
  func endLeaseLocked() {
    if reader.endLease() { wakeLoop() }
  }

  /// Wakes the caller reading inline when its stream has ended on another thread.
  func wakeLeaderIfItsStreamEndedLocked() {
    guard case .caller(let streamID) = reader.state, !leaderWoken, streams[streamID]?.isLive != true,
      let leaderThread, pthread_equal(leaderThread, pthread_self()) == 0
    else { return }
    leaderWoken = true
    leaderWakeup?.wake()
  }
}
