import ResoniteGRPC
import Testing

/// An error status for a server to answer with, and a short name for test reports (the
/// messages can be kilobytes long).
struct FailureCase: Sendable, CustomTestStringConvertible {
  var code: StatusCode
  var message: String
  var label: String

  var testDescription: String { "\(code.name) \(label)" }

  /// The cases both directions check: non-ASCII, `%`, escapes that look broken, control
  /// characters, the empty message, and messages long enough to need large header blocks.
  static func cases(includingContinuation: Bool) -> [FailureCase] {
    var cases = [
      FailureCase(
        code: .failedPrecondition, message: "engine not ready: ünïcödé ✓ 100% (%41 stays %41)",
        label: "Latin-1, ✓ and %"),
      FailureCase(code: .notFound, message: "no such world: 世界 🌍", label: "CJK and emoji"),
      FailureCase(
        code: .internalError, message: "line one\nline two\ttab, a trailing %", label: "newline, tab, trailing %"),
      FailureCase(code: .unavailable, message: "plain ASCII", label: "plain ASCII"),
      FailureCase(
        code: .permissionDenied, message: "%%%25%ZZ%4 broken escapes stay as sent", label: "escape look-alikes"),
      FailureCase(code: .resourceExhausted, message: "", label: "empty"),
      // 12 000 bytes once percent-encoded: a large trailer block, still under 16 KiB.
      FailureCase(
        code: .aborted, message: String(repeating: "ü", count: 2_000), label: "2 000 × ü (12 000 encoded bytes)"),
    ]
    if includingContinuation {
      // 18 000 bytes once percent-encoded: over one 16 KiB frame, so HEADERS + CONTINUATION.
      cases.append(
        FailureCase(
          code: .outOfRange, message: String(repeating: "é", count: 3_000), label: "3 000 × é (18 000 encoded bytes)"))
    }
    return cases
  }
}
