import ResoniteHTTP2
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

@Suite("MessageDeframer", .ownThread)
struct MessageDeframerUnitTests {
  private func feed(_ deframer: inout MessageDeframer, _ bytes: [UInt8]) throws -> [GRPCMessage] {
    var out: [GRPCMessage] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
    defer { buffer.deallocate() }
    buffer.copyBytes(from: bytes)
    try deframer.process(UnsafeRawBufferPointer(buffer)) { out.append($0) }
    return out
  }

  @Test("the prefix is 1 flag byte and a 4-byte big-endian length")
  func prefix() {
    #expect(GRPCMessage.prefix(length: 0x0102_0304, compressed: false) == [0, 1, 2, 3, 4])
    #expect(GRPCMessage.prefix(length: 5, compressed: true) == [1, 0, 0, 0, 5])
    #expect(GRPCMessage(bytes: [9, 8]).framed == [0, 0, 0, 0, 2, 9, 8])
  }

  @Test(
    "a large message gets its full length after 64 KiB and offers the rest as a receive target; bytes written there are taken in place"
  )
  func receiveTargetInPlace() throws {
    let length = 3 << 20
    let threshold = MessageDeframer.fullLengthAfter
    #expect(threshold == 64 << 10)
    let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
    var deframer = MessageDeframer(maxMessageSize: 64 << 20)
    #expect(deframer.receiveTarget == nil)
    // The prefix and 10 000 bytes, then up to one byte short of the guard: no full allocation.
    #expect(try feed(&deframer, GRPCMessage.prefix(length: length, compressed: false) + payload[0..<10_000]).isEmpty)
    #expect(deframer.receiveTarget == nil)
    #expect(try feed(&deframer, Array(payload[10_000..<(threshold - 1)])).isEmpty)
    #expect(deframer.receiveTarget == nil)
    #expect(try feed(&deframer, [payload[threshold - 1]]).isEmpty)
    let target = try #require(deframer.receiveTarget)
    #expect(target.count == length - threshold)
    #expect(deframer.bufferedByteCount == 5 + threshold)
    // Copied twice so far: appended, then moved into the full length (the last byte once).
    #expect(deframer.copiedBytes == 2 * threshold - 1)
    // Written straight into the target, then handed over from there: no copy, same result.
    var received: [GRPCMessage] = []
    var offset = threshold
    while offset < length {
      let next = try #require(deframer.receiveTarget)
      let n = min(200_000, length - offset)
      payload[offset..<(offset + n)].withUnsafeBytes { next.start.copyMemory(from: $0.baseAddress!, byteCount: n) }
      try deframer.process(UnsafeRawBufferPointer(start: next.start, count: n)) { received.append($0) }
      offset += n
    }
    #expect(received.count == 1)
    #expect(received.first?.bytes == payload)
    #expect(deframer.copiedBytes == 2 * threshold - 1)
    #expect(deframer.isIdle)
    #expect(deframer.receiveTarget == nil)
  }

  @Test(
    "the full length is allocated once 64 KiB of the message have arrived, whatever its length",
    arguments: [1_048_577, 8_388_608, 33_177_600, 268_435_456])
  func fullLengthGuard(length: Int) throws {
    let threshold = MessageDeframer.fullLengthAfter
    var deframer = MessageDeframer(maxMessageSize: 256 << 20)
    let chunk = [UInt8](repeating: 1, count: threshold - 1)
    _ = try feed(&deframer, GRPCMessage.prefix(length: length, compressed: false) + chunk)
    #expect(deframer.receiveTarget == nil, "no full length after \(threshold - 1) bytes")
    _ = try feed(&deframer, [1])
    #expect(deframer.receiveTarget?.count == length - threshold)
    // What the documentation states: up to 4096 times what arrived at the 256 MiB limit.
    #expect(length / threshold <= 4096)
  }

