/// How long something expected to end within milliseconds may take before it counts as hung.
///
/// A plain `swift test` starts every test of the run at once, and they share the cooperative
/// thread pool (two threads on a 2-core machine) and whatever CPU other processes leave: a
/// test's wall-clock time includes waiting behind all the others, and a loaded machine has shown
/// 40 s for calls that take a millisecond alone (and, at a load average of 27 on 2 cores, over
/// 120 s). So an upper bound only separates "ended" from
/// "hung"; what ended a call (its status, the server's record, the order of events) is what a
/// test asserts. Waits a test starts itself (deadlines, timeouts, delays it must not wait for)
/// are made much longer than this bound, so that the bound still tells them apart.
public let noHangBound: Duration = .seconds(300)

/// How long ``eventually(timeout:_:)`` polls by default: a condition expected to hold soon, on a
/// loaded machine (see ``noHangBound``). Polling returns as soon as it holds.
public let eventuallyBound: Duration = .seconds(300)

/// A delay, deadline or timeout that a test must never reach: far beyond ``noHangBound``.
public let unreachedWait: Duration = .seconds(3600)

/// The time `body` took, with its result.
public func timed<R>(_ body: () async throws -> R) async rethrows -> (R, Duration) {
  let start = ContinuousClock.now
  let result = try await body()
  return (result, ContinuousClock.now - start)
}

/// Polls `condition` (suspending, never blocking a thread) until it holds or `timeout` passes;
/// whether it held. In a cancelled task it looks once and returns: `Task.sleep` no longer
/// suspends there, and polling on would hold a thread of the cooperative pool until `timeout`.
public func eventually(timeout: Duration = eventuallyBound, _ condition: () -> Bool) async -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline && !Task.isCancelled {
    if condition() { return true }
    try? await Task.sleep(for: .milliseconds(5))
  }
  return condition()
}
