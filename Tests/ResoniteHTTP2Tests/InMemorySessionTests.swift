import ResoniteTestSupport
import Testing

import ResoniteHTTP2

// MARK: - Test doubles

/// Records every event a session reports, and lets a test react to complete requests.
final class RecordingDelegate: HTTP2SessionDelegate {
  var frames: [HTTP2FrameEvent] = []
  /// Complete header blocks per stream, in arrival order.
  var headerBlocks: [Int32: [[HeaderField]]] = [:]
  var categories: [Int32: [HeaderCategory]] = [:]
  private var pending: [Int32: [HeaderField]] = [:]
  var data: [Int32: [UInt8]] = [:]
  var closed: [Int32: HTTP2ErrorCode] = [:]
  var closeOrder: [Int32] = []
  /// Stream-ending events in order: "closed(id)" and "notSent(id)".
  var endings: [String] = []
  var failedToSend: [(streamID: Int32, error: NGHTTP2Error)] = []
  var diagnostics: [String] = []
  /// Called when a request (server side) or response (client side) has fully arrived.
  var onStreamEnd: ((HTTP2Session, Int32) -> Void)?
  /// Called for every complete header block, before `onStreamEnd`.
  var onHeaders: ((HTTP2Session, Int32, Bool) -> Void)?

  func session(_ session: HTTP2Session, didBeginHeaders streamID: Int32, category: HeaderCategory) {
    pending[streamID] = []
    categories[streamID, default: []].append(category)
  }

  func session(
    _ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory
  ) -> Bool {
    pending[streamID, default: []].append(field)
    return true
  }

  func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent) {
    frames.append(frame)
    switch frame {
    case .headers(let streamID, _, let endStream):
      headerBlocks[streamID, default: []].append(pending.removeValue(forKey: streamID) ?? [])
      onHeaders?(session, streamID, endStream)
      if endStream { onStreamEnd?(session, streamID) }
    case .data(let streamID, let endStream):
      if endStream { onStreamEnd?(session, streamID) }
    default:
      break
    }
  }

  func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32) {
    data[streamID, default: []].append(contentsOf: bytes)
  }

  func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode) {
    closed[streamID] = errorCode
    closeOrder.append(streamID)
    endings.append("closed(\(streamID))")
  }

  func session(_ session: HTTP2Session, didFailToSendOn streamID: Int32, error: NGHTTP2Error) {
    failedToSend.append((streamID, error))
    endings.append("notSent(\(streamID))")
  }

  func session(_ session: HTTP2Session, diagnostic: String) {
    diagnostics.append(diagnostic)
  }

  /// The frames of one stream, for ordering checks.
  func frames(on streamID: Int32) -> [HTTP2FrameEvent] {
    frames.filter { frame in
      switch frame {
      case .headers(let id, _, _), .data(let id, _), .rstStream(let id, _): id == streamID
      default: false
      }
    }
  }
}

/// Serves `bytes`, at most `chunk` bytes per read (one DATA frame per read).
final class ChunkedBody: HTTP2BodySource {
  let bytes: [UInt8]
  let chunk: Int
  var offset = 0
  var reads = 0

  init(_ bytes: [UInt8], chunk: Int = .max) {
    self.bytes = bytes
    self.chunk = chunk
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    reads += 1
    let n = min(buffer.count, chunk, bytes.count - offset)
    for i in 0..<n { buffer[i] = bytes[offset + i] }
    offset += n
    return .bytes(count: n, endOfBody: offset == bytes.count, endStream: true)
  }
}

/// Serves `bytes` and ends without END_STREAM, submitting `trailers` from inside the read.
final class TrailingBody: HTTP2BodySource {
  let bytes: [UInt8]
  let trailers: [HeaderField]
  var trailerError: NGHTTP2Error?

  init(_ bytes: [UInt8], trailers: [HeaderField]) {
    self.bytes = bytes
    self.trailers = trailers
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    for i in bytes.indices { buffer[i] = bytes[i] }
    do {
      try session.submitTrailer(streamID: streamID, headers: trailers)
    } catch {
      trailerError = error
    }
    return .bytes(count: bytes.count, endOfBody: true, endStream: false)
  }
}

