import ResoniteGRPC
import ResoniteIO

/// The service clients (`client.display`, `client.world`, ...) against reference_server.py:
/// each method's mapping of the reference's replies, what it sends, and the failing RPC's
/// status. Filled in as the service families land.
@MainActor
struct FamilyChecks {
  let report: Report
  let fixtures: Fixtures
  let log: RequestLog
  let options = CallOptions(timeout: .seconds(10))

  func checkHealthy(_ client: ResoniteClient) async {}

  func checkFailing(_ client: ResoniteClient) async {}
}
