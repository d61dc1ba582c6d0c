import Foundation
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Deadlines and cancellation over a real socket")
struct DeadlineAndCancellationTests {
  @Test("the client's timer ends a slow call with DEADLINE_EXCEEDED and RST_STREAM(CANCEL)")
  func deadline() async throws {
    try await withServer({
      $0.responseDelay = unreachedWait
      $0.honoursClientTimeouts = false
    }) { server, channel in
      let start = ContinuousClock.now
      let error = await expectRPCError {
        _ = try await channel.unaryRaw(echo, request: [1, 2, 3], options: CallOptions(timeout: .milliseconds(200)))
      }
      let elapsed = ContinuousClock.now - start
      #expect(error?.code == .deadlineExceeded)
      #expect(elapsed >= .milliseconds(190))
      #expect(elapsed < noHangBound, "the client's own timer must fire, not the server's hour-long answer")
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
      #expect(server.resetsReceived.first?.errorCode == .cancel)
    }
  }

  @Test("a timeout that has already passed fails at once and sends nothing")
  func expiredTimeout() async throws {
    try await withServer { server, channel in
      let error = await expectRPCError {
        _ = try await channel.unaryRaw(echo, request: [], options: CallOptions(timeout: .zero))
      }
      #expect(error?.code == .deadlineExceeded)
      #expect(server.callCount(path: echo.path) == 0)
    }
  }

  @Test("task cancellation ends the call with CANCELLED and RST_STREAM(CANCEL)")
  func cancellation() async throws {
    try await withServer({ $0.responseDelay = unreachedWait }) { server, channel in
      let task = Task { () async throws -> UnaryResponse<[UInt8]> in
        try await channel.unaryRaw(echo, request: [7])
      }
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.callCount(path: echo.path) == 1 })
      let start = ContinuousClock.now
      task.cancel()
      let result = await task.result
      // Not the server's answer (an hour away).
      #expect(ContinuousClock.now - start < noHangBound)
      guard case .failure(let error) = result else {
        Issue.record("the cancelled call succeeded")
        return
      }
      #expect((error as? RPCError)?.code == .cancelled)
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
      #expect(server.resetsReceived.first?.errorCode == .cancel)
      // Only the stream was reset: the connection stays open for the next call.
      #expect(channel.isConnected)
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("a task cancelled before the call starts fails with CANCELLED and sends nothing")
  func cancelledBeforeStart() async throws {
    try await withServer { server, channel in
      let task = Task { () async throws -> UnaryResponse<[UInt8]> in
        withUnsafeCurrentTask { $0?.cancel() }
        return try await channel.unaryRaw(echo, request: [7])
      }
      let result = await task.result
      guard case .failure(let error) = result else {
        Issue.record("the cancelled call succeeded")
        return
      }
      #expect((error as? RPCError)?.code == .cancelled)
      #expect(server.callCount(path: echo.path) == 0)
    }
  }

  @Test("deadlines of many calls fire independently")
  func manyDeadlines() async throws {
    try await withServer({
      $0.responseDelay = .seconds(2)
      $0.honoursClientTimeouts = false
    }) { server, channel in
      try await withThrowingTaskGroup(of: StatusCode?.self) { group in
        for i in 0..<20 {
          group.addTask {
            do {
              _ = try await channel.unaryRaw(
                echo, request: [UInt8(i)], options: CallOptions(timeout: .milliseconds(100 + 10 * i)))
              return .ok
            } catch {
              return (error as? RPCError)?.code ?? .unknown
            }
          }
        }
        var codes: [StatusCode?] = []
        for try await code in group { codes.append(code) }
        #expect(codes.count == 20)
        #expect(codes.allSatisfy { $0 == .deadlineExceeded })
      }
      #expect(await server.waitForResets(count: 20, timeout: eventuallyBound))
    }
  }
}