/// Defers until `ready` is set, then sends `bytes` and ends the stream.
final class DeferredBody: HTTP2BodySource {
  let bytes: [UInt8]
  var ready = false
  var deferrals = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    guard ready else {
      deferrals += 1
      return .deferred
    }
    for i in bytes.indices { buffer[i] = bytes[i] }
    return .bytes(count: bytes.count, endOfBody: true, endStream: true)
  }
}

/// A client session and a server session joined in memory.
final class SessionPair {
  let clientEvents = RecordingDelegate()
  let serverEvents = RecordingDelegate()
  let client: HTTP2Session
  let server: HTTP2Session
  /// Every chunk the client handed to `send`, in order.
  var clientOutput: [[UInt8]] = []

  init(
    clientSettings: [HTTP2Setting] = [.enablePush(false)],
    serverSettings: [HTTP2Setting] = [.maxConcurrentStreams(100)]
  ) throws {
    client = try HTTP2Session(role: .client, settings: clientSettings, delegate: clientEvents)
    server = try HTTP2Session(role: .server, settings: serverSettings, delegate: serverEvents)
  }

  /// Moves bytes both ways until neither session has anything to write.
  func pump() throws {
    for _ in 0..<1000 {
      var toServer: [UInt8] = []
      try client.send { (chunk: UnsafeRawBufferPointer) -> Void in
        self.clientOutput.append(Array(chunk))
        toServer.append(contentsOf: chunk)
      }
      if !toServer.isEmpty { try toServer.withUnsafeBytes { _ = try server.receive($0) } }

      var toClient: [UInt8] = []
      try server.send { toClient.append(contentsOf: $0) }
      if !toClient.isEmpty { try toClient.withUnsafeBytes { _ = try client.receive($0) } }

      if toServer.isEmpty && toClient.isEmpty { return }
    }
    Issue.record("the sessions never went quiet")
  }
}

let requestHeaders = [
  HeaderField(":method", "POST"),
  HeaderField(":scheme", "http"),
  HeaderField(":path", "/pkg.Service/Method"),
  HeaderField(":authority", "localhost"),
  HeaderField("content-type", "application/grpc"),
  HeaderField("te", "trailers"),
]

let okResponseHeaders = [HeaderField(":status", "200"), HeaderField("content-type", "application/grpc")]

