import Foundation
public import Testing

/// A task executor with a thread of its own. The nonisolated code of a task that prefers it
/// (`Task(executorPreference:)`, `withTaskExecutorPreference`, ``onOwnExecutor(_:)``) runs on
/// that thread, so async code that blocks its thread on purpose (a unary call reading its
/// response inline, which polls the socket for up to the channel's inline-read budget) holds
/// this thread and none of the cooperative pool's two.
///
/// Jobs run one at a time, in order. The thread ends when no job is queued after
/// ``shutdown()``; a job enqueued later starts a new one.
public final class OwnThreadExecutor: TaskExecutor, @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [UnownedJob] = []
  private var running = false
  private var shutDown = false

  public init() {}

  public func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    condition.lock()
    jobs.append(job)
    let start = !running
    running = true
    condition.signal()
    condition.unlock()
    if start {
      let thread = Thread { [self] in run() }
      thread.name = "test executor"
      thread.start()
    }
  }

  /// Lets the thread end once its queue is empty.
  public func shutdown() {
    condition.lock()
    shutDown = true
    condition.signal()
    condition.unlock()
  }

  private func run() {
    while true {
      condition.lock()
      while jobs.isEmpty && !shutDown { condition.wait() }
      guard !jobs.isEmpty else {
        running = false
        condition.unlock()
        return
      }
      let job = jobs.removeFirst()
      condition.unlock()
      job.runSynchronously(on: asUnownedTaskExecutor())
    }
  }
}

/// Runs `body` with a fresh ``OwnThreadExecutor`` as its task executor preference: its
/// nonisolated async code (and that of the child tasks it starts) runs on one thread of its
/// own instead of the cooperative pool.
public func onOwnExecutor<T>(_ body: () async throws -> T) async throws -> T {
  let executor = OwnThreadExecutor()
  defer { executor.shutdown() }
  return try await withTaskExecutorPreference(executor) { () async throws -> T in try await body() }
}

/// A trait that runs each test on a thread of its own (``onOwnExecutor(_:)``) instead of the
/// cooperative pool: for suites of synchronous tests that block on sockets and servers or run
/// long CPU loops, which would otherwise hold one of the pool's two threads (on a 2-core
/// machine) for as long as they run, and stall every other test of the run. The test's child
/// tasks share its one thread, so it is not for tests that need calls to run side by side.
public struct OwnThreadTrait: TestTrait, SuiteTrait, TestScoping {
  public var isRecursive: Bool { true }

  public func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    guard testCase != nil || !test.isSuite else { return try await function() }
    try await onOwnExecutor { try await function() }
  }
}

extension Trait where Self == OwnThreadTrait {
  /// Runs each test on a thread of its own (``OwnThreadTrait``).
  public static var ownThread: Self { Self() }
}
