import Foundation

/// Nanoseconds since the Unix epoch as a `Date`, for the navigation family's conveniences.
enum NavigationDates {
  /// `nanos` as a `Date` (microsecond precision; the nanos themselves stay exact).
  static func date(fromUnixNanos nanos: Int64) -> Date {
    let seconds = nanos / 1_000_000_000
    let rest = nanos % 1_000_000_000
    return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(rest) / 1e9)
  }
}
