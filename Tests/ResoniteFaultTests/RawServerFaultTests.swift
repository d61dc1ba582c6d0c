import Foundation
@testable import ResoniteGRPC
import ResoniteTestSupport
import Testing

/// Starts a ``RawServer`` running `script` for each connection on a fresh socket, runs `body`
/// with it and a channel to it, then closes the channel and stops the server.
func withRawServer<R>(
  channelConfiguration: ChannelConfiguration = ChannelConfiguration(),
  script: @escaping @Sendable (RawConnection) -> Void,
  _ body: (RawServer, GRPCChannel) async throws -> R
) async throws -> R {
  let directory = try TemporaryDirectory(prefix: "resoio-faults")
  defer { directory.remove() }
  let server = try RawServer(path: directory.socket(), script: script)
  defer { server.stop() }
  let channel = GRPCChannel(socketPath: server.path, configuration: channelConfiguration)
  do {
    let result = try await body(server, channel)
    await channel.close(gracePeriod: .milliseconds(200))
    return result
  } catch {
    await channel.close(gracePeriod: .milliseconds(200))
    throw error
  }
}

/// Byte-level faults no correct HTTP/2 server produces, from a raw server, and what the client
/// reports. Each call must end with the asserted status well within ``noHangBound``; where the
/// fault leaves the channel usable, the next call on it must succeed.
@Suite("Byte-level server faults")
struct RawServerFaultTests {
  static let options = CallOptions(timeout: noHangBound)

  /// Connection 0 misbehaves through `fault`; every later connection is a healthy server that
  /// answers `[42]`.
  static func firstConnection(_ fault: @escaping @Sendable (RawConnection) -> Void) -> @Sendable (RawConnection) -> Void
  {
    { connection in
      if connection.index == 0 {
        fault(connection)
      } else if connection.handshake() {
        connection.serveRequests(reply: [42])
      }
    }
  }

  /// One call that must fail: its error and how long it took.
  static func failedCall(
    on channel: GRPCChannel, sourceLocation: SourceLocation = #_sourceLocation
  ) async -> (error: RPCError?, elapsed: Duration) {
    await timedRPCError(sourceLocation: sourceLocation) {
      _ = try await channel.unaryRaw(echo, request: [1], options: options)
    }
  }

  /// The next call on `channel` succeeds (on a new connection).
  static func expectChannelRecovers(_ channel: GRPCChannel, _ server: RawServer, connections: Int = 2) async throws {
    let reply = try await channel.unaryRaw(echo, request: [1], options: options)
    #expect(reply.message == [42])
    #expect(server.acceptedCount == connections)
  }

  @Test(
    "the server closes right after the preface and the request, answering nothing: UNAVAILABLE; the channel reconnects")
  func closeAfterPreface() async throws {
    try await withRawServer(
      script: Self.firstConnection { connection in
        _ = connection.readPreface()
        // Wait for the call's HEADERS: a close before them reaches a client that has sent
        // nothing yet, and the channel then rightly retries on a new connection.
        _ = connection.readRequest(stream: 1)
        connection.close()
      }
    ) { server, channel in
      let (error, elapsed) = await Self.failedCall(on: channel)
      #expect(error?.code == .unavailable)
      let cause = (error?.cause as? ConnectionFailure)?.kind
      #expect(cause == .closedByPeer || cause == .broken, "\(String(describing: error))")
      #expect(elapsed < noHangBound)
      try await Self.expectChannelRecovers(channel, server)
    }
  }

