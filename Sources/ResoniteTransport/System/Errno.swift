import Glibc

/// The `errno` a failed system call left: the typed failure of every call in ``Syscall``.
package struct Errno: Error, Hashable, Sendable {
  /// The value, for example `ENOENT` (2).
  package let rawValue: Int32

  /// Wraps `rawValue`.
  @inline(__always)
  package init(rawValue: Int32) { self.rawValue = rawValue }

  /// The calling thread's `errno` now: read it right after the call, before anything else
  /// can change it.
  @inline(__always)
  package static var current: Errno { Errno(rawValue: errno) }

  /// EINTR: a signal arrived before the call did anything.
  @inline(__always)
  package var isInterrupted: Bool { rawValue == EINTR }

  /// EAGAIN or EWOULDBLOCK: a non-blocking descriptor has nothing to give or no room.
  @inline(__always)
  package var isWouldBlock: Bool { rawValue == EAGAIN || rawValue == EWOULDBLOCK }
}
