import Foundation
@testable import ResoniteGRPC
import ResoniteTransport
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Many calls on one connection, GOAWAY, close, leaks")
struct MultiplexingTests {
  @Test("256 calls at once share one connection")
  func manyAtOnce() async throws {
    try await withServer { server, channel in
      let replies = try await withThrowingTaskGroup(of: Bool.self) { group in
        for i in 0..<256 {
          group.addTask {
            let payload = pattern(i * 7)
            return try await channel.unaryRaw(echo, request: payload).message == payload
          }
        }
        var ok = 0
        for try await matched in group where matched { ok += 1 }
        return ok
      }
      #expect(replies == 256)
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("the server's MAX_CONCURRENT_STREAMS queues calls instead of failing them")
  func maxConcurrentStreamsQueues() async throws {
    try await withServer({
      $0.maxConcurrentStreams = 2
      $0.responseDelay = .milliseconds(100)
    }) { server, channel in
      _ = try await channel.unaryRaw(echo, request: [0])  // learn the server's SETTINGS first
      let start = ContinuousClock.now
      let ok = try await withThrowingTaskGroup(of: Bool.self) { group in
        for i in 0..<10 {
          group.addTask { try await channel.unaryRaw(echo, request: [UInt8(i)]).message == [UInt8(i)] }
        }
        var ok = 0
        for try await matched in group where matched { ok += 1 }
        return ok
      }
      #expect(ok == 10)
      // Two at a time, 100 ms each: five waves.
      #expect(ContinuousClock.now - start >= .milliseconds(450))
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("GOAWAY: refused streams fail UNAVAILABLE, later calls use a new connection")
  func goAway() async throws {
    try await withServer({
      $0.goAwayAfterStreams = 2
      $0.responseDelay = .milliseconds(200)
    }) { server, channel in
      // Calls sent after the server's GOAWAY reached the client go to a new connection and
      // succeed; the ones sent before it, beyond its last-stream-id, are refused. Which is which
      // is timing: bursts of 20 calls until one was refused (the first, unless the machine is
      // very loaded).
      var all: [StatusCode] = []
      for _ in 0..<5 where !all.contains(.unavailable) {
        let codes = await withTaskGroup(of: StatusCode.self) { group in
          for i in 0..<20 {
            group.addTask {
              await statusCode {
                _ = try await channel.unaryRaw(echo, request: [UInt8(i)], options: CallOptions(timeout: noHangBound))
              }
            }
          }
          var codes: [StatusCode] = []
          for await code in group { codes.append(code) }
          return codes
        }
        all += codes
      }
      #expect(all.allSatisfy { $0 == .ok || $0 == .unavailable }, "\(all)")
      #expect(all.contains(.unavailable), "no stream was refused: \(all)")
      #expect(all.filter { $0 == .ok }.count >= 2)
      #expect(server.observations.goAwaysSent >= 1)
      let reply = try await channel.unaryRaw(echo, request: [99], options: CallOptions(timeout: noHangBound))
      #expect(reply.message == [99])
      #expect(server.connectionsAccepted >= 2)
    }
  }

  @Test("close() lets an in-flight call finish, is idempotent, and later calls fail UNAVAILABLE")
  func gracefulClose() async throws {
    try await withServer({ $0.responseDelay = .milliseconds(300) }) { server, channel in
      let call = Task { try await channel.unaryRaw(echo, request: [5]) }
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.totalCalls == 1 })
      await channel.close()
      let reply = try await call.value
      #expect(reply.message == [5])
      await channel.close()
      let error = await expectRPCError { _ = try await channel.unaryRaw(echo, request: [6]) }
      #expect(error?.code == .unavailable)
      #expect(error?.message.contains("closed") == true)
    }
  }

  @Test("close() with a short grace period fails what is left with UNAVAILABLE")
  func closeGraceRunsOut() async throws {
    try await withServer({ $0.responseDelay = unreachedWait }) { server, channel in
      let call = Task { try await channel.unaryRaw(echo, request: [5]) }
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.totalCalls == 1 })
      let start = ContinuousClock.now
      await channel.close(gracePeriod: .milliseconds(100))
      #expect(ContinuousClock.now - start < noHangBound)  // the grace period, not the hour-long answer
      let error = await expectRPCError { _ = try await call.value }
      #expect(error?.code == .unavailable)
      #expect(error?.message.contains("closed by this client") == true)
    }
  }

  @Test("connect, call and close 40 times: every socket, thread and session is released")
  func noLeaks() async throws {
    try await withServer { server, _ in
      weak var lastConnection: HTTP2Connection?
      for i in 0..<40 {
        let channel = GRPCChannel(socketPath: server.socketPath)
        let reply = try await channel.unaryRaw(echo, request: [UInt8(i)])
        #expect(reply.message == [UInt8(i)])
        let connections = channel.connections
        #expect(connections.count == 1)
        await channel.close()
        let exited = connections.allSatisfy { $0.hasExited }
        #expect(exited, "close() returns only once the I/O thread ended and the socket is closed")
        #expect(channel.connections.isEmpty)
        lastConnection = connections.first
      }
      // Nothing (no retain cycle with the session or a stream) keeps the connection alive.
      for _ in 0..<100 where lastConnection != nil { try await Task.sleep(for: .milliseconds(10)) }
      #expect(lastConnection == nil)
      #expect(server.connectionsAccepted == 40)
    }
  }
}
