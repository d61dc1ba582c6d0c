/// A value guarded by a plain `pthread_mutex_t` (a ``ConnectionLock``): the `Mutex`-shaped
/// lock for the state other layers keep beside a connection (``ConnectionLock`` says why not
/// a `Synchronization.Mutex`).
///
/// `@unchecked Sendable`: `value` is read and written only inside ``withLock(_:)``, with the
/// mutex held; `Value` is handed in and out with `sending`, as `Mutex` does.
package final class PThreadMutex<Value>: @unchecked Sendable {
  @usableFromInline let lock = ConnectionLock.make()
  @usableFromInline let value: UnsafeMutablePointer<Value>

  /// Creates the lock around `value`.
  package init(_ value: sending Value) {
    self.value = .allocate(capacity: 1)
    self.value.initialize(to: value)
  }

  deinit {
    value.deinitialize(count: 1)
    value.deallocate()
  }

  /// Runs `body` with the lock held and the value to read or change.
  @inlinable @inline(__always)
  package func withLock<T, E: Error>(_ body: (inout sending Value) throws(E) -> sending T) throws(E) -> sending T {
    try lock.withLock { () throws(E) -> sending T in
      try body(&value.pointee)
    }
  }
}