func pattern(_ count: Int) -> [UInt8] {
  (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
}

// MARK: - Tests

@Suite("HTTP2Session in memory")
struct InMemorySessionTests {
  @Test("the client sends the 24-byte preface then SETTINGS; both sides exchange and acknowledge SETTINGS")
  func prefaceAndSettings() throws {
    let pair = try SessionPair(
      clientSettings: [.enablePush(false), .initialWindowSize(1 << 20)],
      serverSettings: [.maxConcurrentStreams(7)])
    try pair.pump()

    let first = try #require(pair.clientOutput.first)
    let magic = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
    #expect(magic.count == 24)
    #expect(Array(first.prefix(24)) == magic)
    // The frame right after the magic is SETTINGS (type 0x4), on stream 0, not an ACK.
    let all = pair.clientOutput.flatMap { $0 }
    #expect(all.count > 24 + 9)
    #expect(all[24 + 3] == 0x4)
    #expect(all[24 + 4] == 0x0)

    #expect(
      pair.serverEvents.frames.contains(
        .settings(ack: false, entries: [.enablePush(false), .initialWindowSize(1 << 20)])))
    #expect(pair.serverEvents.frames.contains(.settings(ack: true, entries: [])))
    #expect(pair.clientEvents.frames.contains(.settings(ack: false, entries: [.maxConcurrentStreams(7)])))
    #expect(pair.clientEvents.frames.contains(.settings(ack: true, entries: [])))
    #expect(pair.client.remoteMaxConcurrentStreams == 7)
    #expect(pair.client.isRequestAllowed)
    #expect(!pair.client.wantsWrite)
    #expect(!pair.server.wantsWrite)
  }

  @Test("a request body spanning several DATA frames arrives intact, headers in order")
  func requestBodyAcrossFrames() throws {
    let pair = try SessionPair()
    let bytes = pattern(100_000)  // above the 64 KiB default window: needs WINDOW_UPDATEs too
    let body = ChunkedBody(bytes, chunk: 7_000)
    let streamID = try pair.client.submitRequest(headers: requestHeaders, body: body)
    #expect(streamID == 1)
    try pair.pump()

    #expect(pair.serverEvents.data[streamID] == bytes)
    let dataFrames = pair.serverEvents.frames(on: streamID).filter {
      if case .data = $0 { true } else { false }
    }
    #expect(dataFrames.count >= 15)
    #expect(dataFrames.last == .data(streamID: streamID, endStream: true))
    #expect(dataFrames.dropLast().allSatisfy { $0 == .data(streamID: streamID, endStream: false) })
    #expect(body.reads >= 15)
    #expect(pair.serverEvents.headerBlocks[streamID] == [requestHeaders])
    #expect(pair.serverEvents.categories[streamID] == [.request])
    #expect(
      pair.serverEvents.frames(on: streamID).first == .headers(streamID: streamID, category: .request, endStream: false)
    )
  }

  @Test("a response with trailers reaches the client as HEADERS, DATA, then HEADERS with END_STREAM")
  func responseWithTrailers() throws {
    let pair = try SessionPair()
    let trailers = [HeaderField("grpc-status", "0"), HeaderField("grpc-message", "fine")]
    let responseBody = TrailingBody([0, 0, 0, 0, 3, 7, 8, 9], trailers: trailers)
    pair.serverEvents.onStreamEnd = { session, streamID in
      try? session.submitResponse(
        streamID: streamID, headers: okResponseHeaders + [HeaderField("x-meta", "m")], body: responseBody)
    }
    let streamID = try pair.client.submitRequest(headers: requestHeaders, body: nil)
    try pair.pump()

    #expect(responseBody.trailerError == nil)
    #expect(
      pair.clientEvents.frames(on: streamID) == [
        .headers(streamID: streamID, category: .response, endStream: false),
        .data(streamID: streamID, endStream: false),
        .headers(streamID: streamID, category: .headers, endStream: true),
      ])
    #expect(pair.clientEvents.categories[streamID] == [.response, .headers])
    #expect(pair.clientEvents.headerBlocks[streamID] == [okResponseHeaders + [HeaderField("x-meta", "m")], trailers])
    #expect(pair.clientEvents.data[streamID] == [0, 0, 0, 0, 3, 7, 8, 9])
    #expect(pair.clientEvents.closed[streamID] == .noError)
  }

  @Test("a Trailers-Only response is one response HEADERS block with END_STREAM")
  func trailersOnly() throws {
    let pair = try SessionPair()
    let fields = okResponseHeaders + [HeaderField("grpc-status", "12"), HeaderField("grpc-message", "no%20such")]
    pair.serverEvents.onStreamEnd = { session, streamID in
      try? session.submitResponse(streamID: streamID, headers: fields, body: nil)
    }
    let requestBody = ChunkedBody([1, 2, 3])  // the session does not retain it
    let streamID = try pair.client.submitRequest(headers: requestHeaders, body: requestBody)
    try withExtendedLifetime(requestBody) { try pair.pump() }

    #expect(pair.serverEvents.data[streamID] == [1, 2, 3])
    #expect(
      pair.clientEvents.frames(on: streamID) == [.headers(streamID: streamID, category: .response, endStream: true)])
    #expect(pair.clientEvents.headerBlocks[streamID] == [fields])
    #expect(pair.clientEvents.data[streamID] == nil)
    #expect(pair.clientEvents.closed[streamID] == .noError)
  }

  @Test(
    "an RST_STREAM code reaches the client's didCloseStream",
    arguments: [
      HTTP2ErrorCode.noError, .protocolError, .internalError, .flowControlError, .refusedStream, .cancel,
      .enhanceYourCalm, .inadequateSecurity, .http11Required, HTTP2ErrorCode(rawValue: 0x77),
    ])
  func resetCodes(code: HTTP2ErrorCode) throws {
    let pair = try SessionPair()
    pair.serverEvents.onStreamEnd = { session, streamID in
      try? session.submitReset(streamID: streamID, errorCode: code)
    }
    let streamID = try pair.client.submitRequest(headers: requestHeaders, body: nil)
    try pair.pump()

    #expect(pair.clientEvents.frames(on: streamID) == [.rstStream(streamID: streamID, errorCode: code)])
    #expect(pair.clientEvents.closed[streamID] == code)
    #expect(pair.serverEvents.closed[streamID] == code)
  }

  @Test("HTTP2ErrorCode descriptions name the code")
  func errorCodeDescriptions() {
    #expect(HTTP2ErrorCode.refusedStream.description == "REFUSED_STREAM")
    #expect(HTTP2ErrorCode.cancel.rawValue == 8)
    #expect(HTTP2ErrorCode.enhanceYourCalm.rawValue == 0xB)
    #expect(HTTP2ErrorCode(rawValue: 0x77).description == "0x77")
  }

  @Test("GOAWAY below an open stream refuses it, stops new requests, and a later request fails to send")
  func goAway() throws {
    let pair = try SessionPair()
    let first = try pair.client.submitRequest(headers: requestHeaders, body: nil)
    let second = try pair.client.submitRequest(headers: requestHeaders, body: nil)
    #expect((first, second) == (1, 3))
    try pair.pump()
    #expect(pair.serverEvents.headerBlocks[first]?.count == 1)
    #expect(pair.serverEvents.headerBlocks[second]?.count == 1)
    #expect(pair.clientEvents.closed.isEmpty)

    try pair.server.submitGoAway(lastStreamID: first, errorCode: .noError, debugData: Array("bye".utf8))
    try pair.pump()

    #expect(
      pair.clientEvents.frames.contains(.goAway(lastStreamID: first, errorCode: .noError, debugData: Array("bye".utf8)))
    )
    #expect(pair.clientEvents.closed[second] == .refusedStream)
    #expect(pair.clientEvents.closed[first] == nil)
    #expect(!pair.client.isRequestAllowed)
    #expect(!pair.server.isRequestAllowed)

    // The stream at or below last-stream-id still completes.
    try pair.server.submitResponse(
      streamID: first, headers: okResponseHeaders + [HeaderField("grpc-status", "0")], body: nil)
    try pair.pump()
    #expect(pair.clientEvents.closed[first] == .noError)

    // A request submitted now is never sent; the delegate hears about it.
    let late: Int32
    do {
      late = try pair.client.submitRequest(headers: requestHeaders, body: nil)
    } catch {
      Issue.record("submitRequest threw \(error) instead of reporting through didFailToSendOn")
      return
    }
    try pair.pump()
    #expect(pair.clientEvents.failedToSend.count == 1)
    #expect(pair.clientEvents.failedToSend.first?.streamID == late)
    #expect(pair.clientEvents.failedToSend.first?.error.code == NGHTTP2Error.startStreamNotAllowed)
    #expect(pair.serverEvents.headerBlocks[late] == nil)
    // nghttp2 1.52 then also closes the never-opened stream with REFUSED_STREAM, after the
    // not-sent report (HTTP2Connection acts on the first and ignores the second).
    #expect(pair.clientEvents.endings.suffix(2) == ["notSent(\(late))", "closed(\(late))"])
    #expect(pair.clientEvents.closed[late] == .refusedStream)
  }

  @Test("a deferred body waits until resumeData")
  func deferredBody() throws {
    let pair = try SessionPair()
    let body = DeferredBody(Array("late bytes".utf8))
    let streamID = try pair.client.submitRequest(headers: requestHeaders, body: body)
    try pair.pump()

    #expect(body.deferrals >= 1)
    #expect(pair.serverEvents.headerBlocks[streamID]?.count == 1)
    #expect(pair.serverEvents.data[streamID] == nil)
    #expect(!pair.client.wantsWrite)
    // A stream that has nothing deferred: harmless false.
    #expect(pair.client.resumeData(streamID: 99) == false)

    body.ready = true
    #expect(pair.client.resumeData(streamID: streamID))
    #expect(pair.client.wantsWrite)
    try pair.pump()
    #expect(pair.serverEvents.data[streamID] == Array("late bytes".utf8))
    #expect(pair.serverEvents.frames(on: streamID).last == .data(streamID: streamID, endStream: true))
    // Deferred only while not ready.
    #expect(pair.client.resumeData(streamID: streamID) == false)
  }

  @Test("PING is answered by the peer with the same opaque data")
  func ping() throws {
    let pair = try SessionPair()
    try pair.pump()
    try pair.client.submitPing(opaqueData: 0x0102_0304_0506_0708)
    try pair.pump()
    #expect(pair.serverEvents.frames.contains(.ping(ack: false, opaqueData: 0x0102_0304_0506_0708)))
    #expect(pair.clientEvents.frames.contains(.ping(ack: true, opaqueData: 0x0102_0304_0506_0708)))
  }

  @Test("NGHTTP2Error's description carries nghttp2's own text, the function and the code")
  func errorDescription() {
    let error = NGHTTP2Error(code: -505, function: "nghttp2_session_mem_recv")
    #expect(error.reason == "Protocol error")
    #expect(error.description.contains("Protocol error"))
    #expect(error.description.contains("nghttp2_session_mem_recv"))
    #expect(error.description.contains("-505"))
    #expect(!error.isFatal)
    #expect(NGHTTP2Error(code: -901, function: "f").isFatal)  // NGHTTP2_ERR_NOMEM
    let other = NGHTTP2Error(code: NGHTTP2Error.startStreamNotAllowed, function: "f")
    #expect(!other.reason.isEmpty)
    #expect(other.reason != error.reason)
  }

  @Test("garbage fed to a server session throws a fatal NGHTTP2Error")
  func garbageThrows() throws {
    let events = RecordingDelegate()
    let server = try HTTP2Session(role: .server, settings: [], delegate: events)
    let garbage = Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
    var thrown: NGHTTP2Error?
    do {
      try garbage.withUnsafeBytes { bytes in _ = try server.receive(bytes) }
    } catch let error as NGHTTP2Error {
      thrown = error
    } catch {
      Issue.record("unexpected error type: \(error)")
    }
    let error = try #require(thrown)
    #expect(error.code < 0)
    #expect(error.isFatal)
    #expect(error.function == "nghttp2_session_mem_recv")
    #expect(error.description.contains(error.reason))
    #expect(events.frames.isEmpty)
  }

  @Test(
    "long header values that repeat and rotate (more of them than the session keeps) arrive exactly, request after request"
  )
  func repeatedLongHeaderValues() throws {
    let pair = try SessionPair()
    // Six values over 15 bytes, of one length, differing in one byte: a session that reuses a
    // recent value must compare the bytes, not the length, and must not hand out an old one.
    let values = (0..<6).map { "x-value-of-twenty-\($0)!" }
    #expect(values.allSatisfy { $0.utf8.count == 20 })
    var sent: [Int32: [HeaderField]] = [:]
    for round in 0..<4 {
      let custom = (0..<6).map { HeaderField("x-long-\($0)", values[($0 + round) % 6]) }
      let headers = requestHeaders + custom
      let streamID = try pair.client.submitRequest(headers: headers, body: nil)
      sent[streamID] = headers
      try pair.pump()
    }
    for (streamID, headers) in sent {
      #expect(pair.serverEvents.headerBlocks[streamID] == [headers], "stream \(streamID)")
    }
  }

  @Test("a header the delegate refuses resets only that stream")
  func refusedHeaderResetsStream() throws {
    final class Refusing: HTTP2SessionDelegate {
      var closed: [Int32: HTTP2ErrorCode] = [:]
      func session(
        _ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory
      ) -> Bool { field.name != "x-bad" }
      func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent) {}
      func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32) {}
      func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode) {
        closed[streamID] = errorCode
      }
    }
    let clientEvents = RecordingDelegate()
    let serverEvents = Refusing()
    let client = try HTTP2Session(role: .client, settings: [], delegate: clientEvents)
    let server = try HTTP2Session(role: .server, settings: [], delegate: serverEvents)
    let bad = try client.submitRequest(headers: requestHeaders + [HeaderField("x-bad", "1")], body: nil)
    for _ in 0..<10 {
      var a: [UInt8] = []
      try client.send { a.append(contentsOf: $0) }
      try a.withUnsafeBytes { _ = try server.receive($0) }
      var b: [UInt8] = []
      try server.send { b.append(contentsOf: $0) }
      try b.withUnsafeBytes { _ = try client.receive($0) }
    }
    #expect(clientEvents.closed[bad] == .internalError)
    #expect(client.isRequestAllowed)
  }
}
