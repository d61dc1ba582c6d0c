import ResoniteGRPC
import ResoniteIO
import ResoniteIOStubs

/// Every unary RPC through the generated stubs against reference_server.py.
@MainActor
struct WireChecks {
  let report: Report
  let fixtures: Fixtures
  let log: RequestLog
  let options = CallOptions(timeout: .seconds(10))

  /// The stub table covers every unary RPC of the generated catalog, and the reference
  /// server serves the same set.
  func checkCoverage() {
    let catalog = Set(ResoniteIOServiceCatalog.methods.filter { $0.shape == .unary }.map(\.descriptor.path))
    let table = Set(wireRPCs.map(\.descriptor.path))
    report.check(
      "coverage: the stub table holds every unary RPC of the catalog (\(catalog.count))", catalog == table,
      "missing \(catalog.subtracting(table).sorted()), extra \(table.subtracting(catalog).sorted())")
    let served = Set(fixtures.unary.keys)
    report.check(
      "coverage: the reference server serves the same \(catalog.count) unary RPCs", served == catalog,
      "only ours: \(catalog.subtracting(served).sorted()), only the reference's: \(served.subtracting(catalog).sorted())"
    )
  }

  /// Healthy socket: each RPC's fixture request arrives intact (the reference decodes the
  /// same message, optional presence included) and its reply decodes to the fixture reply.
  func checkHealthy(_ channel: GRPCChannel) async {
    for rpc in wireRPCs {
      let path = rpc.descriptor.path
      guard let fixture = fixtures.unary[path] else { continue }
      let before = log.count()
      let outcome = await rpc.run(channel, fixture.request, fixture.reply)
      switch outcome {
      case .replied(let matches, let reply, let expected):
        let entry = log.entry(after: before, path: path)
        report.check(
          "wire \(path): the reference received the request intact", entry?.matchesFixture == true,
          entry.map { "it decoded \($0.requestJSON), expected \(fixture.request)" } ?? "no record of the call")
        report.check(
          "wire \(path): the reply decodes to the reference's values", matches, "got {\(reply)}, expected {\(expected)}"
        )
      case .failed(let error):
        report.check("wire \(path)", false, "the call failed: \(error)")
      case .unusableFixture(let why):
        report.check("wire \(path)", false, "the fixture does not decode into our messages: \(why)")
      }
    }
  }

  /// Failing socket: one RPC per service answers an error status; ours reports its code and
  /// the message byte for byte (non-ASCII, `%`); the other RPCs still answer.
  func checkFailing(_ channel: GRPCChannel) async {
    for rpc in wireRPCs {
      let path = rpc.descriptor.path
      guard let failure = fixtures.failing[path], let fixture = fixtures.unary[path] else { continue }
      let outcome = await rpc.run(channel, fixture.request, fixture.reply)
      switch outcome {
      case .failed(let error):
        report.check(
          "status \(path): \(failure.name) with its message intact",
          error.code.rawValue == failure.code && error.message == failure.message,
          "got \(error.code.name) \(String(reflecting: error.message)), expected \(failure.name) \(String(reflecting: failure.message))"
        )
      case .replied:
        report.check("status \(path): \(failure.name)", false, "the call succeeded")
      case .unusableFixture(let why):
        report.check("status \(path)", false, "the fixture does not decode: \(why)")
      }
    }
  }
}
