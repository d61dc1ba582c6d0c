#if canImport(Glibc)
  package import Glibc
#endif

/// The lock of a connection and of a call: a plain `pthread_mutex_t` (the default, non-robust,
/// non-priority-inheriting kind), not reentrant.
///
/// Not a `Synchronization.Mutex`: on Linux that one is a priority-inheritance futex, whose
/// unlock hands the lock straight to the thread waiting for it. With calls overlapping on two
/// cores (cooperative threads and the I/O thread meeting on the connection's lock) every
/// hand-over then waits until the woken thread runs, and nobody else may take the lock
/// meanwhile: 4 Pings in flight measured 3,000-4,000 calls/s with a p50 of 650 µs, against
/// 25,000-35,000 calls/s and 100 µs with this lock (Benchmarks/README.md, "Issue 10 A/B").
/// A pthread mutex lets a running thread take a free lock at once.
///
/// ThreadSanitizer understands `pthread_mutex_lock`/`unlock` natively, so the hand-overs it
/// orders are seen without annotations.
///
/// The mutex lives in the lock object's own allocation (a `ManagedBuffer`'s tail element), so a
/// lock costs one allocation, not two: every call makes one.
///
/// Not `Sendable` itself (no `ManagedBuffer` is), but safe to share: the mutex lives at a fixed
/// address for the lock's life and is only used through `pthread_mutex_lock`/`unlock`; the
/// `@unchecked Sendable` types that hold one say so.
package final class ConnectionLock: ManagedBuffer<Void, pthread_mutex_t> {
  /// Creates an unlocked lock.
  package static func make() -> ConnectionLock {
    let lock = unsafeDowncast(ConnectionLock.create(minimumCapacity: 1) { _ in () }, to: ConnectionLock.self)
    lock.withUnsafeMutablePointerToElements { mutex in
      mutex.initialize(to: pthread_mutex_t())
      pthread_mutex_init(mutex, nil)
    }
    return lock
  }

  deinit {
    withUnsafeMutablePointerToElements { mutex in
      pthread_mutex_destroy(mutex)
      mutex.deinitialize(count: 1)
    }
  }

  /// Runs `body` with the lock held.
  @inlinable @inline(__always)
  package func withLock<T, E: Error>(_ body: () throws(E) -> sending T) throws(E) -> sending T {
    let mutex = withUnsafeMutablePointerToElements { $0 }
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }

  /// Runs `body` with the lock held when the lock is free now; nil (and `body` not run) when
  /// another thread holds it. Never waits.
  @inlinable @inline(__always)
  package func withLockIfAvailable<T>(_ body: () -> sending T) -> sending T? {
    let mutex = withUnsafeMutablePointerToElements { $0 }
    guard pthread_mutex_trylock(mutex) == 0 else { return nil }
    defer { pthread_mutex_unlock(mutex) }
    return body()
  }
}
