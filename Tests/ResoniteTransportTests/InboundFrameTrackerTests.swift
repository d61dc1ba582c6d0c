import ResoniteTestSupport
import Testing

@testable import ResoniteTransport

@Suite("InboundFrameTracker: HTTP/2 frame boundaries beside nghttp2")
struct InboundFrameTrackerTests {
  /// A 9-byte frame header.
  private func header(length: Int, type: UInt8, flags: UInt8, stream: UInt32) -> [UInt8] {
    [
      UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags,
      UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF),
    ]
  }

  private func feed(_ tracker: inout InboundFrameTracker, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { tracker.advance($0) }
  }

  @Test("an unpadded DATA frame's payload is found, byte by byte and in one piece, and ends with the frame")
  func dataPayload() {
    var tracker = InboundFrameTracker()
    #expect(tracker.dataPayload == nil)
    // SETTINGS (6 bytes of payload), then DATA on stream 5 with 100 000 bytes.
    feed(&tracker, header(length: 6, type: 4, flags: 0, stream: 0) + [0, 3, 0, 0, 0, 100])
    #expect(tracker.dataPayload == nil)
    let data = header(length: 100_000, type: 0, flags: 0, stream: 5)
    for byte in data.dropLast() {
      feed(&tracker, [byte])
      #expect(tracker.dataPayload == nil, "inside the header")
    }
    feed(&tracker, [data.last!])
    #expect(tracker.dataPayload?.streamID == 5)
    #expect(tracker.dataPayload?.remaining == 100_000)
    feed(&tracker, [UInt8](repeating: 1, count: 60_000))
    #expect(tracker.dataPayload?.remaining == 40_000)
    feed(&tracker, [UInt8](repeating: 1, count: 39_000))
    #expect(tracker.dataPayload?.remaining == 1_000)
    // The rest of the payload and the next header (HEADERS on stream 5) in one chunk.
    feed(&tracker, [UInt8](repeating: 1, count: 1_000))
    #expect(tracker.dataPayload?.streamID == 5, "at the boundary after DATA on 5")
    #expect(tracker.dataPayload?.remaining == 0)
    feed(&tracker, header(length: 20, type: 1, flags: 5, stream: 5))
    #expect(tracker.dataPayload == nil, "a HEADERS payload is not DATA")
    feed(&tracker, [UInt8](repeating: 0, count: 20))
    #expect(tracker.dataPayload == nil)
  }

  @Test("padded DATA and other frames are never direct-read targets; a boundary after unpadded DATA is")
  func notTargets() {
    var tracker = InboundFrameTracker()
    feed(&tracker, header(length: 300, type: 0, flags: 0x8, stream: 3))
    #expect(tracker.dataPayload == nil, "PADDED")
    feed(&tracker, [UInt8](repeating: 0, count: 300))
    feed(&tracker, header(length: 0, type: 0, flags: 0x1, stream: 3))
    #expect(tracker.dataPayload?.streamID == 3, "after unpadded DATA: the next frame is likely more")
    #expect(tracker.dataPayload?.remaining == 0)
    feed(&tracker, header(length: 8, type: 8, flags: 0, stream: 0xFFFF_FFFF))
    #expect(tracker.dataPayload == nil, "WINDOW_UPDATE")
    feed(&tracker, [UInt8](repeating: 0, count: 8) + header(length: 16_384, type: 0, flags: 0, stream: 0x8000_0007))
    #expect(tracker.dataPayload?.streamID == 7, "the reserved bit is ignored")
    #expect(tracker.dataPayload?.remaining == 16_384)
  }
}
