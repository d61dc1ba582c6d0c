/// Paces audio at real time against a clock, so that a long stream does not drift (the
/// reference client's `paced()`, which instead sleeps each chunk's duration after sending it
/// and so falls behind by every sleep's overshoot and every send's time).
///
/// Chunk `k` is due at `start + (samples before k) / sampleRate − lead`, where `start` is the
/// time of the first ``wait(toSend:)``: the first chunk goes at once, and the schedule is
/// computed from the sample count, in whole nanoseconds, never from the previous wake-up. A
/// late wake-up is therefore absorbed by the next one (which sleeps less), and over minutes
/// the error stays one wake-up's lateness instead of growing.
///
/// `lead` sends that much audio ahead of real time (the reference CLI sends 5 chunks, about
/// 107 ms, up front as a warm-up): the mod's ring buffer holds 2 s, so a lead of 0.1-0.5 s
/// absorbs scheduling hiccups without overflowing it.
///
/// ```swift
/// var pacer = MicrophonePacer()
/// for chunk in chunks {
///   try await pacer.wait(toSend: chunk.count)
///   try await mic.send(chunk)
/// }
/// ```
public struct MicrophonePacer: Sendable {
  /// Samples per second.
  public let sampleRate: Int
  /// How far ahead of real time audio may be sent.
  public let lead: Duration
  private let clock = ContinuousClock()
  private var start: ContinuousClock.Instant?
  /// Samples scheduled so far (passed to ``wait(toSend:)``).
  public private(set) var scheduledSamples: Int64 = 0

  /// Creates a pacer for `sampleRate` samples per second (48 000: the mod's rate), sending up
  /// to `lead` ahead of real time.
  public init(sampleRate: Int = 48_000, lead: Duration = .zero) {
    precondition(sampleRate > 0, "sampleRate must be above 0")
    self.sampleRate = sampleRate
    self.lead = lead
  }

  /// When the next chunk is due (nil before the first ``wait(toSend:)``).
  public var nextDeadline: ContinuousClock.Instant? {
    start.map { $0.advanced(by: audioTime(scheduledSamples)) - lead }
  }

  /// Sleeps until a chunk of `count` samples is due, then counts it as scheduled.
  /// - Throws: `CancellationError` when the task is cancelled while sleeping.
  public mutating func wait(toSend count: Int) async throws {
    let now = clock.now
    if start == nil { start = now }
    if let deadline = nextDeadline, deadline > now {
      try await clock.sleep(until: deadline)
    }
    scheduledSamples += Int64(count)
  }

  /// The audio time of `samples` samples, in whole nanoseconds.
  private func audioTime(_ samples: Int64) -> Duration {
    let rate = Int64(sampleRate)
    let seconds = samples / rate
    let rest = samples % rate
    return .seconds(seconds) + .nanoseconds(rest * 1_000_000_000 / rate)
  }
}
