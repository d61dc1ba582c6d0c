import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import SwiftProtobuf
import Synchronization
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// WIRE.md "Reference client behaviour", wait_for_ready: against the real test server over
/// real sockets, with injected environments. waitForReady never connects a ConnectionClient
/// (and never fires the version probe), so this suite runs in parallel with the others.
@Suite("waitForReady")
struct WaitForReadyTests {
  /// A ping count no test reaches: the server never becomes ready.
  static let neverReady = 1_000_000

  /// waitForReady searching only `fixture`'s directory.
  private func wait(
    _ fixture: Fixture, socketPath: String? = nil, timeout: Duration?, interval: Duration = .milliseconds(20)
  ) async throws -> String {
    try await waitForReady(
      socketPath: socketPath, timeout: timeout, interval: interval, environment: fixture.environment,
      homeDirectory: unusedHomeDirectory)
  }

  // MARK: Success after retries

  @Test("Succeeds after N FAILED_PRECONDITION answers; each attempt pings \"wait\" on a fresh connection and closes it")
  func notReadyThenReady() async throws {
    let messages = Mutex<[String]>([])
    try await withServer({ $0.failFirstPings = 3 }) { server, fixture in
      server.register(path: TestServer.Path.ping) { request in
        let ping = (try? ResoniteIo_V1_PingRequest(serializedBytes: request.message)) ?? ResoniteIo_V1_PingRequest()
        messages.withLock { $0.append(ping.message) }
        do {
          let bytes: [UInt8] = try ResoniteIo_V1_PingResponse.with { $0.message = ping.message }.serializedBytes()
          return .response(bytes)
        } catch {
          return .status(.internalError, "\(error)")
        }
      }
      let path = try await wait(fixture, timeout: unreachedWait)
      #expect(path == server.socketPath)
      #expect(server.callCount(path: TestServer.Path.ping) == 4)
      #expect(messages.withLock { $0 } == ["wait"])
      // One connection per attempt, each closed by the client.
      #expect(server.connectionsAccepted == 4)
      let connections = Set(server.receivedRequests.map(\.connectionID))
      #expect(connections.count == 4)
      let closed = await server.waitUntil(timeout: eventuallyBound) { $0.connectionsClosed == 4 }
      #expect(closed, "\(server.observations.connectionsClosed) of 4 connections closed")
      #expect(server.callCount(path: TestServer.Path.getServerInfo) == 0)
    }
  }

  @Test("An explicit socket path is waited on as is (the environment is not consulted)")
  func explicitPath() async throws {
    try await withServer({ $0.failFirstPings = 1 }) { server, _ in
      let path = try await waitForReady(
        socketPath: server.socketPath, timeout: unreachedWait, interval: .milliseconds(20),
        environment: ["RESONITE_IO_SOCKET_DIR": "/nonexistent-dir-for-resoio-tests"],
        homeDirectory: unusedHomeDirectory)
      #expect(path == server.socketPath)
      #expect(server.callCount(path: TestServer.Path.ping) == 2)
    }
  }

  @Test("No timeout waits as long as it takes (here over a second of not-ready answers)")
  func nilTimeoutKeepsWaiting() async throws {
    try await withServer({ $0.failFirstPings = 12 }) { server, fixture in
      let (path, elapsed) = try await timed { try await wait(fixture, timeout: nil, interval: .milliseconds(100)) }
      #expect(path == server.socketPath)
      #expect(server.callCount(path: TestServer.Path.ping) == 13)
      #expect(elapsed >= .milliseconds(1_200))
    }
  }

  @Test("A server that drops the connection mid-call is retried")
  func droppedConnectionRetried() async throws {
    try await withServer({ $0.dieMidCall = TestServer.DieMidCall(afterCalls: 0, times: 2) }) { server, fixture in
      let path = try await wait(fixture, timeout: unreachedWait)
      #expect(path == server.socketPath)
      #expect(server.callCount(path: TestServer.Path.ping) == 3)
      #expect(server.connectionsAccepted == 3)
    }
  }

  // MARK: Sockets that are not there yet

