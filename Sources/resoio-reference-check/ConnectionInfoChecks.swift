import ResoniteGRPC
import ResoniteIO
import ResoniteIOMessages
import SwiftProtobuf

/// `ResoniteClient.ping` and `getServerInfo` (Connection and Info) against reference_server.py.
@MainActor
struct ConnectionInfoChecks {
  let report: Report
  let fixtures: Fixtures
  let log: RequestLog
  let options = CallOptions(timeout: .seconds(10))

  func checkHealthy(_ client: ResoniteClient) async {
    let text = "ping ✓ Grüße 日本語 🙂 100% %41 \"q\"\t"
    do {
      let before = log.count()
      let reply = try await client.ping(text, options: options)
      report.expect("client.ping: the message comes back byte for byte", Array(reply.message.utf8), Array(text.utf8))
      let sent = log.entry(after: before, path: "/resonite_io.v1.Connection/Ping").map {
        try? ResoniteIo_V1_PingRequest(jsonString: $0.requestJSON)
      }
      report.expect("client.ping: the reference received the message byte for byte", sent??.message, text)
      let expected = try ResoniteIo_V1_PingResponse(
        jsonString: fixtures.unary["/resonite_io.v1.Connection/Ping"]?.reply ?? "{}")
      report.expect(
        "client.ping: server_unix_nanos exact (above 2^53)", reply.serverUnixNanos, expected.serverUnixNanos)
    } catch {
      report.check("client.ping", false, "\(error)")
    }
    // 64 Pings at once on the one connection (HTTP/2 streams multiplexed against grpclib/h2).
    let texts = (0..<64).map { "\($0) \(text)" }
    let echoed = await withTaskGroup(of: (Int, String?).self) { group in
      for (index, message) in texts.enumerated() {
        group.addTask { (index, try? await client.ping(message, options: CallOptions(timeout: .seconds(10))).message) }
      }
      var results = [String?](repeating: nil, count: texts.count)
      for await (index, message) in group { results[index] = message }
      return results
    }
    report.expect("client.ping: 64 at once on one connection, each echoed", echoed, texts.map { Optional($0) })
    let big = String(repeating: "é", count: 3 << 20)
    do {
      let reply = try await client.ping(big, options: options)
      report.check(
        "client.ping: a 6 MiB message echoed intact by the reference", reply.message == big,
        "\(reply.message.utf8.count) bytes back")
    } catch {
      report.check("client.ping: a 6 MiB message", false, "\(error)")
    }
    do {
      let info = try await client.getServerInfo(options: options)
      let wire = try ResoniteIo_V1_ServerInfo(
        jsonString: fixtures.unary["/resonite_io.v1.Info/GetServerInfo"]?.reply ?? "{}")
      report.expect("client.getServerInfo: mod_version byte for byte", info.modVersion, wire.modVersion)
      report.expect("client.getServerInfo: engine_version byte for byte", info.engineVersion, wire.engineVersion)
      report.expect("client.getServerInfo: platform OTHER (5) maps to .other", info.platform, .other)
      report.expect("client.getServerInfo: is_wine", info.isWine, wire.isWine)
      report.expect("client.getServerInfo: resonite_pid (negative int32)", info.resonitePID, wire.resonitePid)
      report.expect("client.getServerInfo: renderer_pid", info.rendererPID, wire.rendererPid)
    } catch {
      report.check("client.getServerInfo", false, "\(error)")
    }
  }

  func checkFailing(_ client: ResoniteClient) async {
    for (path, call) in [
      (
        "/resonite_io.v1.Connection/Ping",
        { () async throws -> Void in _ = try await client.ping("x", options: options) }
      ),
      (
        "/resonite_io.v1.Info/GetServerInfo",
        { () async throws -> Void in _ = try await client.getServerInfo(options: options) }
      ),
    ] {
      guard let failure = fixtures.failing[path] else { continue }
      do {
        try await call()
        report.check("client \(path): \(failure.name)", false, "the call succeeded")
      } catch let error as RPCError {
        report.check(
          "client \(path): \(failure.name) with its message intact",
          error.code.rawValue == failure.code && error.message == failure.message,
          "got \(error.code.name) \(String(reflecting: error.message))")
      } catch {
        report.check("client \(path): \(failure.name)", false, "not an RPCError: \(error)")
      }
    }
  }
}
