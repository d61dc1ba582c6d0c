import Foundation
@testable import ResoniteGRPC
import ResoniteHTTP2
import ResoniteTestServer
@testable import ResoniteTransport
import ResoniteTestSupport
import Testing

/// A channel configuration whose inline-read budget is `budget`.
private func inlineBudget(_ budget: Duration) -> ChannelConfiguration {
  var configuration = ChannelConfiguration()
  configuration.inlineReadBudget = budget
  return configuration
}

/// A server that answers after 20 ms: long enough that a caller always asks for the reader
/// role before the answer arrives, whatever the load (otherwise a busy I/O thread may read a
/// quick answer first, and the call finishes without reading inline, which is fine but makes
/// counts vary).
private let slowEnough: @Sendable (inout TestServer.Configuration) -> Void = { $0.responseDelay = .milliseconds(20) }

@Suite("Reading a lone call's response on the caller's thread")
struct InlineReadTests {
  /// Whether a caller's 1 ms inline wait surely ended before an answer `delay` late could come:
  /// the caller computes its budget's end, then polls; a thread kept off the CPU for `delay` in
  /// between finds the answer waiting when it runs again and reads it (a completed inline read,
  /// which is right). A starved run (the parallel suite beside another build and test run,
  /// load 92 on 2 cores: one of six 100 ms-late answers completed inline) says nothing about
  /// the budget, so the "never completed" checks hold when the process's wake-ups came on
  /// time and the machine has CPU to spare.
  static func couldNotHaveStalled(_ probe: SchedulingProbe, for delay: Duration) -> Bool {
    probe.ranOnTime(tolerance: delay / 2) && SchedulingProbe.machineHasSpareCPU
  }

