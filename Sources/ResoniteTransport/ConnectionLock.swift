import CResoniteSystem
package import Synchronization

/// The lock of a connection and of a call: a `Synchronization.Mutex`, not reentrant, whose
/// hand-overs ThreadSanitizer is told about.
///
/// A plain `Mutex` would do, but on Linux its contended path runs in an uninstrumented library
/// (the kernel's priority-inheritance futex passes the lock), so ThreadSanitizer would report
/// every field it guards as a race as soon as two threads meet on it. The annotations are a
/// test and a branch when the sanitizer is not linked in.
package final class ConnectionLock: Sendable {
  @usableFromInline let mutex = Mutex(())

  /// Creates an unlocked lock.
  package init() {}

  /// Runs `body` with the lock held.
  @inlinable @inline(__always)
  package func withLock<T, E: Error>(_ body: () throws(E) -> sending T) throws(E) -> sending T {
    try mutex.withLock { _ throws(E) -> sending T in
      let address = Unmanaged.passUnretained(self).toOpaque()
      resonite_tsan_acquire(address)
      defer { resonite_tsan_release(address) }
      return try body()
    }
  }
}

/// A `Synchronization.Mutex` around a value whose hand-overs ThreadSanitizer is told about, for
/// the state other layers guard (``ConnectionLock`` explains why a plain `Mutex` is not enough
/// under the sanitizer on Linux).
package final class SanitizedMutex<Value>: Sendable {
  @usableFromInline let mutex: Mutex<Value>

  /// Creates the lock around `value`.
  package init(_ value: sending Value) { mutex = Mutex(value) }

  /// Runs `body` with the lock held and the value to read or change.
  @inlinable @inline(__always)
  package func withLock<T, E: Error>(_ body: (inout sending Value) throws(E) -> sending T) throws(E) -> sending T {
    try mutex.withLock { (value: inout sending Value) throws(E) -> sending T in
      let address = Unmanaged.passUnretained(self).toOpaque()
      resonite_tsan_acquire(address)
      defer { resonite_tsan_release(address) }
      return try body(&value)
    }
  }
}
