import Synchronization

/// A value shared between a test and the threads it starts (a raw server's script, a handler
/// on the server's I/O thread), behind a lock.
public final class Locked<Value: Sendable>: Sendable {
  private let storage: Mutex<Value>

  public init(_ value: Value) { storage = Mutex(value) }

  /// The value now.
  public var value: Value { storage.withLock { $0 } }

  /// Changes the value under the lock.
  public func update(_ change: (inout Value) -> Void) { storage.withLock { change(&$0) } }
}