  @Test("bytes read ahead into the target (past bytes that went elsewhere) are moved back into place")
  func receiveTargetReadAhead() throws {
    let length = 1 << 21
    let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 13) }
    var deframer = MessageDeframer(maxMessageSize: 64 << 20)
    _ = try feed(&deframer, GRPCMessage.prefix(length: length, compressed: false) + payload[0..<150_000])
    let target = try #require(deframer.receiveTarget)
    let copied = deframer.copiedBytes
    // A read put 50 000 payload bytes 9 bytes further than they belong (a frame header the
    // guess took for DATA went to the receive buffer, but these bytes are this message's).
    payload[150_000..<200_000].withUnsafeBytes {
      (target.start + 9).copyMemory(from: $0.baseAddress!, byteCount: 50_000)
    }
    try deframer.process(UnsafeRawBufferPointer(start: target.start + 9, count: 50_000)) { _ in Issue.record("early") }
    #expect(deframer.copiedBytes == copied + 50_000, "moved back: one copy")
    var received: [GRPCMessage] = []
    received += try feed(&deframer, Array(payload[200_000...]))
    #expect(received.first?.bytes == payload)
  }

  @Test("one message split byte by byte")
  func byteByByte() throws {
    let message = GRPCMessage(bytes: Array(0..<200).map { UInt8($0) })
    var deframer = MessageDeframer(maxMessageSize: 1 << 20)
    var received: [GRPCMessage] = []
    for (i, byte) in message.framed.enumerated() {
      received += try feed(&deframer, [byte])
      if i < message.framed.count - 1 {
        #expect(received.isEmpty)
        #expect(!deframer.isIdle)
        #expect(deframer.bufferedByteCount == i + 1)
      }
    }
    #expect(received == [message])
    #expect(deframer.isIdle)
  }

  @Test("several messages in one chunk, including an empty and a compressed one")
  func severalInOneChunk() throws {
    let messages = [
      GRPCMessage(bytes: [1, 2, 3]),
      GRPCMessage(bytes: []),
      GRPCMessage(bytes: [4], compressed: true),
      GRPCMessage(bytes: Array(repeating: 7, count: 1000)),
    ]
    var deframer = MessageDeframer(maxMessageSize: 1000)
    let received = try feed(&deframer, messages.flatMap(\.framed))
    #expect(received == messages)
    #expect(received[2].compressed)
    #expect(deframer.isIdle)
  }

  @Test("a 0-byte message on its own is delivered at once")
  func emptyMessage() throws {
    var deframer = MessageDeframer(maxMessageSize: 0)
    #expect(try feed(&deframer, [0, 0, 0, 0, 0]) == [GRPCMessage(bytes: [])])
    #expect(deframer.isIdle)
    // And split across two chunks.
    #expect(try feed(&deframer, [0, 0]).isEmpty)
    #expect(try feed(&deframer, [0, 0, 0]) == [GRPCMessage(bytes: [])])
  }

  @Test("a message over the limit fails with both numbers in the text")
  func overLimit() {
    var deframer = MessageDeframer(maxMessageSize: 10)
    #expect(throws: DeframingError.messageTooLarge(length: 11, limit: 10)) {
      _ = try feed(&deframer, [0, 0, 0, 0, 11])
    }
    let text = DeframingError.messageTooLarge(length: 11, limit: 10).description
    #expect(text.contains("max 10"))
    #expect(text.contains("actual 11"))
    // Exactly at the limit is fine.
    var atLimit = MessageDeframer(maxMessageSize: 10)
    #expect((try? feed(&atLimit, GRPCMessage(bytes: Array(repeating: 1, count: 10)).framed))?.count == 1)
  }

  @Test("a huge length prefix is rejected before any allocation")
  func hugeLength() {
    var deframer = MessageDeframer(maxMessageSize: 4 << 20)
    #expect(throws: DeframingError.messageTooLarge(length: 0xFFFF_FFFF, limit: 4 << 20)) {
      _ = try feed(&deframer, [0, 0xFF, 0xFF, 0xFF, 0xFF])
    }
  }

  @Test("an invalid flag byte fails, whole or split prefix", arguments: [UInt8(2), 0x80, 0xFF])
  func invalidFlag(flag: UInt8) {
    var whole = MessageDeframer(maxMessageSize: 100)
    #expect(throws: DeframingError.invalidCompressionFlag(flag)) {
      _ = try feed(&whole, [flag, 0, 0, 0, 1, 0])
    }
    var split = MessageDeframer(maxMessageSize: 100)
    #expect(throws: DeframingError.invalidCompressionFlag(flag)) {
      _ = try feed(&split, [flag, 0])
      _ = try feed(&split, [0, 0, 1])
    }
    #expect(DeframingError.invalidCompressionFlag(flag).description.contains("\(flag)"))
  }
}

/// A session to pass to `readBody`; MessageBody never touches it.
private final class SilentDelegate: HTTP2SessionDelegate {
  func session(_ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32, category: HeaderCategory)
    -> Bool
  { true }
  func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent) {}
  func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32) {}
  func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode) {}
}

@Suite("MessageBody")
struct MessageBodyUnitTests {
  /// Reads `body` to its end in frames of at most `size` bytes, as nghttp2 does with a
  /// no-copy source (plan a frame with readBody, then take its bytes with writeBody); returns
  /// the bytes and the reads.
  private func drain(_ body: MessageBody, bufferSize size: Int) throws -> (bytes: [UInt8], reads: [HTTP2BodyRead]) {
    let delegate = SilentDelegate()
    let session = try HTTP2Session(role: .client, settings: [], delegate: delegate)
    defer { withExtendedLifetime(delegate) {} }
    var out: [UInt8] = []
    var reads: [HTTP2BodyRead] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
    defer { buffer.deallocate() }
    for _ in 0..<100_000 {
      let read = body.readBody(into: buffer, streamID: 1, session: session)
      reads.append(read)
      switch read {
      case .bytesNoCopy(let count, let endOfBody, _):
        var frame: [UInt8] = []
        body.writeBody(count: count, streamID: 1) { frame += $0 }
        #expect(frame.count == count)
        out += frame
        if endOfBody { return (out, reads) }
      case .bytes(let count, let endOfBody, _):
        out += UnsafeRawBufferPointer(rebasing: buffer[0..<count])
        if endOfBody { return (out, reads) }
      default:
        return (out, reads)
      }
    }
    Issue.record("the body never ended")
    return (out, reads)
  }

