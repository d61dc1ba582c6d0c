/// A frame rate as the fraction a Y4M header carries (`F<num>:<den>`).
public enum FrameRate {
  /// The fraction nearest `fps` with a denominator of at most `maxDenominator` (1000 for Y4M):
  /// Python's `Fraction(fps).limit_denominator(1000)`, which the reference CLI uses, step for
  /// step, on the exact binary value of the double. `30.0` is `(30, 1)`, `29.97` `(2997, 100)`.
  ///
  /// - Precondition: `fps` is finite and positive; `maxDenominator >= 1`.
  public static func fraction(_ fps: Double, maxDenominator: Int = 1000) -> (numerator: Int, denominator: Int) {
    precondition(fps.isFinite && fps > 0 && maxDenominator >= 1)
    // Beyond these the exact fraction does not fit in 128 bits; neither end is a frame rate.
    if fps < 1.0 / Double(2 * maxDenominator + 2) { return (0, 1) }
    if fps >= 0x1p62 { return (Int(fps), 1) }
    // fps = significand * 2^exponent exactly, with an integer significand.
    let exponent = Int(fps.exponent) - Double.significandBitCount
    let significand = Int128(fps.significandBitPattern | (1 << UInt64(Double.significandBitCount)))
    var numerator = significand
    var denominator: Int128 = 1
    if exponent >= 0 { numerator <<= Int128(exponent) } else { denominator <<= Int128(-exponent) }
    let common = gcd(numerator, denominator)
    numerator /= common
    denominator /= common
    let limit = Int128(maxDenominator)
    if denominator <= limit { return (Int(numerator), Int(denominator)) }
    var (p0, q0, p1, q1): (Int128, Int128, Int128, Int128) = (0, 1, 1, 0)
    var (n, d) = (numerator, denominator)
    while true {
      let a = n / d
      let q2 = q0 + a * q1
      if q2 > limit { break }
      (p0, q0, p1, q1) = (p1, q1, p0 + a * p1, q2)
      (n, d) = (d, n - a * d)
    }
    let k = (limit - q0) / q1
    if 2 * d * (q0 + k * q1) <= denominator { return (Int(p1), Int(q1)) }
    return (Int(p0 + k * p1), Int(q0 + k * q1))
  }

  private static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
  }
}
