public import Foundation

/// The answer to ``ConnectionClient/ping(_:timeout:)``.
public struct PingResponse: Sendable, Hashable {
  /// The message the server echoed; a healthy server returns the one sent, unchanged.
  public var message: String
  /// The server's wall clock when it answered, in nanoseconds since the Unix epoch. Exact: it
  /// is above 2^53, so it never goes through a `Double` here.
  public var serverUnixNanos: Int64

  /// Creates a response.
  public init(message: String, serverUnixNanos: Int64) {
    self.message = message
    self.serverUnixNanos = serverUnixNanos
  }

  /// ``serverUnixNanos`` as a `Date` (microsecond precision; use the nanos for exact values).
  public var serverTime: Date {
    let seconds = serverUnixNanos / 1_000_000_000
    let nanos = serverUnixNanos % 1_000_000_000
    return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(nanos) / 1e9)
  }
}