  @Test(
    "two messages served in frames of 1, 3 and 16384 bytes, without copying, reproduce prefix+payload exactly",
    arguments: [1, 3, 16384])
  func twoMessages(bufferSize: Int) throws {
    let messages = [
      GRPCMessage(bytes: Array(0..<10).map { UInt8($0) }),
      GRPCMessage(bytes: Array(0..<700).map { UInt8(truncatingIfNeeded: $0 * 7) }, compressed: true),
    ]
    let (bytes, reads) = try drain(MessageBody(messages: messages, copyLimit: 0), bufferSize: bufferSize)
    #expect(bytes == messages.flatMap(\.framed))
    #expect(bytes.count == 5 + 10 + 5 + 700)
    // Every read fills the buffer except the last, and only the last ends the body, with END_STREAM.
    for read in reads.dropLast() {
      #expect(read == .bytesNoCopy(count: bufferSize, endOfBody: false, endStream: true))
    }
    guard case .bytesNoCopy(let count, let endOfBody, let endStream) = reads.last else {
      Issue.record("no final read")
      return
    }
    #expect(endOfBody && endStream)
    #expect(count <= bufferSize)
    #expect(reads.count == (bytes.count + bufferSize - 1) / bufferSize)
  }

  @Test("an empty last message and an empty body are served correctly", arguments: [1, 5, 16384])
  func emptyMessages(bufferSize: Int) throws {
    let messages = [GRPCMessage(bytes: [42]), GRPCMessage(bytes: [])]
    let (bytes, reads) = try drain(MessageBody(messages: messages, copyLimit: 0), bufferSize: bufferSize)
    #expect(bytes == [0, 0, 0, 0, 1, 42, 0, 0, 0, 0, 0])
    if case .bytesNoCopy(_, let endOfBody, _) = reads.last { #expect(endOfBody) } else { Issue.record("no final read") }

    let (none, noneReads) = try drain(MessageBody(messages: [], copyLimit: 0), bufferSize: bufferSize)
    #expect(none.isEmpty)
    #expect(noneReads == [.bytesNoCopy(count: 0, endOfBody: true, endStream: true)])
  }

  @Test(
    "a small body is copied into nghttp2's buffer in frames of 1, 3 and 16384 bytes, reproducing prefix+payload exactly",
    arguments: [1, 3, 16384])
  func smallBodyCopied(bufferSize: Int) throws {
    let messages = [
      GRPCMessage(bytes: Array(0..<10).map { UInt8($0) }),
      GRPCMessage(bytes: Array(0..<300).map { UInt8(truncatingIfNeeded: $0 * 7) }, compressed: true),
    ]
    let (bytes, reads) = try drain(MessageBody(messages: messages), bufferSize: bufferSize)
    #expect(bytes == messages.flatMap(\.framed))
    for read in reads.dropLast() {
      #expect(read == .bytes(count: bufferSize, endOfBody: false, endStream: true))
    }
    guard case .bytes(let count, let endOfBody, let endStream) = reads.last else {
      Issue.record("the small body was not copied: \(reads.last.map { "\($0)" } ?? "no read")")
      return
    }
    #expect(endOfBody && endStream && count <= bufferSize)
    #expect(reads.count == (bytes.count + bufferSize - 1) / bufferSize)
    // Past the limit the same messages are served without copying.
    let (large, largeReads) = try drain(
      MessageBody(messages: messages, copyLimit: bytes.count - 1), bufferSize: bufferSize)
    #expect(large == bytes)
    if case .bytesNoCopy = largeReads.last {} else { Issue.record("a body over the limit was copied") }
  }
}

@Suite("MessageDeframer buffers", .ownThread)
struct DeframerBufferTests {
  /// A 3 MiB message, framed, delivered in `chunk`-byte pieces.
  private func deliver(chunk: Int) throws -> GRPCMessage {
    let payload = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) }
    let framed = GRPCMessage(bytes: payload).framed
    var deframer = MessageDeframer(maxMessageSize: 4 << 20)
    var messages: [GRPCMessage] = []
    var offset = 0
    while offset < framed.count {
      let end = min(offset + chunk, framed.count)
      try framed.withUnsafeBytes { bytes in
        try deframer.process(UnsafeRawBufferPointer(rebasing: bytes[offset..<end])) { messages.append($0) }
      }
      offset = end
    }
    #expect(messages.count == 1)
    let message = try #require(messages.first)
    #expect(message.bytes == payload)
    return message
  }

  @Test("a large message in small pieces lands in one buffer sized from its length prefix (grown once, not doubled)")
  func sizedFromPrefix() throws {
    let message = try deliver(chunk: 16 << 10)
    #expect(message.bytes.capacity >= 3 << 20)
    #expect(message.bytes.capacity < (3 << 20) + (64 << 10), "capacity \(message.bytes.capacity)")
  }

  @Test("a large message in large pieces: the full length is reserved at once")
  func reservedAtOnce() throws {
    let message = try deliver(chunk: 2 << 20)
    #expect(message.bytes.capacity < (3 << 20) + (64 << 10), "capacity \(message.bytes.capacity)")
  }
}
