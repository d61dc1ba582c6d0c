import Foundation
import ResoniteHTTP2
import ResoniteTestServer
import ResoniteTestSupport
import ResoniteTransport
import Synchronization
import Testing

/// `HTTP2Connection` on its own, against the real test server over a real Unix socket: streams
/// opened, written, half-closed, cancelled, refused and cut off, at the transport's API (the
/// gRPC framing of the bodies is written by hand here; no ResoniteGRPC).
@Suite("HTTP2Connection against the test server")
struct HTTP2ConnectionTests {
  static let echoBidi = "/resonite_io.test.Echo/BidiStream"

  /// The request headers of a gRPC call to `path`.
  static func requestHeaders(_ path: String, extra: [HeaderField] = []) -> [HeaderField] {
    [
      HeaderField(":method", "POST"), HeaderField(":scheme", "http"), HeaderField(":path", path),
      HeaderField(":authority", "localhost"), HeaderField("content-type", "application/grpc"),
      HeaderField("te", "trailers"),
    ] + extra
  }

  /// One length-prefixed gRPC message, uncompressed.
  static func framed(_ payload: [UInt8]) -> [UInt8] {
    [0] + WireProto.bigEndian32(UInt32(payload.count)) + payload
  }

  /// A server on a fresh socket and a connection to it, both closed afterwards.
  static func withConnection<R>(
    _ configure: (inout TestServer.Configuration) -> Void = { _ in },
    _ body: (TestServer, HTTP2Connection) async throws -> R
  ) async throws -> R {
    let directory = try TemporaryDirectory(prefix: "resoio-h2c")
    defer { directory.remove() }
    var configuration = TestServer.Configuration(socketPath: directory.socket())
    configure(&configuration)
    let server = try TestServer.start(configuration)
    let connection: HTTP2Connection
    do {
      connection = try HTTP2Connection.connect(path: server.socketPath)
    } catch {
      await stopServer(server)
      throw error
    }
    let result: Result<R, any Error>
    do {
      result = .success(try await body(server, connection))
    } catch {
      result = .failure(error)
    }
    await connection.close(gracePeriod: .milliseconds(100))
    await stopServer(server)
    return try result.get()
  }

  @Test("a unary exchange: the response headers, the body as sent back, the trailers, closed with NO_ERROR")
  func unaryRoundTrip() async throws {
    try await Self.withConnection { server, connection in
      let message = Self.framed(pattern(1000))
      let events = StreamEvents()
      let stream = try connection.openStream(
        headers: Self.requestHeaders(TestServer.Path.echo), body: BytesBody(message), handler: events)
      await stream.awaitClose()
      #expect(stream.isClosed)
      #expect(events.closeReason == .closed(.noError))
      let blocks = events.headerBlocks
      #expect(blocks.count == 2, "response headers and trailers: \(blocks)")
      #expect(blocks.first?.fields.first { $0.name == ":status" }?.value == "200")
      #expect(blocks.first?.endStream == false)
      #expect(blocks.last?.fields.first { $0.name == "grpc-status" }?.value == "0")
      #expect(blocks.last?.endStream == true)
      #expect(events.data == message)
      #expect(server.callCount(path: TestServer.Path.echo) == 1)
      #expect(server.receivedRequests.last?.header("te") == "trailers")
      #expect(connection.openStreamCount == 0)
    }
  }

  @Test("a writable body: a message echoed before the request ends, then half-close ends the call")
  func writeThenHalfClose() async throws {
    try await Self.withConnection { server, connection in
      let events = StreamEvents()
      let stream = try connection.openStream(
        headers: Self.requestHeaders(Self.echoBidi), body: .writable(maxQueuedBytes: 1 << 20), handler: events)
      let message = Self.framed(Array("hello".utf8))
      try await stream.write([message])
      // The echo comes back while this side's request is still open.
      #expect(await eventually { events.data == message })
      #expect(!stream.isClosed)
      stream.finishWriting()
      await stream.awaitClose()
      #expect(events.closeReason == .closed(.noError))
      #expect(events.headerBlocks.last?.fields.first { $0.name == "grpc-status" }?.value == "0")
      let call = try #require(server.observations.streamingCalls(path: Self.echoBidi).last)
      #expect(call.requestEnd == .halfClosed)
      #expect(call.messagesReceived == 1)
      // Writing after the end is refused.
      await #expect(throws: StreamWriteError.self) { try await stream.write([message]) }
    }
  }

