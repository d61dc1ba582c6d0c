import Foundation
import ResoniteTestServer
import ResoniteTestSupport
import ResoniteTransport
import Testing

@testable import ResoniteGRPC

/// A slow consumer of unpaced camera frames of any size: the stream's window follows the
/// message size (``ResponseWindow``), so a held stream lets through about one frame, not what
/// is left of a 16 MiB window (four and a half 1280x720 frames).
@Suite("Streaming calls: a slow consumer's frames are fresh at any frame size")
struct StreamingFreshFramesTests {
  /// The consumer's period.
  static let period: Duration = .milliseconds(400)
  static let frame720 = 1280 * 720 * 4

  /// What one slow consumer saw, take by take.
  struct Take {
    /// When the consumer took the frame (CLOCK_REALTIME, ns).
    var at: Int64
    /// The frame's capture time (`unix_nanos`).
    var captured: Int64
    var frameID: Int64
    /// Frames the server had queued (`messagesSent`) just before this take, less the frames
    /// the consumer had taken by then: the frames in flight or waiting in the client.
    var lag: Int
    /// Complete messages' bytes waiting in the call just before this take.
    var bufferedBytes: Int
    /// What the server may still send on the stream just before this take.
    var peerWindow: Int
  }

  /// Takes `count` unpaced frames with ``period`` between takes.
  static func slowTakes(
    count: Int, server: TestServer, channel: GRPCChannel, request: [UInt8] = CameraFrames.request()
  ) async throws -> (takes: [Take], windowSize: Int?, messageLength: Int) {
    try await channel.serverStreamingRaw(cameraStreamFrames, request: request) { response in
      var takes: [Take] = []
      var iterator = response.messages.makeAsyncIterator()
      var messageLength = 0
      while takes.count < count {
        let sent =
          server.observations.streamingCalls(path: TestServer.Path.cameraStreamFrames).first?.messagesSent ?? 0
        let buffered = response.call.bufferedMessageBytes
        let peerWindow = response.call.openedStream?.receiveWindow ?? 0
        guard let message = try await iterator.next() else { break }
        let now = unixNanosNow()
        let frame = try #require(CameraFrames.decode(message))
        messageLength = message.count
        takes.append(
          Take(
            at: now, captured: frame.unixNanos, frameID: frame.frameID, lag: sent - takes.count,
            bufferedBytes: buffered, peerWindow: peerWindow))
        try await Task.sleep(for: period)
      }
      return (takes, response.call.openedStream?.receiveWindowSize, messageLength)
    }
  }

  /// Checks the takes from `first` on: each frame was captured no earlier than about two takes
  /// before it was taken (`bufferedMessages + 1` periods, here measured on the takes' real
  /// times, so a stretched sleep does not count against it), at most three frames were in
  /// flight or waiting (one taken next, one behind it, one being sent), and what waited in the
  /// call and what the server could still send were each about one frame.
  static func checkFresh(
    _ takes: [Take], from first: Int, frame: Int, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let margin: Int64 = 250_000_000
    for index in max(first, 2)..<takes.count {
      let take = takes[index]
      let age = take.at - take.captured
      let bound = take.at - takes[index - 2].at + margin
      #expect(
        age <= bound,
        "take \(index) (frame \(take.frameID)): \(age / 1_000_000) ms old, more than the two periods before it",
        sourceLocation: sourceLocation)
      #expect(
        take.lag <= 3, "take \(index): \(take.lag) frames sent and not taken, not about two",
        sourceLocation: sourceLocation)
      #expect(
        take.bufferedBytes <= 2 * frame + 64, "take \(index): \(take.bufferedBytes) bytes waiting",
        sourceLocation: sourceLocation)
      #expect(
        take.peerWindow <= frame + 64, "take \(index): the server could still send \(take.peerWindow) bytes",
        sourceLocation: sourceLocation)
    }
  }

  @Test(
    "1280x720, default window: after the first hold, each frame is about two periods old, one more in flight at most",
    .timingSensitive)
  func defaultWindow() async throws {
    // Until the first frame's length prefix the server has the whole 16 MiB initial window,
    // which cannot be taken back: the first hold may queue up to four frames (the transient,
    // the first five takes). From then on the window is one frame.
    try await withServer { server, channel in
      let (takes, windowSize, length) = try await Self.slowTakes(count: 11, server: server, channel: channel)
      #expect(takes.count == 11)
      #expect(windowSize == length + 5, "the stream's window is one message with its prefix")
      #expect(takes.map(\.frameID) == takes.map(\.frameID).sorted(), "frame ids increase")
      Self.checkFresh(takes, from: 6, frame: Self.frame720)
    }
  }

  @Test(
    "1280x720, a 1 MiB initial window: fresh from the first hold on, the window grown to one frame",
    .timingSensitive)
  func smallInitialWindow() async throws {
    var configuration = ChannelConfiguration()
    configuration.initialStreamWindowSize = 1 << 20
    try await withServer(channelConfiguration: configuration) { server, channel in
      let (takes, windowSize, length) = try await Self.slowTakes(count: 7, server: server, channel: channel)
      #expect(takes.count == 7)
      #expect(windowSize == length + 5, "the window grew from 1 MiB to one message")
      Self.checkFresh(takes, from: 1, frame: Self.frame720)
    }
  }

  @Test(
    "3840x2160: the window grows past 16 MiB to one 33 MB frame, and a slow consumer's frames stay fresh",
    .timingSensitive)
  func largeFrames() async throws {
    try await withServer { server, channel in
      let (takes, windowSize, length) = try await Self.slowTakes(
        count: 5, server: server, channel: channel, request: CameraFrames.request(width: 3840, height: 2160))
      #expect(takes.count == 5)
      #expect(length > 33_177_600)
      #expect(windowSize == length + 5, "the stream's window is one 33 MB message, more than 16 MiB")
      Self.checkFresh(takes, from: 1, frame: 33_177_600)
    }
  }

  @Test("small messages keep a window of at least 1 MiB: 100 Echo/ServerStream messages of 1 KiB arrive")
  func smallMessagesKeepMinimum() async throws {
    try await withServer { _, channel in
      let (count, windowSize) = try await channel.serverStreamingRaw(
        echoServerStream, request: EchoStreams.serverStreamRequest(count: 100, size: 1024)
      ) { response in
        var count = 0
        for try await message in response.messages where message == EchoStreams.message(index: count, size: 1024) {
          count += 1
        }
        return (count, response.call.openedStream?.receiveWindowSize)
      }
      #expect(count == 100)
      #expect(windowSize == ResponseWindow.minimum)
    }
  }
}