  @Test("sequential calls alone on their connection finish on the caller's thread")
  func sequentialCallsFinishInline() async throws {
    try await withServer(slowEnough, channelConfiguration: inlineBudget(.seconds(30))) { server, channel in
      _ = try await channel.unaryRaw(echo, request: [0])
      let connection = try #require(channel.connections.first)
      let before = connection.inlineReadCounts
      // Each call waits inline for its 20 ms-late answer: on a thread of its own.
      try await onOwnExecutor { () async throws in
        for i in 1...20 {
          let payload = pattern(i * 13)
          #expect(try await channel.unaryRaw(echo, request: payload).message == payload)
        }
      }
      let after = connection.inlineReadCounts
      #expect(after.completed - before.completed == 20)
      #expect(after.handedBack == before.handedBack)
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("a connection's first call is read by the I/O thread; the next sequential call reads inline")
  func firstCallNotInline() async throws {
    try await withServer(slowEnough, channelConfiguration: inlineBudget(.seconds(30))) { _, channel in
      _ = try await channel.unaryRaw(echo, request: [1])
      let connection = try #require(channel.connections.first)
      #expect(connection.inlineReadCounts.completed == 0, "the first call on a new connection led")
      _ = try await channel.unaryRaw(echo, request: [2])
      #expect(connection.inlineReadCounts.completed == 1)
    }
  }

  @Test(
    "calls that do not read inline end the I/O thread's lease at once: overlapping calls after an inline one are answered"
  )
  func overlappingCallsEndTheLease() async throws {
    var configuration = inlineBudget(.seconds(30))
    // A lease far longer than the calls' timeouts: if a call that does not lead left the I/O
    // thread sitting it out, nobody would read its answer and it would time out.
    configuration.connection.readerLease = .seconds(120)
    try await withServer(slowEnough, channelConfiguration: configuration) { _, channel in
      let bounded = CallOptions(timeout: noHangBound)
      _ = try await channel.unaryRaw(echo, request: [1], options: bounded)
      _ = try await channel.unaryRaw(echo, request: [2], options: bounded)
      let connection = try #require(channel.connections.first)
      #expect(connection.inlineReadCounts.completed == 1, "the second call read inline and leased the socket")
      for round in 0..<3 {
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
          for i in 0..<8 {
            group.addTask {
              let payload = pattern(round * 8 + i + 1)
              let reply = try await channel.unaryRaw(echo, request: payload, options: bounded)
              return reply.message == payload
            }
          }
          var answered = 0
          for try await matched in group where matched { answered += 1 }
          return answered
        }
        #expect(answered == 8)
        // A lone call after them: the I/O thread reads it (it does not look sequential yet),
        // so it must not be sitting out a lease either.
        _ = try await channel.unaryRaw(echo, request: [3], options: bounded)
      }
    }
  }

  @Test("a budget of zero turns inline reading off; calls work as before")
  func zeroBudget() async throws {
    try await withServer(channelConfiguration: inlineBudget(.zero)) { _, channel in
      for i in 0..<5 {
        #expect(try await channel.unaryRaw(echo, request: [UInt8(i)]).message == [UInt8(i)])
      }
      let connection = try #require(channel.connections.first)
      #expect(connection.inlineReadCounts == InlineReadCounts())
    }
  }

  @Test("a response slower than the budget is read by the I/O thread: the reader role is handed back")
  func slowResponseIsHandedBack() async throws {
    try await withServer(
      { $0.responseDelay = .milliseconds(300) }, channelConfiguration: inlineBudget(.milliseconds(1))
    ) {
      _, channel in
      let probe = SchedulingProbe()
      for i in 0..<2 {
        #expect(try await channel.unaryRaw(echo, request: [UInt8(i)]).message == [UInt8(i)])
      }
      let connection = try #require(channel.connections.first)
      let counts = connection.inlineReadCounts
      #expect(counts.handedBack >= 1)
      if Self.couldNotHaveStalled(probe, for: .milliseconds(300)) { #expect(counts.completed == 0) }
    }
  }

  @Test(
    "a caller leading from a lease waits without a timer; the I/O thread ends its wait at the budget and reads the slow answer"
  )
  func leaseLeaderWokenAtBudget() async throws {
    let slow = MethodDescriptor(service: "resonite_io.test.Echo", method: "Slow")
    var configuration = inlineBudget(.milliseconds(5))
    // A lease long enough that the slow call surely takes the role from it, however loaded
    // the machine: the I/O thread looks in at the lease's end, long before the slow answer.
    configuration.connection.readerLease = .seconds(1)
    try await withServer(
      {
        // Blocks the server's loop (a test with one connection and one call at a time), so
        // that the answer comes three seconds late.
        $0.handlers[slow.path] = { request in
          usleep(3_000_000)
          return .response(request.message)
        }
      }, channelConfiguration: configuration
    ) { _, channel in
      let bounded = CallOptions(timeout: noHangBound)
      try channel.connect()
      let connection = try #require(channel.connections.first)
      // Quick calls until one completes inline, leaving the socket leased.
      for i in 0..<50 where connection.inlineReadCounts.completed == 0 {
        _ = try await channel.unaryRaw(echo, request: [UInt8(i)], options: bounded)
      }
      let before = connection.inlineReadCounts
      #expect(before.completed >= 1, "no quick call read inline")
      // The I/O thread, woken as the socket was leased to it, plans a wake-up for the lease's
      // end; until it has, a caller times its own wait. Wait for that plan, however loaded
      // the machine, so that the slow call is the untimed kind.
      let planned = ContinuousClock.now.advanced(by: .seconds(5))
      while !connection.lock.withLock({ connection.reader.isLeased && connection.loopWakeAt != nil }),
        ContinuousClock.now < planned
      {
        try await Task.sleep(for: .milliseconds(1))
      }
      // On a machine too loaded for the plan (or the lease) to come in time, the slow call
      // times its own wait instead: it must still be handed back at its budget, below.
      let untimed = connection.lock.withLock { connection.reader.isLeased && connection.loopWakeAt != nil }
      let reply = try await onOwnExecutor { try await channel.unaryRaw(slow, request: [42], options: bounded) }
      #expect(reply.message == [42])
      let after = connection.inlineReadCounts
      // Without the I/O thread's wake-up the untimed wait would have lasted until the answer,
      // and counted as completed.
      #expect(after.handedBack == before.handedBack + 1)
      #expect(after.completed == before.completed)
      if untimed && SchedulingProbe.machineHasSpareCPU {
        #expect(after.wokenAtBudget == before.wokenAtBudget + 1, "the untimed wait was ended by the I/O thread")
      }
    }
  }

  @Test("after budgets run out, sequential calls back off from inline reading, then return to it")
  func backOffAfterMisses() async throws {
    try await withServer(
      { $0.responseDelay = .milliseconds(100) }, channelConfiguration: inlineBudget(.milliseconds(1))
    ) {
      server, channel in
      let probe = SchedulingProbe()
      for i in 0..<6 {
        #expect(try await channel.unaryRaw(echo, request: [UInt8(i)]).message == [UInt8(i)])
      }
      let connection = try #require(channel.connections.first)
      let counts = connection.inlineReadCounts
      #expect(counts.handedBack >= 1)
      // A miss skips the next call, two misses in a row the next two: at most 3 waits in 6 (a
      // wait that completes instead resets the back-off, and only misses are counted here).
      #expect(counts.handedBack <= 3)
      if Self.couldNotHaveStalled(probe, for: .milliseconds(100)) { #expect(counts.completed == 0) }
    }
  }

  @Test("task cancellation during an inline wait wakes the caller at once: CANCELLED, RST_STREAM(CANCEL)")
  func cancellationDuringInlineWait() async throws {
    try await withServer({ $0.responseDelay = unreachedWait }, channelConfiguration: inlineBudget(unreachedWait)) {
      server, channel in
      try channel.connect()
      let connection = try #require(channel.connections.first)
      // The call leads unless the I/O thread happens to be reading at that moment (the server's
      // SETTINGS): then try again; every attempt must end CANCELLED well before the budget.
      var led = false
      // The call blocks its thread for the hour-long budget until cancelled: a thread of its
      // own, not one of the cooperative pool's two (which the cancel below needs).
      let executor = OwnThreadExecutor()
      defer { executor.shutdown() }
      for attempt in 1...5 where !led {
        let task = Task(executorPreference: executor) { () async throws -> UnaryResponse<[UInt8]> in
          try await channel.unaryRaw(echo, request: [7])
        }
        #expect(await server.waitUntil(timeout: eventuallyBound) { $0.callCount(path: echo.path) == attempt })
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - start < noHangBound, "woken by the cancellation, not at the hour-long budget")
        guard case .failure(let error) = result else {
          Issue.record("the cancelled call succeeded")
          return
        }
        #expect((error as? RPCError)?.code == .cancelled)
        #expect(await server.waitForResets(count: attempt, timeout: eventuallyBound))
        led = connection.inlineReadCounts.completed == 1
      }
      #expect(led, "no attempt read inline")
      #expect(connection.inlineReadCounts.handedBack == 0)
      #expect(server.resetsReceived.allSatisfy { $0.errorCode == .cancel })
      #expect(channel.isConnected)
    }
  }

  @Test("a deadline within the budget ends the inline wait; the call fails DEADLINE_EXCEEDED")
  func deadlineDuringInlineWait() async throws {
    try await withServer(
      {
        $0.responseDelay = unreachedWait
        $0.honoursClientTimeouts = false
      }, channelConfiguration: inlineBudget(unreachedWait)
    ) { server, channel in
      let start = ContinuousClock.now
      let error = await expectRPCError {
        // Its thread waits inline until the deadline: one of its own (onOwnExecutor).
        _ = try await onOwnExecutor {
          try await channel.unaryRaw(echo, request: [1], options: CallOptions(timeout: .milliseconds(200)))
        }
      }
      #expect(error?.code == .deadlineExceeded)
      #expect(
        ContinuousClock.now - start < noHangBound, "the deadline ends the wait, not the hour-long budget or answer")
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
      // Either the caller's wait ended at the deadline and handed back, or the I/O thread fired
      // the deadline first and woke it; at most one inline wait either way.
      let counts = try #require(channel.connections.first).inlineReadCounts
      #expect(counts.completed + counts.handedBack <= 1)
    }
  }

  @Test("many calls at once: at most one leads, the others are served by it and by the I/O thread")
  func manyConcurrentCalls() async throws {
    try await withServer(channelConfiguration: inlineBudget(.seconds(30))) { server, channel in
      for round in 0..<4 {
        let ok = try await withThrowingTaskGroup(of: Bool.self) { group in
          for i in 0..<64 {
            group.addTask {
              let payload = pattern(round * 64 + i)
              return try await channel.unaryRaw(echo, request: payload).message == payload
            }
          }
          var ok = 0
          for try await matched in group where matched { ok += 1 }
          return ok
        }
        #expect(ok == 64)
      }
      let connection = try #require(channel.connections.first)
      let counts = connection.inlineReadCounts
      #expect(counts.completed + counts.handedBack <= 4 * 64)
      // Nobody kept the reader role: lone calls read inline again (not the first one after
      // overlapping calls, by design, nor one that finds the I/O thread reading a late frame,
      // such as a WINDOW_UPDATE: hence a few tries).
      var readInline = false
      for i in 0..<10 where !readInline {
        #expect(try await channel.unaryRaw(echo, request: [UInt8(i)]).message == [UInt8(i)])
        readInline = connection.inlineReadCounts.completed > counts.completed
      }
      #expect(readInline)
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("after inline calls, an idle connection still notices that the server closed it")
  func idleConnectionNoticesPeerClose() async throws {
    try await withServer(slowEnough, channelConfiguration: inlineBudget(.seconds(30))) { server, channel in
      for i in 0..<3 { _ = try await channel.unaryRaw(echo, request: [UInt8(i)]) }
      let connection = try #require(channel.connections.first)
      #expect(connection.inlineReadCounts.completed >= 1)
      server.stop()
      #expect(await eventually { connection.hasExited }, "the I/O thread takes the socket back and reads EOF")
      switch connection.lossReason {
      case .peerClosed, .socket: break
      case let other: Issue.record("unexpected loss reason: \(String(describing: other))")
      }
      #expect(!channel.isConnected)
    }
  }

  @Test("after an inline call, an idle connection that got GOAWAY ends without another call")
  func idleConnectionEndsAfterGoAway() async throws {
    try await withServer({ $0.goAwayAfterStreams = 1 }, channelConfiguration: inlineBudget(.seconds(30))) {
      server, channel in
      #expect(try await channel.unaryRaw(echo, request: [1]).message == [1])
      let connection = try #require(channel.connections.first)
      #expect(await eventually { connection.hasExited })
      #expect(!connection.isAcceptingStreams)
      #expect(try await channel.unaryRaw(echo, request: [2]).message == [2])
      #expect(server.connectionsAccepted == 2)
    }
  }
}
