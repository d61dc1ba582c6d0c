#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The two clocks the server reads: a monotonic one for timers and deadlines, and the wall
/// clock for `server_unix_nanos`.
enum LoopClock {
  /// Nanoseconds on the monotonic clock (CLOCK_MONOTONIC), for timers and deadlines.
  static func monotonicNanos() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
  }

  /// Nanoseconds since the Unix epoch on the wall clock (CLOCK_REALTIME), as an exact Int64.
  static func unixNanos() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
  }
}

extension Duration {
  /// This duration in whole nanoseconds, clamped to 0 ... UInt64.max (negative becomes 0).
  var clampedNanoseconds: UInt64 {
    let (seconds, attoseconds) = components
    guard seconds > 0 || (seconds == 0 && attoseconds > 0) else { return 0 }
    let (secNanos, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
    if overflow { return .max }
    let (total, overflow2) = secNanos.addingReportingOverflow(UInt64(max(attoseconds, 0) / 1_000_000_000))
    return overflow2 ? .max : total
  }
}
