import Foundation
public import Testing

/// A trait for the few tests that measure real time or this process's memory (frame
/// freshness, audio pacing, resident-memory growth, dead reckoning): they run one at a time, so
/// that none of them is the load that makes another fail. Every other test still runs beside
/// them; their assertions on time apply only when the process ran on time (``SchedulingProbe``).
public struct TimingSensitiveTrait: TestTrait, TestScoping {
  public func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    await TimingSensitiveGate.shared.acquire()
    do {
      try await function()
    } catch {
      await TimingSensitiveGate.shared.release()
      throw error
    }
    await TimingSensitiveGate.shared.release()
  }
}

extension Trait where Self == TimingSensitiveTrait {
  /// Runs the test alone among the timing-sensitive tests (``TimingSensitiveTrait``).
  public static var timingSensitive: Self { Self() }
}

/// The process-wide gate behind ``TimingSensitiveTrait``: one holder at a time, the others wait
/// in order (suspended, no thread blocked).
actor TimingSensitiveGate {
  static let shared = TimingSensitiveGate()

  private var held = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  func acquire() async {
    guard held else {
      held = true
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  func release() {
    if waiters.isEmpty {
      held = false
    } else {
      waiters.removeFirst().resume()
    }
  }
}

/// Measures how late this process's tasks wake: a task sleeps 10 ms at a time beside the test
/// and records its worst oversleep. A test asserts real-time properties (freshness, pacing,
/// dead reckoning) only when the process ran on time (``ranOnTime``); a starved process says
/// nothing about them, and the test's structural assertions hold either way.
///
/// A sleep still waiting to be resumed counts too (``worstLateness`` includes how overdue it is
/// now): when every thread of the cooperative pool is busy, the probe's task may not run again
/// before the test asks, and a probe that only counted finished sleeps would then report a
/// starved process as on time.
public final class SchedulingProbe: Sendable {
  private struct Record {
    var worst = Duration.zero
    /// When the sleep in progress should end.
    var due: ContinuousClock.Instant
  }

  private let record: Locked<Record>
  private let task: Task<Void, Never>

  /// Starts measuring.
  public init() {
    let clock = ContinuousClock()
    let record = Locked(Record(due: clock.now + .milliseconds(10)))
    self.record = record
    task = Task.detached {
      while !Task.isCancelled {
        let due = record.value.due
        try? await Task.sleep(until: due, clock: clock)
        let now = clock.now
        record.update {
          $0.worst = max($0.worst, due.duration(to: now))
          $0.due = now + .milliseconds(10)
        }
      }
    }
  }

  deinit { task.cancel() }

  /// The worst oversleep so far, the sleep in progress included.
  public var worstLateness: Duration {
    let now = ContinuousClock.now
    let record = record.value
    return max(record.worst, record.due.duration(to: now))
  }

  /// Whether the machine has CPU to spare: the 1-minute load average is below the number of
  /// cores. For what a child process times itself, which the probe cannot see.
  public static var machineHasSpareCPU: Bool {
    var load = [0.0]
    guard getloadavg(&load, 1) == 1 else { return false }
    return load[0] < Double(ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Whether no wake-up was more than `tolerance` late so far.
  public func ranOnTime(tolerance: Duration = .milliseconds(50)) -> Bool { worstLateness <= tolerance }
}