  @Test("cancel: the handler closes CANCELLED and the server receives RST_STREAM(CANCEL); the connection stays")
  func cancel() async throws {
    try await Self.withConnection({ $0.responseDelay = unreachedWait }) { server, connection in
      let events = StreamEvents()
      let stream = try connection.openStream(
        headers: Self.requestHeaders(TestServer.Path.echo), body: BytesBody(Self.framed([1])), handler: events)
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.callCount(path: TestServer.Path.echo) == 1 })
      stream.cancel()
      await stream.awaitClose()
      #expect(events.closeReason == .cancelled)
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
      #expect(server.resetsReceived.first?.errorCode == .cancel)
      #expect(server.resetsReceived.first?.streamID == stream.id)
      #expect(connection.isAcceptingStreams)
      #expect(connection.openStreamCount == 0)
    }
  }

  @Test("a deadline: the connection resets the stream at that instant and closes it DEADLINE_EXCEEDED")
  func deadline() async throws {
    try await Self.withConnection({
      $0.responseDelay = unreachedWait
      $0.honoursClientTimeouts = false
    }) { server, connection in
      let events = StreamEvents()
      let start = ContinuousClock.now
      let stream = try connection.openStream(
        headers: Self.requestHeaders(TestServer.Path.echo), body: BytesBody(Self.framed([2])), handler: events,
        deadline: start + .milliseconds(200))
      await stream.awaitClose()
      let elapsed = ContinuousClock.now - start
      #expect(events.closeReason == .deadlineExceeded)
      #expect(elapsed >= .milliseconds(200))
      #expect(elapsed < noHangBound)  // not the hour-long answer
      #expect(await server.waitForResets(count: 1, timeout: eventuallyBound))
      #expect(server.resetsReceived.first?.errorCode == .cancel)
      #expect(connection.isAcceptingStreams)
    }
  }

  @Test("the peer's SETTINGS_MAX_CONCURRENT_STREAMS: streams above it wait their turn and all complete")
  func maxConcurrentStreams() async throws {
    try await Self.withConnection({
      $0.maxConcurrentStreams = 2
      $0.responseDelay = .milliseconds(300)
    }) { server, connection in
      // A first exchange, so that the server's SETTINGS have arrived.
      let first = StreamEvents()
      try await connection.openStream(
        headers: Self.requestHeaders(TestServer.Path.echo), body: BytesBody(Self.framed([0])), handler: first
      ).awaitClose()
      #expect(first.closeReason == .closed(.noError))
      let start = ContinuousClock.now
      var streams: [(HTTP2Stream, StreamEvents)] = []
      for i in 1...5 {
        let events = StreamEvents()
        let stream = try connection.openStream(
          headers: Self.requestHeaders(TestServer.Path.echo), body: BytesBody(Self.framed([UInt8(i)])), handler: events)
        streams.append((stream, events))
      }
      for (stream, _) in streams { await stream.awaitClose() }
      let elapsed = ContinuousClock.now - start
      for (i, (_, events)) in streams.enumerated() {
        #expect(events.closeReason == .closed(.noError))
        #expect(events.data == Self.framed([UInt8(i + 1)]))
      }
      // Two at a time, 300 ms each: three waves.
      #expect(elapsed >= .milliseconds(900), "\(elapsed)")
      #expect(server.connectionsAccepted == 1)
    }
  }

  @Test("GOAWAY: a stream at or below its last-stream-id completes; the ones after it are refused, never processed")
  func refusedStreams() async throws {
    try await Self.withConnection({
      $0.goAwayAfterStreams = 1
      $0.responseDelay = .milliseconds(200)
    }) { server, connection in
      let events = (0..<3).map { _ in StreamEvents() }
      var opened: [HTTP2Stream] = []
      var refusedAtOpen = 0
      for (i, handler) in events.enumerated() {
        do {
          opened.append(
            try connection.openStream(
              headers: Self.requestHeaders(TestServer.Path.echo), body: BytesBody(Self.framed([UInt8(i)])),
              handler: handler))
        } catch StreamOpenError.goingAway {
          // The GOAWAY arrived before this stream was opened.
          refusedAtOpen += 1
        }
      }
      for stream in opened { await stream.awaitClose() }
      #expect(events[0].closeReason == .closed(.noError))
      #expect(events[0].data == Self.framed([0]))
      // Each later stream was refused: by the server (REFUSED_STREAM, above the GOAWAY's
      // last-stream-id) or, when the GOAWAY came first, by openStream.
      let refusedByServer = events.dropFirst().filter { $0.closeReason == .closed(.refusedStream) }.count
      #expect(refusedByServer + refusedAtOpen == 2, "\(events.map(\.closeReason))")
      #expect(server.callCount(path: TestServer.Path.echo) == 1)
      #expect(server.observations.goAwaysSent == 1)
      #expect(await eventually { !connection.isAcceptingStreams })
      #expect(throws: StreamOpenError.self) {
        _ = try connection.openStream(
          headers: Self.requestHeaders(TestServer.Path.echo), body: HTTP2StreamBody.none, handler: StreamEvents())
      }
    }
  }

  @Test("close with streams open: after the grace period they end with closedLocally; no new stream opens")
  func closeWithOpenStreams() async throws {
    try await Self.withConnection({ $0.responseDelay = unreachedWait }) { server, connection in
      let events = (0..<3).map { _ in StreamEvents() }
      let streams = try events.map { handler in
        try connection.openStream(
          headers: Self.requestHeaders(TestServer.Path.echo), body: BytesBody(Self.framed([9])), handler: handler)
      }
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.callCount(path: TestServer.Path.echo) == 3 })
      let start = ContinuousClock.now
      await connection.close(gracePeriod: .milliseconds(100))
      #expect(ContinuousClock.now - start < noHangBound)  // the grace period, not the hour-long answers
      #expect(connection.hasExited)
      for stream in streams { #expect(stream.isClosed) }
      for handler in events {
        #expect(handler.closeReason == .connectionLost(.closedLocally(path: server.socketPath)))
      }
      #expect(connection.lossReason == .closedLocally(path: server.socketPath))
      #expect(throws: StreamOpenError.self) {
        _ = try connection.openStream(
          headers: Self.requestHeaders(TestServer.Path.echo), body: HTTP2StreamBody.none, handler: StreamEvents())
      }
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.connectionsClosed == 1 })
    }
  }

  @Test("the peer going away with streams open: every one ends with connectionLost, at once")
  func peerGoesAway() async throws {
    try await Self.withConnection({ $0.responseDelay = unreachedWait }) { server, connection in
      let events = (0..<3).map { _ in StreamEvents() }
      let streams = try events.map { handler in
        try connection.openStream(
          headers: Self.requestHeaders(TestServer.Path.echo), body: BytesBody(Self.framed([3])), handler: handler)
      }
      #expect(await server.waitUntil(timeout: eventuallyBound) { $0.callCount(path: TestServer.Path.echo) == 3 })
      await stopServer(server)
      for stream in streams { await stream.awaitClose() }
      for handler in events {
        guard case .connectionLost = handler.closeReason else {
          Issue.record("expected connectionLost, got \(String(describing: handler.closeReason))")
          continue
        }
      }
      #expect(await eventually { connection.hasExited })
      #expect(connection.lossReason != nil)
      #expect(!connection.isAcceptingStreams)
    }
  }
}

