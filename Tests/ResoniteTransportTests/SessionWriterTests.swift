import ResoniteHTTP2
import ResoniteTransport
import ResoniteTestSupport
import Testing

/// Collects what the receiving session got.
private final class Receiver: HTTP2SessionDelegate {
  var data: [UInt8] = []
  var ended = false

  func session(_ session: HTTP2Session, didBeginHeaders streamID: Int32, category: HeaderCategory) {}
  func session(
    _ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory
  ) -> Bool { true }
  func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent) {
    if case .data(_, let endStream) = frame, endStream { ended = true }
  }
  func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32) {
    data.append(contentsOf: bytes)
  }
  func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode) {}
  func session(_ session: HTTP2Session, didFailToSendOn streamID: Int32, error: NGHTTP2Error) {}
}

/// Serves `bytes` as one request body: copied into nghttp2's frames, or (`noCopy`) planned by
/// `readBody` and handed out from its own array by `writeBody` when the frame is written.
private final class Body: HTTP2BodySource {
  let bytes: [UInt8]
  let noCopy: Bool
  var planned = 0
  var written = 0
  init(_ bytes: [UInt8], noCopy: Bool) {
    self.bytes = bytes
    self.noCopy = noCopy
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    let n = min(buffer.count, bytes.count - planned)
    if noCopy {
      planned += n
      return .bytesNoCopy(count: n, endOfBody: planned == bytes.count, endStream: true)
    }
    bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + planned, byteCount: n) }
    planned += n
    return .bytes(count: n, endOfBody: planned == bytes.count, endStream: true)
  }

  override func writeBody(count: Int, streamID: Int32, to sink: (UnsafeRawBufferPointer) -> Void) {
    bytes.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[written..<(written + count)])) }
    written += count
  }
}

/// A socket whose answers follow a script: each write takes what `next` says.
private struct ScriptedSocket {
  enum Answer { case takeAll, take(Int), wouldBlock }
  var next: () -> Answer
  var wire: [UInt8] = []
  var writes = 0
  /// The size of every accepted write.
  var writeSizes: [Int] = []

  mutating func write(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> SessionWriter.WriteResult {
    writes += 1
    let bytes = Array(first) + Array(second)
    let n: Int
    switch next() {
    case .wouldBlock: return .wouldBlock
    case .takeAll: n = bytes.count
    case .take(let limit): n = max(1, min(limit, bytes.count))
    }
    wire.append(contentsOf: bytes[bytes.startIndex..<(bytes.startIndex + n)])
    writeSizes.append(n)
    return .wrote(n)
  }
}

/// Small deterministic generator for the random socket scripts.
private struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

private let headers = [
  HeaderField(":method", "POST"), HeaderField(":scheme", "http"), HeaderField(":path", "/p.S/M"),
  HeaderField(":authority", "localhost"), HeaderField("content-type", "application/grpc"),
  HeaderField("te", "trailers"),
]

/// Sends a `size`-byte request body from a client session through a ``SessionWriter`` over
/// `socket`, playing the poll loop: after `.waitingForWritable` the socket is "writable" again and
/// the writer is flushed; after `.idle` the peer reads what arrived and answers (SETTINGS ACK,
/// WINDOW_UPDATE). Checks the writer's rule after every flush and returns what the peer got.
private func transfer(size: Int, noCopy: Bool = false, socket: inout ScriptedSocket) throws -> (
  data: [UInt8], ended: Bool, sent: [UInt8]
) {
  let receiver = Receiver()
  let server = try HTTP2Session(
    role: .server, settings: [.initialWindowSize(1 << 20), .maxFrameSize(1 << 20)], connectionWindowSize: 4 << 20,
    delegate: receiver)
  let clientEvents = Receiver()
  let client = try HTTP2Session(role: .client, settings: [.enablePush(false)], delegate: clientEvents)
  let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
  let body = Body(payload, noCopy: noCopy)
  _ = try client.submitRequest(headers: headers, body: body)

  var writer = SessionWriter()
  var delivered = 0
  for _ in 0..<100_000 {
    let result = try writer.flush(client) { socket.write($0, $1) }
    switch result {
    case .idle:
      guard !writer.hasPendingBytes, !client.wantsWrite else {
        Issue.record(
          "idle while output is held back (pending \(writer.pendingCount) bytes, nghttp2 wants to write: \(client.wantsWrite)): a poll loop would wait forever"
        )
        return (receiver.data, receiver.ended, socket.wire)
      }
    case .waitingForWritable:
      guard writer.hasPendingBytes else {
        Issue.record("waiting for POLLOUT with nothing pending")
        return (receiver.data, receiver.ended, socket.wire)
      }
      continue
    case .failed(let code):
      Issue.record("the scripted socket never fails, got errno \(code)")
      return (receiver.data, receiver.ended, socket.wire)
    }
    // Idle: the peer reads everything that reached it and answers.
    if delivered < socket.wire.count {
      try socket.wire[delivered...].withUnsafeBytes { _ = try server.receive($0) }
      delivered = socket.wire.count
    }
    var answer: [UInt8] = []
    try server.send { answer.append(contentsOf: $0) }
    if !answer.isEmpty { try answer.withUnsafeBytes { _ = try client.receive($0) } }
    if receiver.ended { break }
    if answer.isEmpty && !client.wantsWrite {
      Issue.record("stalled: nothing in flight, nothing to write, body incomplete at \(receiver.data.count)")
      break
    }
  }
  #expect(receiver.data == payload)
  return (receiver.data, receiver.ended, socket.wire)
}

@Suite("SessionWriter: nghttp2 output to a socket", .ownThread)
struct SessionWriterTests {
  @Test("a socket that takes everything: the body arrives byte-exact")
  func takesEverything() throws {
    var socket = ScriptedSocket(next: { .takeAll })
    let outcome = try transfer(size: 3 << 20, socket: &socket)
    #expect(outcome.ended)
  }

