// resoio-reference-check: our Swift client against reference_server.py (scripts/reference/),
// a server built on the reference package's generated grpclib servicer bases.
//
//   resoio-reference-check --socket HEALTHY --failing-socket FAILING [--sparse-socket SPARSE]
//                          --log LOG --fixtures FIXTURES
//
// Prints one line per check and `N passed, N failed`; exits 1 when a check failed, 2 when
// it could not run.
import Foundation
import ResoniteIO

func argument(_ name: String) -> String? {
  let arguments = CommandLine.arguments
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
  return arguments[index + 1]
}

guard let healthySocket = argument("--socket"), let failingSocket = argument("--failing-socket"),
  let logPath = argument("--log"), let fixturesPath = argument("--fixtures")
else {
  FileHandle.standardError.write(
    Data("usage: resoio-reference-check --socket PATH --failing-socket PATH --log PATH --fixtures PATH\n".utf8))
  exit(2)
}

let report = Report()
let fixtures: Fixtures
do {
  fixtures = try Fixtures(contentsOf: fixturesPath)
} catch {
  FileHandle.standardError.write(Data("resoio-reference-check: \(error)\n".utf8))
  exit(2)
}
let log = RequestLog(path: logPath)

let wireChecks = WireChecks(report: report, fixtures: fixtures, log: log)
let connectionInfo = ConnectionInfoChecks(report: report, fixtures: fixtures, log: log)
let families = FamilyChecks(report: report, fixtures: fixtures, log: log)
let sparse = SparseChecks(report: report)
wireChecks.checkCoverage()

for (socket, healthy) in [(healthySocket, true), (failingSocket, false)] {
  let client = ResoniteClient(socketPath: socket, probeTimeout: .seconds(5))
  do {
    try await client.connect(timeout: .seconds(10))
  } catch {
    report.check("connect to \(socket)", false, "\(error)")
    continue
  }
  do {
    let channel = try client.channel()
    if healthy {
      await wireChecks.checkHealthy(channel)
      await connectionInfo.checkHealthy(client)
      await families.checkHealthy(client)
    } else {
      await wireChecks.checkFailing(channel)
      await connectionInfo.checkFailing(client)
      await families.checkFailing(client)
    }
  } catch {
    report.check("channel of \(socket)", false, "\(error)")
  }
  await client.close()
}

if let sparseSocket = argument("--sparse-socket") {
  let client = ResoniteClient(socketPath: sparseSocket, probeTimeout: .seconds(5))
  do {
    try await client.connect(timeout: .seconds(10))
    await sparse.check(client)
  } catch {
    report.check("connect to \(sparseSocket)", false, "\(error)")
  }
  await client.close()
}

print(report.summary)
exit(report.failed == 0 ? 0 : 1)