/// Records a stream's events (called on the connection's threads, with its lock held).
final class StreamEvents: HTTP2StreamHandler, Sendable {
  struct HeaderBlock: Sendable {
    var fields: [HeaderField]
    var endStream: Bool
  }

  private struct State {
    var headerBlocks: [HeaderBlock] = []
    var data: [UInt8] = []
    var closeReason: StreamCloseReason?
  }

  private let state = Mutex(State())

  var headerBlocks: [HeaderBlock] { state.withLock { $0.headerBlocks } }
  var data: [UInt8] { state.withLock { $0.data } }
  var closeReason: StreamCloseReason? { state.withLock { $0.closeReason } }

  func streamDidReceiveHeaders(_ fields: [HeaderField], endStream: Bool) -> HTTP2ErrorCode? {
    state.withLock { $0.headerBlocks.append(HeaderBlock(fields: fields, endStream: endStream)) }
    return nil
  }

  func streamDidReceiveData(_ bytes: UnsafeRawBufferPointer) -> ReceivedDataDisposition {
    state.withLock { $0.data += bytes }
    return .consume
  }

  func streamDidClose(_ reason: StreamCloseReason) {
    state.withLock { $0.closeReason = reason }
  }
}

/// A request body known up front, sent in as many DATA frames as it takes, with END_STREAM.
final class BytesBody: HTTP2BodySource, @unchecked Sendable {
  // Read only by nghttp2 on the connection's driving thread, under the connection's lock.
  private let bytes: [UInt8]
  private var offset = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    let n = min(buffer.count, bytes.count - offset)
    bytes.withUnsafeBytes { source in
      buffer.baseAddress?.copyMemory(from: source.baseAddress! + offset, byteCount: n)
    }
    offset += n
    return .bytes(count: n, endOfBody: offset == bytes.count, endStream: true)
  }
}
