#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The wall clock in nanoseconds since the Unix epoch (Python's `time.time_ns()`), for the
/// `unix_nanos` send stamps of Microphone and Locomotion.
func wallClockUnixNanos() -> Int64 {
  var now = timespec()
  clock_gettime(CLOCK_REALTIME, &now)
  return Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
}
