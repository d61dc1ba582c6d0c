import Foundation

/// The thread-safe home of ``Observations``: the I/O thread writes, test threads read and wait.
///
/// `@unchecked Sendable`: `state` is read and written only with `condition` locked (an
/// `NSCondition` rather than a `Mutex`, because readers wait on it); `requestLimit` never
/// changes.
final class ObservationLog: @unchecked Sendable {
  // NSCondition guards `state`; every mutation broadcasts so waiters re-check.
  private let condition = NSCondition()
  private var state = Observations()
  private let requestLimit: Int

  init(requestLimit: Int) {
    self.requestLimit = max(requestLimit, 0)
  }

  /// Mutates the state under the lock and wakes every waiter.
  func update(_ body: (inout Observations) -> Void) {
    condition.lock()
    body(&state)
    condition.broadcast()
    condition.unlock()
  }

  /// Appends a request and counts it. The log is trimmed back to the newest `requestLimit`
  /// entries whenever it reaches twice that, so trimming costs O(1) per request on average.
  func record(_ request: RecordedRequest) {
    update { state in
      state.callCounts[request.path, default: 0] += 1
      guard requestLimit > 0 else { return }
      if state.requests.count >= 2 * requestLimit {
        state.requests.removeFirst(state.requests.count - requestLimit)
      }
      state.requests.append(request)
    }
  }

  /// Reads the state under the lock.
  func read<T>(_ body: (Observations) -> T) -> T {
    condition.lock()
    defer { condition.unlock() }
    return body(state)
  }

  /// Blocks until `predicate` holds or `timeout` passes; returns whether it holds.
  func wait(timeout: Duration, until predicate: (Observations) -> Bool) -> Bool {
    let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
    let deadline = Date(timeIntervalSinceNow: max(seconds, 0))
    condition.lock()
    defer { condition.unlock() }
    while !predicate(state) {
      if !condition.wait(until: deadline) { return predicate(state) }
    }
    return true
  }
}