  @Test("a body served without copying goes out in frames of up to maxDataFrameLength, byte-exact")
  func noCopyFrames() throws {
    var socket = ScriptedSocket(next: { .takeAll })
    let outcome = try transfer(size: 3 << 20, noCopy: true, socket: &socket)
    #expect(outcome.ended)
    // The peer allows 1 MiB frames and a 1 MiB stream window: 256 KiB frames (the default), not
    // nghttp2's 16 KiB.
    #expect(socket.writeSizes.contains { $0 >= 256 << 10 }, "sizes: \(socket.writeSizes)")
  }

  @Test("the issue 2 race: the socket fills, then drains before the next write; the writer goes back to nghttp2")
  func fillsThenDrains() throws {
    // Every third write is refused, and the one after it takes everything: a writer that stops
    // on "would block" and then empties its buffer with one more write must still ask nghttp2
    // for the rest, or report that it waits for POLLOUT.
    var count = 0
    var socket = ScriptedSocket(next: {
      count += 1
      switch count % 3 {
      case 1: return .take(100)
      case 2: return .wouldBlock
      default: return .takeAll
      }
    })
    let outcome = try transfer(size: 3 << 20, socket: &socket)
    #expect(outcome.ended)
  }

  @Test(
    "random partial writes and refusals (seeded), bodies copied or not: byte-exact, never idle with output held back",
    arguments: 1...8, [false, true])
  func randomSocket(seed: UInt64, noCopy: Bool) throws {
    var random = SplitMix(state: seed)
    var socket = ScriptedSocket(next: {
      let roll = random.next()
      switch roll % 10 {
      case 0, 1, 2: return .wouldBlock
      case 3, 4, 5: return .take(Int(roll >> 8 % 40_000) + 1)
      default: return .takeAll
      }
    })
    let outcome = try transfer(size: 2 << 20 + Int(seed) * 777, noCopy: noCopy, socket: &socket)
    #expect(outcome.ended)
  }

  @Test("small frames are gathered and large ones written whole: almost no write smaller than 16 KiB")
  func writeSizes() throws {
    var socket = ScriptedSocket(next: { .takeAll })
    let outcome = try transfer(size: 1 << 20, socket: &socket)
    #expect(outcome.ended)
    // The preface, SETTINGS and HEADERS are gathered with the first DATA; every later frame is
    // one write of at least a frame; only the body's tail and the acknowledgements may be small.
    let sizes = socket.writeSizes
    #expect(sizes.count >= 4 && sizes.count <= 70, "sizes: \(sizes)")
    #expect(sizes.filter { $0 < 16 << 10 }.count <= 3, "sizes: \(sizes)")
  }

  @Test("a failing socket ends the flush with its errno")
  func failingSocket() throws {
    let events = Receiver()
    let client = try HTTP2Session(role: .client, settings: [.enablePush(false)], delegate: events)
    var writer = SessionWriter()
    let result = try writer.flush(client) { _, _ in .failed(errno: 32) }
    #expect(result == .failed(errno: 32))
  }
}