  @Test(
    "a server that answers every connection with HTTP/1.1 at once: the same UNAVAILABLE naming the protocol error, whether or not the call's stream opened first"
  )
  func garbagePrefaceEveryConnection() async throws {
    try await withRawServer(script: { connection in
      _ = connection.readPreface()
      connection.write(Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
      connection.holdUntilClientCloses()
    }) { server, channel in
      for _ in 0..<5 {
        let (error, elapsed) = await Self.failedCall(on: channel)
        #expect(error?.code == .unavailable)
        #expect(elapsed < noHangBound)
        let cause = try #require(error?.cause as? ConnectionFailure, "\(String(describing: error))")
        #expect(cause.kind == .protocolError, "\(cause)")
        #expect(cause.path == server.path)
        // NGHTTP2_ERR_SETTINGS_EXPECTED: the first frame was not SETTINGS.
        #expect(cause.reason.contains("(-536)"), "\(cause)")
        #expect(error?.message.contains("SETTINGS") == true, "\(String(describing: error))")
      }
    }
  }

  @Test("an HTTP/1.1 answer instead of the server preface: UNAVAILABLE naming a protocol error; the channel reconnects")
  func garbagePreface() async throws {
    try await withRawServer(
      script: Self.firstConnection { connection in
        _ = connection.readPreface()
        // Wait for the call's HEADERS: an answer before them breaks a connection the call has
        // not used yet, and the channel then rightly retries it on a new connection.
        _ = connection.readRequest(stream: 1)
        connection.write(Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
        connection.holdUntilClientCloses()
      }
    ) { server, channel in
      let (error, elapsed) = await Self.failedCall(on: channel)
      #expect(error?.code == .unavailable)
      #expect(elapsed < noHangBound)
      let cause = try #require(error?.cause as? ConnectionFailure)
      #expect(cause.kind == .protocolError, "\(cause)")
      #expect(!cause.whileConnecting)
      #expect(cause.path == server.path)
      // NGHTTP2_ERR_SETTINGS_EXPECTED: the first frame was not SETTINGS.
      #expect(cause.reason.contains("(-536)"), "\(cause)")
      #expect(error?.message.contains("SETTINGS") == true, "\(String(describing: error))")
      try await Self.expectChannelRecovers(channel, server)
    }
  }

  @Test(
    "a server that stops reading, then answers: the answer arrives though the client's PING ACK fails (EPIPE); the channel reconnects"
  )
  func answerAfterTheClientsWriteFailed() async throws {
    try await withRawServer(
      script: Self.firstConnection { connection in
        guard connection.handshake(), connection.readRequest(stream: 1) != nil else { return }
        connection.shutdownReading()
        // The PING comes alone, so the client answers it (and its write fails) before any of
        // the response is there: a client that gave up on the connection at the failed write
        // would fail the call UNAVAILABLE with the answer on its way.
        connection.write(H2Frame(type: H2Frame.ping, flags: 0, streamID: 0, payload: Array(1...8)).bytes)
        usleep(100_000)
        connection.write(H2Frame.okResponse(stream: 1, message: [42]))
        usleep(100_000)
        connection.close()
      }
    ) { server, channel in
      let reply = try await channel.unaryRaw(echo, request: [1], options: Self.options)
      #expect(reply.message == [42])
      try await Self.expectChannelRecovers(channel, server)
    }
  }

  @Test("a response cut inside a DATA frame, then EOF: UNAVAILABLE; the channel reconnects")
  func truncatedFrame() async throws {
    try await withRawServer(
      script: Self.firstConnection { connection in
        guard connection.handshake(), connection.readRequest(stream: 1) != nil else { return }
        let data = H2Frame.data(stream: 1, H2Frame.grpcMessage([UInt8](repeating: 7, count: 100))).bytes
        connection.write(
          H2Frame.headers(stream: 1, H2Frame.grpcResponseHeaders, endStream: false).bytes + data.prefix(40))
        connection.close()
      }
    ) { server, channel in
      let (error, elapsed) = await Self.failedCall(on: channel)
      #expect(error?.code == .unavailable)
      // EOF, or the broken pipe of the client's next write (its WINDOW_UPDATE for the bytes that
      // did arrive), whichever the client's I/O thread meets first.
      let cause = error?.cause as? ConnectionFailure
      switch cause?.kind {
      case .closedByPeer?:
        #expect(cause?.path == server.path)
      case .broken?:
        #expect(cause?.errno == ECONNRESET || cause?.errno == EPIPE, "\(String(describing: cause))")
      default:
        Issue.record("expected EOF or a reset, got \(String(describing: error))")
      }
      #expect(elapsed < noHangBound)
      try await Self.expectChannelRecovers(channel, server)
    }
  }

  @Test(
    "a response header list above our 64 KiB SETTINGS_MAX_HEADER_LIST_SIZE: RESOURCE_EXHAUSTED; the connection stays usable"
  )
  func oversizedHeaderList() async throws {
    let limit = Int(ChannelConfiguration().maxHeaderListSize)
    #expect(limit == 64 << 10)
    // 80 KiB of custom metadata over HEADERS + CONTINUATION frames of 16 KiB; each field is
    // small, only the list is too large.
    let fields = H2Frame.grpcResponseHeaders + (0..<10).map { ("x-big-\($0)", String(repeating: "v", count: 8 << 10)) }
    let block = HPACK.literal(fields)
    #expect(block.count > limit)
    try await withRawServer(script: { connection in
      guard connection.handshake(), connection.readRequest(stream: 1) != nil else { return }
      var frames: [UInt8] = []
      let chunkSize = 16 << 10
      var chunks = stride(from: 0, to: block.count, by: chunkSize).map {
        Array(block[$0..<min($0 + chunkSize, block.count)])
      }
      let first = chunks.removeFirst()
      frames += H2Frame.headers(stream: 1, block: first, endStream: false, endHeaders: chunks.isEmpty).bytes
      for (i, chunk) in chunks.enumerated() {
        frames += H2Frame.continuation(stream: 1, block: chunk, endHeaders: i == chunks.count - 1).bytes
      }
      frames += H2Frame.data(stream: 1, H2Frame.grpcMessage([9])).bytes
      frames += H2Frame.headers(stream: 1, [("grpc-status", "0")], endStream: true).bytes
      connection.write(frames)
      connection.serveRequests(reply: [42])
    }) { server, channel in
      let (error, elapsed) = await Self.failedCall(on: channel)
      #expect(error?.code == .resourceExhausted)
      #expect(error?.message.contains("\(limit)") == true, "\(String(describing: error))")
      #expect(elapsed < noHangBound)
      // Only that stream failed: the same connection answers the next call.
      try await Self.expectChannelRecovers(channel, server, connections: 1)
    }
  }

  @Test(
    "a zero flow-control window: the request stalls, DEADLINE_EXCEEDED on time, RST_STREAM(CANCEL); the connection stays usable"
  )
  func zeroWindowStall() async throws {
    let seen = Locked<(settingsAcked: Bool, dataFrames: Int, resetCode: UInt32?)>((false, 0, nil))
    try await withRawServer(script: { connection in
      guard connection.readPreface() else { return }
      connection.write(H2Frame.settings([(H2Frame.initialWindowSizeSetting, 0)]).bytes)
      // Once the client ACKs our SETTINGS it knows the window is zero; then read whatever comes
      // until it resets the stream.
      let reset = connection.readFrame(timeout: noHangBound) { frame in
        if frame.type == H2Frame.settings && frame.flags & H2Frame.ack != 0 { seen.update { $0.settingsAcked = true } }
        if frame.type == H2Frame.settings && frame.flags & H2Frame.ack == 0 {
          connection.write(H2Frame.settingsAck.bytes)
        }
        if frame.type == H2Frame.data && frame.streamID == 1 { seen.update { $0.dataFrames += 1 } }
        return frame.type == H2Frame.rstStream && frame.streamID == 1
      }
      let code = reset.map { $0.payload.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
      seen.update { $0.resetCode = code }
      // Open the window again and serve normally.
      connection.write(H2Frame.settings([(H2Frame.initialWindowSizeSetting, 65535)]).bytes)
      connection.serveRequests(reply: [42])
    }) { server, channel in
      // Before our SETTINGS arrive the client may use the default 64 KiB window; wait until it
      // has taken them in.
      try channel.connect()
      #expect(await eventually { seen.value.settingsAcked })
      let request = [UInt8](repeating: 1, count: 100 << 10)
      let (error, elapsed) = await timedRPCError {
        _ = try await channel.unaryRaw(echo, request: request, options: CallOptions(timeout: .milliseconds(500)))
      }
      #expect(error?.code == .deadlineExceeded)
      #expect(elapsed >= .milliseconds(500))
      #expect(elapsed < noHangBound)
      #expect(await eventually { seen.value.resetCode != nil })
      #expect(seen.value.resetCode == 0x8, "RST_STREAM(CANCEL) expected")
      #expect(seen.value.dataFrames == 0, "no DATA may pass a zero window")
      try await Self.expectChannelRecovers(channel, server, connections: 1)
    }
  }

  @Test(
    "a server that never reads: the socket fills, the deadline still fires (DEADLINE_EXCEEDED) and close does not hang")
  func neverReads() async throws {
    try await withRawServer(script: { connection in
      // A huge window, so only the socket buffer holds the client back; then never read again.
      guard connection.handshake(settings: [(H2Frame.initialWindowSizeSetting, 0x7fff_ffff)]) else { return }
      connection.write(H2Frame.windowUpdate(stream: 0, increment: 0x7fff_ffff - 65535).bytes)
      connection.stallWithoutReading()
    }) { server, channel in
      let request = [UInt8](repeating: 1, count: 16 << 20)
      let (error, elapsed) = await timedRPCError {
        _ = try await channel.unaryRaw(echo, request: request, options: CallOptions(timeout: .seconds(1)))
      }
      #expect(error?.code == .deadlineExceeded)
      #expect(elapsed >= .seconds(1))
      #expect(elapsed < noHangBound)
      // With bytes stuck in a full socket, a close still ends after its grace period.
      let start = ContinuousClock.now
      await channel.close(gracePeriod: .milliseconds(200))
      #expect(ContinuousClock.now - start < noHangBound)
      #expect(channel.connections.isEmpty)
      #expect(server.acceptedCount == 1)
    }
  }

  @Test("GOAWAY(last-stream-id 0) with a call in flight: UNAVAILABLE at once; the next call uses a new connection")
  func goAwayRefusesInFlight() async throws {
    try await withRawServer(
      script: Self.firstConnection { connection in
        guard connection.handshake(), connection.readRequest(stream: 1) != nil else { return }
        connection.write(H2Frame.goAway(lastStreamID: 0).bytes)
        connection.holdUntilClientCloses()
      }
    ) { server, channel in
      let (error, elapsed) = await Self.failedCall(on: channel)
      #expect(error?.code == .unavailable)
      #expect(elapsed < noHangBound)
      try await Self.expectChannelRecovers(channel, server)
    }
  }

  @Test("GOAWAY(last-stream-id 1) with streams 1 and 3 in flight: stream 1 completes, stream 3 is UNAVAILABLE")
  func goAwayAboveLastStream() async throws {
    try await withRawServer(
      script: Self.firstConnection { connection in
        guard connection.handshake(), connection.readRequest(stream: 1) != nil, connection.readRequest(stream: 3) != nil
        else { return }
        connection.write(H2Frame.goAway(lastStreamID: 1).bytes + H2Frame.okResponse(stream: 1, message: [11]))
        connection.holdUntilClientCloses()
      }
    ) { server, channel in
      let start = ContinuousClock.now
      let outcomes = await withTaskGroup(of: StatusCode.self) { group in
        for i in 0..<2 {
          group.addTask {
            await statusCode { _ = try await channel.unaryRaw(echo, request: [UInt8(i)], options: Self.options) }
          }
        }
        var codes: [StatusCode] = []
        for await code in group { codes.append(code) }
        return codes
      }
      #expect(outcomes.sorted { $0.rawValue < $1.rawValue } == [.ok, .unavailable])
      #expect(ContinuousClock.now - start < noHangBound)
      try await Self.expectChannelRecovers(channel, server)
    }
  }

  @Test("GOAWAY with no call in flight: the channel stops using that connection, the next call opens a new one")
  func goAwayIdle() async throws {
    try await withRawServer(
      script: Self.firstConnection { connection in
        guard connection.handshake(), connection.readRequest(stream: 1) != nil else { return }
        connection.write(H2Frame.okResponse(stream: 1, message: [5]))
        connection.write(H2Frame.goAway(lastStreamID: 1).bytes)
        connection.holdUntilClientCloses()
      }
    ) { server, channel in
      let first = try await channel.unaryRaw(echo, request: [1], options: Self.options)
      #expect(first.message == [5])
      #expect(await eventually { !channel.isConnected }, "the GOAWAY was not taken in")
      try await Self.expectChannelRecovers(channel, server)
    }
  }
}
