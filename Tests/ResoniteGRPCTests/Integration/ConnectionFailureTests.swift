import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Connection failures")
struct ConnectionFailureTests {
  @Test("no such file: UNAVAILABLE keeping the path and ENOENT")
  func noSuchFile() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-grpc")
    defer { directory.remove() }
    let channel = GRPCChannel(socketPath: directory.socket())
    let error = await expectRPCError { try channel.connect() }
    #expect(error?.code == .unavailable)
    let cause = try #require(error?.cause as? ConnectionFailure)
    #expect(cause.errno == ENOENT)
    #expect(cause.kind == .notFound)
    #expect(cause.whileConnecting)
    #expect(cause.path == directory.socket())
    #expect(error?.description.contains(directory.socket()) == true)
    // A call fails the same way, at once.
    let callError = await expectRPCError { _ = try await channel.unaryRaw(echo, request: []) }
    #expect((callError?.cause as? ConnectionFailure)?.kind == .notFound)
    await channel.close()
  }

  @Test("a socket bound but not listening: UNAVAILABLE with ECONNREFUSED, then it works")
  func refusedThenListening() async throws {
    try await withServer({ $0.listenDelay = .milliseconds(700) }) { server, channel in
      let error = await expectRPCError { try channel.connect() }
      #expect(error?.code == .unavailable)
      #expect((error?.cause as? ConnectionFailure)?.kind == .refused)
      #expect((error?.cause as? ConnectionFailure)?.errno == ECONNREFUSED)
      #expect(server.waitUntilListening(timeout: .seconds(5)))
      let reply = try await channel.unaryRaw(echo, request: [42])
      #expect(reply.message == [42])
    }
  }

  @Test("a path that is a directory or a regular file is UNAVAILABLE with the errno")
  func notASocket() async throws {
    let directory = try TemporaryDirectory(prefix: "resoio-grpc")
    defer { directory.remove() }
    let file = directory.path + "/plain"
    #expect(FileManager.default.createFile(atPath: file, contents: Data([1])))
    for path in [directory.path, file] {
      let channel = GRPCChannel(socketPath: path)
      let error = await expectRPCError { try channel.connect() }
      #expect(error?.code == .unavailable)
      let cause = try #require(error?.cause as? ConnectionFailure)
      #expect(cause.kind == .notASocket, "\(cause)")
      #expect(cause.errno == ENOTSOCK, "\(cause)")
      await channel.close()
    }
  }

  @Test("a peer that dies fails every in-flight call at once with UNAVAILABLE; the channel reconnects")
  func peerDies() async throws {
    try await withServer({
      $0.dieMidCall = TestServer.DieMidCall(afterCalls: 5, times: 1)
      $0.responseDelay = unreachedWait
    }) { server, channel in
      // Five calls wait on the slow server; the sixth makes it drop the connection.
      let start = ContinuousClock.now
      let codes = await withTaskGroup(of: StatusCode.self) { group in
        for i in 0..<6 {
          group.addTask {
            if i == 5 { _ = await server.waitUntil(timeout: eventuallyBound) { $0.totalCalls >= 5 } }
            do {
              _ = try await channel.unaryRaw(echo, request: [UInt8(i)], options: CallOptions(timeout: unreachedWait))
              return .ok
            } catch {
              return (error as? RPCError)?.code ?? .unknown
            }
          }
        }
        var codes: [StatusCode] = []
        for await code in group { codes.append(code) }
        return codes
      }
      #expect(codes.count == 6)
      // UNAVAILABLE: the lost connection ended them, not the server's answer (OK) or their
      // deadline (DEADLINE_EXCEEDED), both an hour away.
      #expect(codes.allSatisfy { $0 == .unavailable }, "\(codes)")
      #expect(ContinuousClock.now - start < noHangBound)
      // The channel connects again for what comes next.
      #expect(!channel.isConnected)
      try channel.connect()
      #expect(channel.isConnected)
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.connectionsAccepted == 2 })
    }
  }
}
