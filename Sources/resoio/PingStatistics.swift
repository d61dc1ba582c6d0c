import Foundation

/// The round-trip numbers behind `resoio ping -n N`'s summary.
struct PingStatistics {
  var sent = 0
  private(set) var roundTrips: [Double] = []

  var received: Int { roundTrips.count }

  /// Adds one answered ping.
  mutating func record(_ rtt: Duration) {
    roundTrips.append(Self.milliseconds(rtt))
  }

  /// The summary, as the system ping prints it:
  /// ```
  /// --- /path/resonite-123.sock ping statistics ---
  /// 3 sent, 3 received, 0% loss
  /// rtt min/avg/max/stddev = 0.210/0.250/0.301/0.038 ms
  /// ```
  /// The rtt line is left out when nothing was received.
  func summary(socketPath: String) -> [String] {
    let loss = sent == 0 ? 0 : Double(sent - received) * 100 / Double(sent)
    var lines = [
      "--- \(socketPath) ping statistics ---",
      "\(sent) sent, \(received) received, \(Self.percent(loss))% loss",
    ]
    if let minimum = roundTrips.min(), let maximum = roundTrips.max() {
      let mean = roundTrips.reduce(0, +) / Double(received)
      let variance = roundTrips.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(received)
      let values = [minimum, mean, maximum, variance.squareRoot()].map(Self.format)
      lines.append("rtt min/avg/max/stddev = \(values.joined(separator: "/")) ms")
    }
    return lines
  }

  /// A duration in milliseconds, from its exact nanoseconds.
  static func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds / 1_000_000_000) / 1_000_000
  }

  /// Three decimals, as in `rtt_ms=0.412`.
  static func format(_ value: Double) -> String {
    String(format: "%.3f", value)
  }

  /// A whole percentage when it is one (`0`, `50`, `100`), else one decimal (`33.3`).
  static func percent(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
  }
}
