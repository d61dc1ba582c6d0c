public import ResoniteHTTP2

/// Moves what an nghttp2 session wants to send to a socket, for either side of a connection.
///
/// Small frames are gathered so that one write carries many; a large chunk (a DATA payload,
/// from nghttp2's buffer or, for bodies served without copying, from the message itself) goes
/// to the socket in the same `sendmsg(2)` as whatever is pending, and only the part the socket
/// did not take is kept. At most ``gatherLimit`` bytes are produced ahead of the socket.
///
/// ## The one rule
/// ``flush(_:write:)`` returns in exactly two states, which is what lets a `poll(2)` loop wait
/// safely afterwards:
/// - ``FlushResult/idle``: nothing is pending and nghttp2 produced nothing more. Only new input
///   (or a new submission) can give it something to say, so waiting for readability is enough.
/// - ``FlushResult/waitingForWritable``: bytes are pending and the socket's last answer was
///   "would block", so POLLOUT will fire.
///
/// It never stops because the socket *was* full and then returns after a later write emptied
/// the pending bytes without asking nghttp2 for more: that leaves nghttp2 holding output while
/// the loop waits for input that will never come (issue 2: a large response stalled mid-body
/// when the peer happened to drain the socket between the two writes).
public struct SessionWriter {
  /// What one attempt to write to the socket did.
  public enum WriteResult: Sendable, Hashable {
    /// The socket took this many bytes (at least one).
    case wrote(Int)
    /// The socket is full (EAGAIN); wait for POLLOUT.
    case wouldBlock
    /// The socket failed with this errno; the connection is over.
    case failed(errno: Int32)
  }

  /// Where a ``flush(_:write:)`` left things (see the type's documentation).
  public enum FlushResult: Sendable, Hashable {
    /// Nothing pending, nothing more from nghttp2.
    case idle
    /// Bytes are pending and the socket is full.
    case waitingForWritable
    /// The socket failed with this errno.
    case failed(errno: Int32)
  }

  /// Frames at least this long are written directly when nothing is pending.
  public static let directThreshold = 8 << 10
  /// Gathered bytes are written once they reach this many.
  public static let gatherLimit = 256 << 10

  private var pending: [UInt8] = []
  private var sent = 0

  /// An empty writer.
  public init() { pending.reserveCapacity(64 << 10) }

  /// True while bytes wait for the socket to become writable.
  public var hasPendingBytes: Bool { sent != pending.count }
  /// The number of bytes waiting for the socket.
  public var pendingCount: Int { pending.count - sent }

  /// Writes pending bytes, then asks `session` for more and writes that, until nghttp2 has
  /// nothing more or the socket is full.
  ///
  /// - Parameters:
  ///   - session: the session whose output to write.
  ///   - write: one write attempt on the socket of `first` then `second` (either may be
  ///     empty; ``socketWrite(_:_:_:)`` in production, one `sendmsg(2)`).
  /// - Throws: what `nghttp2_session_mem_send` reports; the connection is then unusable.
  public mutating func flush(
    _ session: HTTP2Session, write: (_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> WriteResult
  ) throws(NGHTTP2Error) -> FlushResult {
    while true {
      switch writePending(write) {
      case .wouldBlock: return .waitingForWritable
      case .failed(let code): return .failed(errno: code)
      case .wrote: break
      }
      // Nothing is pending here. When nghttp2 has nothing to send (nghttp2_session_want_write:
      // what `mem_send` would produce nothing for), that is the idle state already, without a
      // `send` round to find out: most flushes of a unary call end here.
      guard session.wantsWrite else { return .idle }
      // Ask nghttp2 for frames until it has none or enough piled up.
      var produced = false
      var failure: Int32?
      try session.send(while: { chunk in
        produced = true
        guard chunk.count >= Self.directThreshold else {
          pending.append(contentsOf: chunk)
          return pendingCount < Self.gatherLimit
        }
        // A large chunk (a DATA payload, often straight from the message's memory) goes out
        // with whatever is pending in one write; only what the socket refuses is copied.
        var taken = 0
        while taken < chunk.count {
          let result = pending.withUnsafeBytes { gathered in
            write(
              UnsafeRawBufferPointer(rebasing: gathered[sent...]), UnsafeRawBufferPointer(rebasing: chunk[taken...]))
          }
          switch result {
          case .wrote(let n):
            let fromPending = min(n, pendingCount)
            sent += fromPending
            taken += n - fromPending
          case .wouldBlock:
            pending.append(contentsOf: chunk[taken...])
            return false
          case .failed(let code):
            failure = code
            return false
          }
        }
        discardPending()
        return true
      })
      if let failure { return .failed(errno: failure) }
      // Went around with nothing produced: nghttp2 is done for now and nothing is pending.
      if !produced { return .idle }
    }
  }

  /// Forgets pending bytes (the connection is over).
  public mutating func discardPending() {
    pending.removeAll(keepingCapacity: pending.capacity <= 1 << 20)
    sent = 0
  }

  /// Writes pending bytes until none are left or the socket pushes back.
  /// - Returns: `.wrote(0)` when nothing is left pending.
  private mutating func writePending(
    _ write: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> WriteResult
  ) -> WriteResult {
    while hasPendingBytes {
      let result = pending.withUnsafeBytes {
        write(UnsafeRawBufferPointer(rebasing: $0[sent...]), UnsafeRawBufferPointer(start: nil, count: 0))
      }
      guard case .wrote(let n) = result else { return result }
      sent += n
    }
    discardPending()
    return .wrote(0)
  }
}
