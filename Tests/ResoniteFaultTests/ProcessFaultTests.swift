import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// Faults of the server process and of the socket file.
@Suite("Server process and socket file faults")
struct ProcessFaultTests {
  @Test(
    "SIGKILL with calls in flight: every call fails UNAVAILABLE at once; the channel reconnects to a restarted server")
  func sigkill() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-faults")
    defer { directory.remove() }
    let path = directory.socket()
    // A 30 s answer delay keeps the calls in flight until the kill.
    let first = try await ServerProcess.launch(
      socketPath: path, arguments: ["--delay", "30", "--log-requests"], scratch: directory.path)
    defer { first.kill(SIGKILL) }
    let channel = GRPCChannel(socketPath: path)
    let callCount = 4
    let calls = Task {
      await withTaskGroup(of: (StatusCode, ContinuousClock.Instant).self) { group in
        for i in 0..<callCount {
          group.addTask {
            let code = await statusCode {
              _ = try await channel.unaryRaw(echo, request: [UInt8(i)], options: CallOptions(timeout: noHangBound))
            }
            return (code, ContinuousClock.now)
          }
        }
        var outcomes: [(StatusCode, ContinuousClock.Instant)] = []
        for await outcome in group { outcomes.append(outcome) }
        return outcomes
      }
    }
    // Every request has reached the server (it logs each one) before it dies.
    let arrived = await first.waitForStderr { $0.components(separatedBy: echo.path).count - 1 >= callCount }
    #expect(arrived, "the server saw: \(first.stderrText())")
    let killedAt = ContinuousClock.now
    first.kill(SIGKILL)
    let outcomes = await calls.value
    // UNAVAILABLE, every one: the lost connection ended them, not the server's answer (OK,
    // 30 s on) or their deadlines (DEADLINE_EXCEEDED, 60 s on). When each caller resumes after
    // that is the scheduler's business on a loaded machine.
    #expect(outcomes.map(\.0) == Array(repeating: .unavailable, count: callCount))
    for (_, end) in outcomes { #expect(end - killedAt < noHangBound) }
    #expect(await first.exitStatus() == SIGKILL)

    // The killed server left its socket file: refused, fast.
    let (refused, elapsed) = await timedRPCError { _ = try await channel.unaryRaw(echo, request: [0]) }
    #expect(refused?.code == .unavailable)
    #expect((refused?.cause as? ConnectionFailure)?.kind == .refused)
    #expect(elapsed < noHangBound)

    // A new server at the same path: the same channel reconnects.
    let second = try await ServerProcess.launch(socketPath: path, scratch: directory.path)
    defer { second.kill(SIGKILL) }
    let reply = try await channel.unaryRaw(echo, request: [9], options: CallOptions(timeout: noHangBound))
    #expect(reply.message == [9])
    await channel.close()
  }

  @Test(
    "socket file deleted while connected: the connection still works, a new one gets ENOENT, then goes to a new server")
  func socketFileDeletedAndReplaced() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-faults")
    defer { directory.remove() }
    let path = directory.socket()
    let first = try TestServer.start(TestServer.Configuration(socketPath: path))
    defer { first.stop() }
    let channel = GRPCChannel(socketPath: path)
    let options = CallOptions(timeout: noHangBound)
    #expect(try await channel.unaryRaw(echo, request: [1], options: options).message == [1])

    #expect(unlink(path) == 0)
    #expect(try await channel.unaryRaw(echo, request: [2], options: options).message == [2])
    let fresh = GRPCChannel(socketPath: path)
    let (gone, elapsed) = await timedRPCError { try fresh.connect() }
    #expect(gone?.code == .unavailable)
    #expect((gone?.cause as? ConnectionFailure)?.kind == .notFound)
    #expect(elapsed < noHangBound)
    await fresh.close()

    let second = try TestServer.start(TestServer.Configuration(socketPath: path))
    defer { second.stop() }
    let other = GRPCChannel(socketPath: path)
    #expect(try await other.unaryRaw(echo, request: [3], options: options).message == [3])
    await other.close()
    // The first channel stays on the first server's connection.
    #expect(try await channel.unaryRaw(echo, request: [4], options: options).message == [4])
    await channel.close()
    #expect(first.connectionsAccepted == 1)
    #expect(first.observations.totalCalls == 3)
    #expect(second.connectionsAccepted == 1)
    #expect(second.observations.totalCalls == 1)
  }
}
