/// Command-line seconds as a `Duration`.
enum Seconds {
  /// Beyond this (about 31 years) a limit is no limit; it also keeps `Duration(seconds:)` from
  /// overflowing on values like 1e30.
  static let unlimited: Double = 1e9

  /// `seconds` as a limit: nil (none) when it is infinite or beyond ``unlimited``; negative
  /// values become zero.
  static func limit(_ seconds: Double) -> Duration? {
    guard seconds < unlimited else { return nil }
    return .seconds(max(seconds, 0))
  }

  /// `seconds` as a pause, at most ``unlimited``, at least zero.
  static func pause(_ seconds: Double) -> Duration {
    .seconds(min(max(seconds, 0), unlimited))
  }
}
