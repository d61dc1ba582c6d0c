/// Who may read an ``HTTP2Connection``'s socket: its I/O thread, or one caller waiting inline
/// for its own stream (leader/follower).
///
/// Exactly one reader at a time, so that bytes reach nghttp2 in the order they came and no two
/// threads wake for the same frame:
/// - ``State/loop``: the I/O thread polls the socket for input and reads it. A caller may still
///   claim the role; the I/O thread then leaves the bytes to it (it may wake once for them).
/// - ``State/loopReading``: the I/O thread is inside `recv`; no caller may claim the role.
/// - ``State/caller(_:)``: a caller leads: it polls and reads the socket itself until its
///   stream ends or its budget runs out, and processes every frame (of every stream) meanwhile.
/// - ``State/leased(until:)``: a caller led recently and finished. Nobody reads until the next
///   caller claims the role (without waking the I/O thread) or the lease ends, when the I/O
///   thread takes the role back. A sequence of calls thus pays no wake-up of the I/O thread per
///   call, while an idle connection still reads what the peer sends (GOAWAY, PING, EOF)
///   within one lease.
///
/// A value type guarded by the connection's lock; it makes no system call.
struct ReaderRole {
  enum State: Equatable {
    case loop
    case loopReading
    case caller(Int32)
    case leased(until: ContinuousClock.Instant)
  }

  /// How long the I/O thread leaves the socket to callers after one finished leading.
  let lease: Duration
  private(set) var state = State.loop

  init(lease: Duration) {
    self.lease = lease
  }

  /// True while a caller leads.
  var isCallerLeading: Bool {
    if case .caller = state { return true }
    return false
  }

  /// True while the role is leased. The I/O thread then has a wake-up planned for no later
  /// than the lease's end (it planned one when a caller led, and a lease only follows a caller),
  /// so it will look at a caller that claims the role now within one lease.
  var isLeased: Bool {
    if case .leased = state { return true }
    return false
  }

  /// A caller asks to lead for `streamID`.
  /// - Returns: true when it now leads (it must call ``release(handBack:now:)`` afterwards).
  mutating func claim(for streamID: Int32) -> Bool {
    switch state {
    case .loop, .leased:
      state = .caller(streamID)
      return true
    case .loopReading, .caller:
      return false
    }
  }

  /// The leading caller stops leading.
  ///
  /// - Parameter handBack: true when the I/O thread must read from now on (the caller's own
  ///   stream is still open, another stream waits for frames, or the connection ended); the
  ///   caller must then wake the I/O thread. Otherwise the role is leased for ``lease``.
  mutating func release(handBack: Bool, now: ContinuousClock.Instant) {
    precondition(isCallerLeading, "release without a claim")
    state = handBack ? .loop : .leased(until: now.advanced(by: lease))
  }

  /// The I/O thread plans its wait: it takes the role back from an expired lease.
  ///
  /// - Returns: whether it should poll the socket for input, and when it must look again at
  ///   the latest when it should not (the lease's end; while a caller leads, one lease from now,
  ///   as the caller may lease the role on release without waking it).
  mutating func planLoopWait(now: ContinuousClock.Instant) -> (readsSocket: Bool, lookAgainBy: ContinuousClock.Instant?)
  {
    switch state {
    case .loop, .loopReading:
      return (true, nil)
    case .leased(let until):
      if now >= until {
        state = .loop
        return (true, nil)
      }
      return (false, until)
    case .caller:
      return (false, now.advanced(by: lease))
    }
  }

  /// Ends a lease early, for a call that will not read its own response: the I/O thread must
  /// watch the socket again at once, or that response would wait for the lease to run out.
  /// - Returns: true when a lease was ended (wake the I/O thread so it replans).
  mutating func endLease() -> Bool {
    guard case .leased = state else { return false }
    state = .loop
    return true
  }

  /// The I/O thread is about to read.
  /// - Returns: false when a caller claimed the role meanwhile (the I/O thread must not read).
  mutating func beginLoopRead() -> Bool {
    guard state == .loop else { return false }
    state = .loopReading
    return true
  }

  /// The I/O thread has read what was there.
  mutating func endLoopRead() {
    if state == .loopReading { state = .loop }
  }
}
