/// The `grpc-timeout` header value: at most 8 ASCII digits and one unit letter.
///
/// The finest unit whose amount fits in 8 digits is chosen, rounding up, so that the server
/// never sees a shorter deadline than the client's (gRPC PROTOCOL-HTTP2.md, "Timeout").
public struct GRPCTimeout: Sendable, Hashable, CustomStringConvertible {
  /// The amount, 1 to 99 999 999.
  public let amount: Int64
  /// The unit letter: `n`, `u`, `m`, `S`, `M` or `H`.
  public let unit: Character

  private static let units: [(Character, Int64)] = [
    ("n", 1), ("u", 1_000), ("m", 1_000_000), ("S", 1_000_000_000), ("M", 60_000_000_000),
    ("H", 3_600_000_000_000),
  ]
  private static let maxAmount: Int64 = 99_999_999

  /// Encodes a remaining time; nil when it is not positive (the call must fail locally).
  public init?(nanoseconds: Int64) {
    guard nanoseconds > 0 else { return nil }
    for (unit, scale) in Self.units {
      let amount = nanoseconds / scale + (nanoseconds % scale == 0 ? 0 : 1)  // ceiling, no overflow
      if amount <= Self.maxAmount {
        self.amount = amount
        self.unit = unit
        return
      }
    }
    self.amount = Self.maxAmount
    self.unit = "H"
  }

  /// Encodes a remaining `Duration`; nil when it is not positive.
  public init?(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    let (secNanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    let (sum, sumOverflow) = secNanos.addingReportingOverflow((attoseconds + 999_999_999) / 1_000_000_000)
    let nanos = overflow || sumOverflow ? (seconds > 0 ? Int64.max : Int64.min) : sum
    self.init(nanoseconds: nanos)
  }

  /// Parses a header value; nil when it is malformed.
  public init?(headerValue: String) {
    guard let unit = headerValue.last, Self.units.contains(where: { $0.0 == unit }) else { return nil }
    let digits = headerValue.dropLast()
    guard (1...8).contains(digits.count), digits.utf8.allSatisfy({ (48...57).contains($0) }),
      let amount = Int64(digits), amount > 0
    else { return nil }
    self.amount = amount
    self.unit = unit
  }

  /// The time this value stands for.
  public var nanoseconds: Int64 {
    let scale = Self.units.first { $0.0 == unit }?.1 ?? 1
    return amount.multipliedReportingOverflow(by: scale).overflow ? Int64.max : amount * scale
  }

  /// The header value, for example `250m`.
  public var headerValue: String { "\(amount)\(unit)" }
  public var description: String { headerValue }
}
