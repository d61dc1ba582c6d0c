/// The checks' tally: one line per check on stdout (`PASS name` or `FAIL name: why`), and a
/// final `N passed, N failed` line.
@MainActor
final class Report {
  private(set) var passed = 0
  private(set) var failed = 0

  /// Records one check.
  func check(_ name: String, _ ok: Bool, _ detail: @autoclosure () -> String = "") {
    if ok {
      passed += 1
      print("PASS \(name)")
    } else {
      failed += 1
      let why = detail()
      print("FAIL \(name)\(why.isEmpty ? "" : ": \(why)")")
    }
  }

  /// Records a check that `actual == expected`, naming both when they differ.
  func expect<Value: Equatable>(_ name: String, _ actual: Value, _ expected: Value) {
    check(name, actual == expected, "got \(String(reflecting: actual)), expected \(String(reflecting: expected))")
  }

  /// The final line.
  var summary: String { "\(passed) passed, \(failed) failed" }
}
