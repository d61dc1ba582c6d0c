import ResoniteHTTP2
import Synchronization

// MARK: Driving without the I/O thread (fuzzing)

extension HTTP2Connection {
  /// A connection on `fd`, a socket that is already connected and non-blocking (for example
  /// one end of a `socketpair(2)`), with its session started and its preface written, but no
  /// I/O thread: the caller hands it the peer's bytes with ``receiveForFuzzing(_:)`` and ends
  /// it with ``detachForFuzzing()``, all from one thread. The caller owns and closes `fd`.
  ///
  /// For the fuzz targets under `Fuzz/`, so that the real receive path (nghttp2, header
  /// accounting, flow control, stream handlers) runs synchronously on fuzz input; not for
  /// production use.
  @_spi(Fuzzing)
  public static func withoutLoop(
    fd: Int32, configuration: ConnectionConfiguration = ConnectionConfiguration()
  ) throws -> HTTP2Connection {
    let wakeup = try WakeupPipe(path: "fuzz")
    let connection = HTTP2Connection(
      path: "fuzz", fd: fd, wakeup: wakeup, leaderWakeup: nil, configuration: configuration)
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