  @Test("A socket that appears mid-wait is found by re-resolving")
  func socketAppearsMidWait() async throws {
    try await withFixture { fixture in
      let environment = fixture.environment
      // Nothing is there when the wait starts.
      #expect(throws: SocketNotFoundError.self) {
        try resolveSocketPath(environment: environment, homeDirectory: unusedHomeDirectory)
      }
      let waiter = Task {
        try await waitForReady(
          timeout: unreachedWait, interval: .milliseconds(20), environment: environment,
          homeDirectory: unusedHomeDirectory)
      }
      try await Task.sleep(for: .milliseconds(400))
      let server = try fixture.startServer()
      let path = try await waiter.value
      #expect(path == server.socketPath)
      #expect(path == fixture.path(ownSocketName))
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
    }
  }

  @Test("No socket until the timeout: TimeoutError whose last error is SocketNotFoundError")
  func noSocketTimesOut() async throws {
    try await withFixture { fixture in
      let error = try await #require(throws: TimeoutError.self) {
        _ = try await wait(fixture, timeout: .milliseconds(300))
      }
      let last = try #require(error.lastError as? SocketNotFoundError)
      #expect(last.searchedPattern == fixture.path("resonite-*.sock"))
      #expect(error.attempts > 1)
    }
  }

  @Test("A socket bound but not yet listening (connection refused) is retried until it listens")
  func boundButNotListening() async throws {
    try await withFixture { fixture in
      let start = ContinuousClock.now
      let server = try fixture.startServer { $0.listenDelay = .milliseconds(700) }
      let path = try await wait(fixture, timeout: unreachedWait)
      let elapsed = ContinuousClock.now - start
      #expect(path == server.socketPath)
      #expect(server.isListening)
      // It cannot have succeeded before the server listened.
      #expect(elapsed >= .milliseconds(700))
      #expect(server.connectionsAccepted == 1)
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
    }
  }

  @Test("Connection refused until the timeout: TimeoutError whose last error is UNAVAILABLE with ECONNREFUSED")
  func refusedTimesOut() async throws {
    try await withFixture { fixture in
      let server = try fixture.startServer { $0.listenDelay = .seconds(600) }
      let error = try await #require(throws: TimeoutError.self) {
        _ = try await wait(fixture, timeout: .milliseconds(200))
      }
      let last = try #require(error.lastError as? RPCError)
      #expect(last.code == .unavailable)
      let cause = try #require(last.cause as? ConnectionFailure)
      #expect(cause.kind == .refused)
      #expect(cause.path == server.socketPath)
      #expect(server.connectionsAccepted == 0)
    }
  }

  @Test("A stale socket (its pid is dead) is skipped: the live one is returned")
  func staleSocketSkipped() async throws {
    let deadPID = try pidOfExitedProcess()
    try await withFixture { fixture in
      try fixture.directory.touch("resonite-\(deadPID).sock")
      let server = try fixture.startServer()
      let path = try await wait(fixture, timeout: unreachedWait)
      #expect(path == server.socketPath)
    }
  }

  @Test("Only a stale socket: not found (retried), and the TimeoutError's last error lists the stale socket")
  func onlyStaleSocket() async throws {
    let deadPID = try pidOfExitedProcess()
    try await withFixture { fixture in
      let stale = try fixture.directory.touch("resonite-\(deadPID).sock")
      let error = try await #require(throws: TimeoutError.self) {
        _ = try await wait(fixture, timeout: .milliseconds(200))
      }
      let last = try #require(error.lastError as? SocketNotFoundError)
      #expect(last.staleSockets == [stale])
    }
  }

  // MARK: Timeouts

  @Test("Timeout: TimeoutError naming the timeout and the last attempt's error")
  func timeoutNamesTimeoutAndLastError() async throws {
    try await withServer({
      $0.failFirstPings = Self.neverReady
      $0.notReadyMessage = "engine still booting (test) 100%"
    }) { server, fixture in
      let (error, elapsed) = await timed {
        await #expect(throws: TimeoutError.self) { _ = try await wait(fixture, timeout: .milliseconds(1500)) }
      }
      let timeout = try #require(error)
      #expect(timeout.timeout == .milliseconds(1500))
      let last = try #require(timeout.lastError as? RPCError)
      #expect(last.code == .failedPrecondition)
      #expect(last.message == "engine still booting (test) 100%")
      #expect(timeout.description.contains("\(Duration.milliseconds(1500))"), "\(timeout)")
      #expect(timeout.description.contains("engine still booting (test) 100%"), "\(timeout)")
      // At least one attempt (a loaded machine may not fit a second in 1.5 s), each one a ping.
      #expect(timeout.attempts >= 1)
      #expect(timeout.attempts == server.callCount(path: TestServer.Path.ping))
      #expect(elapsed >= .milliseconds(1500))
      #expect(elapsed < noHangBound)
    }
  }

  @Test(
    "Timeout zero or less: exactly one attempt",
    arguments: [Duration.zero, .milliseconds(-50), .seconds(-10)])
  func nonPositiveTimeoutOneAttempt(timeout: Duration) async throws {
    try await withServer({ $0.failFirstPings = Self.neverReady }) { server, fixture in
      let error = try await #require(throws: TimeoutError.self) {
        _ = try await wait(fixture, timeout: timeout, interval: .milliseconds(10))
      }
      #expect(error.attempts == 1)
      #expect(error.timeout == timeout)
      #expect((error.lastError as? RPCError)?.code == .failedPrecondition)
      // Give a stray second attempt time to show.
      try await Task.sleep(for: .milliseconds(300))
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("Timeout zero against a ready server: one attempt that succeeds")
  func zeroTimeoutReadyServer() async throws {
    try await withServer { server, fixture in
      do {
        let path = try await wait(fixture, timeout: .zero)
        #expect(path == server.socketPath)
        #expect(server.callCount(path: TestServer.Path.ping) == 1)
      } catch let error as TimeoutError where !SchedulingProbe.machineHasSpareCPU {
        // A starved machine can miss even the one attempt's deadline; it is still one attempt.
        #expect(error.attempts == 1)
        #expect(server.callCount(path: TestServer.Path.ping) <= 1)
      }
    }
  }

  @Test("The sleep is clamped to the deadline: interval 1 h, timeout 300 ms ends well under the interval")
  func sleepClampedToDeadline() async throws {
    try await withServer({ $0.failFirstPings = Self.neverReady }) { server, fixture in
      let (error, elapsed) = await timed {
        await #expect(throws: TimeoutError.self) {
          _ = try await wait(fixture, timeout: .milliseconds(300), interval: unreachedWait)
        }
      }
      #expect(error != nil)
      #expect(elapsed >= .milliseconds(300))
      #expect(elapsed < noHangBound)  // not the hour-long interval
      // The first attempt, then (after the clamped sleep) a last one at the deadline.
      #expect(server.callCount(path: TestServer.Path.ping) <= 2)
    }
  }

  @Test(
    "A server that never answers: the wait ends at its timeout with TimeoutError (the server honouring the call's grpc-timeout or not)",
    arguments: [false, true])
  func hangingServerBoundedByTimeout(serverHonoursTimeout: Bool) async throws {
    try await withServer({
      $0.responseDelay = unreachedWait
      $0.honoursClientTimeouts = serverHonoursTimeout
    }) { _, fixture in
      let (error, elapsed) = await timed {
        await #expect(throws: TimeoutError.self) { _ = try await wait(fixture, timeout: .milliseconds(400)) }
      }
      #expect((error?.lastError as? RPCError)?.code == .deadlineExceeded)
      #expect(elapsed < noHangBound)  // not the hour-long answer
    }
  }

  // MARK: Propagated at once

  @Test("Ambiguity that appears mid-wait propagates at once")
  func ambiguityMidWait() async throws {
    try await withFixture { fixture in
      let environment = fixture.environment
      let first = try fixture.startServer { $0.failFirstPings = Self.neverReady }
      let waiter = Task {
        try await waitForReady(
          timeout: unreachedWait, interval: .milliseconds(20), environment: environment,
          homeDirectory: unusedHomeDirectory)
      }
      // The wait is under way (retrying the not-ready server) when a second live socket appears.
      let waiting = await first.waitUntil(timeout: eventuallyBound) { $0.callCount(path: TestServer.Path.ping) >= 1 }
      #expect(waiting)
      let parentPID = getppid()
      try #require(parentPID != getpid())
      let second = try fixture.startServer(named: "resonite-\(parentPID).sock") { $0.failFirstPings = Self.neverReady }
      let start = ContinuousClock.now
      let result = await waiter.result
      #expect(ContinuousClock.now - start < noHangBound)  // not the hour-long timeout
      switch result {
      case .success(let path):
        Issue.record("the wait returned \(path), but it should have failed as ambiguous")
      case .failure(let error):
        let ambiguous = try #require(error as? AmbiguousSocketError, "\(error)")
        #expect(ambiguous.candidates == [first.socketPath, second.socketPath].sorted())
      }
      #expect(second.callCount(path: TestServer.Path.ping) == 0)
    }
  }

  @Test(
    "Any gRPC status other than FAILED_PRECONDITION sent by the server propagates at once",
    arguments: StatusCode.allCases.filter { $0 != .ok && $0 != .failedPrecondition })
  func otherStatusPropagates(code: StatusCode) async throws {
    try await withServer({ $0.failAll = CallFailure(code: code, message: "refused by the test: ü %") }) {
      server, fixture in
      let (error, elapsed) = await timed {
        await expectRPCError { _ = try await wait(fixture, timeout: unreachedWait) }
      }
      // At once: the server's status (not a TimeoutError), after one attempt.
      #expect(error?.code == code)
      #expect(error?.message == "refused by the test: ü %")
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
      #expect(elapsed < noHangBound)
    }
  }

  @Test("A non-retryable status propagates even without a timeout")
  func otherStatusPropagatesWithoutTimeout() async throws {
    try await withServer({ $0.failAll = CallFailure(code: .permissionDenied, message: "no") }) { server, fixture in
      let error = await expectRPCError { _ = try await wait(fixture, timeout: nil) }
      #expect(error?.code == .permissionDenied)
      #expect(server.callCount(path: TestServer.Path.ping) == 1)
    }
  }

  // MARK: Cancellation

  @Test("Cancelling the task ends the wait promptly with CancellationError", arguments: CancelPoint.allCases)
  func cancellation(at point: CancelPoint) async throws {
    try await withServer(point.configure) { server, fixture in
      let environment = fixture.environment
      let interval = point.interval
      let waiter = Task {
        try await waitForReady(
          timeout: nil, interval: interval, environment: environment, homeDirectory: unusedHomeDirectory)
      }
      let pings = point.pingsBeforeCancel
      let busy = await server.waitUntil(timeout: eventuallyBound) { $0.callCount(path: TestServer.Path.ping) >= pings }
      #expect(busy)
      // Let it settle into the sleep or the hanging call.
      try await Task.sleep(for: .milliseconds(100))
      let start = ContinuousClock.now
      waiter.cancel()
      let result = await waiter.result
      #expect(ContinuousClock.now - start < noHangBound)  // not the hour-long sleep or answer
      switch result {
      case .success(let path):
        Issue.record("the wait returned \(path) after cancellation")
      case .failure(let error):
        #expect(error is CancellationError, "\(type(of: error)): \(error)")
      }
    }
  }

  @Test("An already-cancelled task makes no attempt")
  func cancelledBeforeStart() async throws {
    try await withServer { server, fixture in
      let environment = fixture.environment
      let waiter = Task {
        withUnsafeCurrentTask { $0?.cancel() }
        return try await waitForReady(
          timeout: unreachedWait, environment: environment, homeDirectory: unusedHomeDirectory)
      }
      await #expect(throws: CancellationError.self) { _ = try await waiter.value }
      #expect(server.callCount(path: TestServer.Path.ping) == 0)
    }
  }
}

/// Where a cancelled wait is when it is cancelled.
enum CancelPoint: String, CaseIterable, Sendable, CustomTestStringConvertible {
  /// In a long sleep between not-ready answers.
  case sleeping
  /// In a ping the server never answers.
  case inCall
  /// Between quick retries.
  case retrying

  var testDescription: String { rawValue }

  var interval: Duration {
    switch self {
    case .sleeping: unreachedWait
    case .inCall, .retrying: .milliseconds(20)
    }
  }

  /// The pings the server has seen when the wait is cancelled.
  var pingsBeforeCancel: Int {
    switch self {
    case .sleeping, .inCall: 1
    case .retrying: 3
    }
  }

  var configure: @Sendable (inout TestServer.Configuration) -> Void {
    switch self {
    case .sleeping, .retrying:
      { $0.failFirstPings = WaitForReadyTests.neverReady }
    case .inCall:
      {
        $0.responseDelay = unreachedWait
        $0.honoursClientTimeouts = false
      }
    }
  }
}
