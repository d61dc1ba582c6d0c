import Foundation
import ResoniteTestServer
import ResoniteTransport
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

@Suite("Streaming calls: large messages and flow control")
struct StreamingFlowControlTests {
  static let frameBytes = 33_177_600  // 3840 x 2160 RGBA8

  @Test("33 MB messages server to client: two Echo/ServerStream messages, byte-exact")
  func largeServerToClient() async throws {
    try await withServer { _, channel in
      let size = Self.frameBytes
      let matched = try await streamEchoMessages(on: channel, count: 2, size: size)
      #expect(matched == 2)
    }
  }

  @Test("33 MB messages client to server: two messages, the server's count, size and hash match")
  func largeClientToServer() async throws {
    try await withServer { _, channel in
      let messages = [
        EchoStreams.message(index: 1, size: Self.frameBytes), EchoStreams.message(index: 2, size: Self.frameBytes),
      ]
      let response = try await channel.clientStreamingRaw(echoClientStream) { writer in
        for message in messages { try await writer.send(message) }
      }
      let summary = try #require(EchoStreams.parseSummary(response.message))
      #expect(summary.count == 2)
      #expect(summary.bytes == 2 * Self.frameBytes)
      #expect(summary.hash == fnvHash(messages))
    }
  }

  @Test("33 MB camera frames (3840x2160): header fields and pixels as documented, frame_id 0, 1")
  func largeCameraFrames() async throws {
    try await withServer { _, channel in
      let frames = try await channel.serverStreamingRaw(
        cameraStreamFrames, request: CameraFrames.request(width: 3840, height: 2160)
      ) { response in
        var frames: [Int64] = []
        for try await message in response.messages {
          let frame = try #require(CameraFrames.decode(message))
          #expect(frame.width == 3840 && frame.height == 2160 && frame.format == 1)
          #expect(message.count - frame.pixels.lowerBound == Self.frameBytes)
          checkCameraPixels(message, frame)
          frames.append(frame.frameID)
          if frames.count == 2 { break }
        }
        return frames
      }
      #expect(frames == [0, 1])
    }
  }

  @Test("camera frames at the configured size (--camera-size) when the request asks for 0x0")
  func cameraDefaultSize() async throws {
    try await withServer({
      $0.cameraWidth = 64
      $0.cameraHeight = 48
    }) { _, channel in
      let before = unixNanosNow()
      let ids = try await channel.serverStreamingRaw(cameraStreamFrames, request: CameraFrames.request()) { response in
        var ids: [Int64] = []
        for try await message in response.messages {
          let frame = try #require(CameraFrames.decode(message))
          #expect(frame.width == 64 && frame.height == 48)
          #expect(frame.unixNanos >= before && frame.unixNanos <= unixNanosNow())
          checkCameraPixels(message, frame)
          ids.append(frame.frameID)
          if ids.count == 300 { break }
        }
        return ids
      }
      #expect(ids == Array(0..<300), "unpaced frames are numbered without gaps")
    }
  }

  @Test(
    "a consumer that stops reading stops the server: client memory stays bounded, the server's window closes",
    .timingSensitive)
  func slowConsumerBoundsMemory() async throws {
    // Unpaced 1280x720 frames (3.7 MB): without backpressure the server would push about a GB
    // per second into the client.
    try await withServer { server, channel in
      let window = Int(channel.configuration.initialStreamWindowSize)
      let (peakBuffered, peakHeld, taken) = try await channel.serverStreamingRaw(
        cameraStreamFrames, request: CameraFrames.request()
      ) { response in
        var iterator = response.messages.makeAsyncIterator()
        _ = try await iterator.next()
        var peakBuffered = 0
        var peakHeld = 0
        // Stop reading for 1.5 s, watching what the call holds.
        for _ in 0..<30 {
          try await Task.sleep(for: .milliseconds(50))
          peakBuffered = max(peakBuffered, response.call.bufferedMessageBytes)
          peakHeld = max(peakHeld, response.call.openedStream?.heldReceiveBytes ?? 0)
        }
        var taken = 1
        while taken < 5, try await iterator.next() != nil { taken += 1 }
        return (peakBuffered, peakHeld, taken)
      }
      let frame = 1280 * 720 * 4
      #expect(taken == 5, "the stream goes on once the consumer reads again")
      #expect(peakHeld > 0, "the window was held")
      #expect(peakHeld <= window, "never more than one stream window held")
      #expect(peakBuffered <= window + 2 * frame, "buffered messages stay within a window plus a message")
      // What this stream holds is bounded above; the process's resident memory is not a
      // measure of it, shared as it is with every test running at the same time.
      let record = try #require(server.observations.streamingCalls(path: TestServer.Path.cameraStreamFrames).first)
      #expect(record.windowStalls >= 1, "the server saw its send window close")
      #expect(record.messagesSent < 40, "the server sent \(record.messagesSent) frames, not a backlog")
    }
  }

  @Test("a slow consumer of paced frames gets fresh frames: frame_ids skip, frames are recent", .timingSensitive)
  func slowConsumerGetsFreshFrames() async throws {
    var channelConfiguration = ChannelConfiguration()
    channelConfiguration.initialStreamWindowSize = 1 << 20
    try await withServer(
      {
        $0.cameraWidth = 640
        $0.cameraHeight = 480
        $0.cameraFPS = 200
      }, channelConfiguration: channelConfiguration
    ) { _, channel in
      let probe = SchedulingProbe()
      let (ids, ages) = try await channel.serverStreamingRaw(cameraStreamFrames, request: CameraFrames.request()) {
        response in
        var ids: [Int64] = []
        var ages: [Int64] = []
        var previous: Int64?
        for try await message in response.messages {
          let frame = try #require(CameraFrames.decode(message))
          let now = unixNanosNow()
          ids.append(frame.frameID)
          // Its age beyond the time since the previous take (when the window last had room,
          // 50 ms ago unless a loaded machine stretched the sleep).
          ages.append(now - frame.unixNanos - (previous.map { now - $0 } ?? 0))
          previous = now
          if ids.count == 24 { break }
          try await Task.sleep(for: .milliseconds(50))
        }
        return (ids, ages)
      }
      #expect(ids == ids.sorted(), "frame ids increase")
      let lastGaps = zip(ids.suffix(10), ids.suffix(9)).map { $1 - $0 }
      let meanGap = Double(lastGaps.reduce(0, +)) / Double(lastGaps.count)
      #expect(meanGap > 3, "frames were skipped, not queued: ids \(ids)")
      let medianAge = ages.suffix(12).sorted()[6]
      if probe.ranOnTime() {  // a starved consumer's frames age with its stretched sleeps
        #expect(medianAge < 1_000_000_000, "median frame age beyond the period \(medianAge / 1_000_000) ms")
      }
    }
  }

  @Test(
    "held streams never starve the connection: five unread camera streams, and a 100 MB stream beside them completes",
    .timingSensitive)
  func heldStreamsDoNotStarveOthers() async throws {
    try await withServer { _, channel in
      // Five streams whose consumers never read: each holds its stream window (one 2560x1440
      // frame, 14.7 MB), 74 MB in all, more than the 64 MiB connection window.
      let held = (0..<5).map { _ in
        Task {
          try await channel.serverStreamingRaw(
            cameraStreamFrames, request: CameraFrames.request(width: 2560, height: 1440)
          ) { response in
            var iterator = response.messages.makeAsyncIterator()
            _ = try await iterator.next()
            try await Task.sleep(for: .seconds(60))
          }
        }
      }
      try await Task.sleep(for: .milliseconds(500))
      let received = try await channel.serverStreamingRaw(
        echoServerStream, request: EchoStreams.serverStreamRequest(count: 100, size: 1 << 20),
        options: CallOptions(timeout: noHangBound)
      ) { response in
        var bytes = 0
        for try await message in response.messages { bytes += message.count }
        return bytes
      }
      #expect(received == 100 << 20)
      for task in held { task.cancel() }
      for task in held { _ = await task.result }
    }
  }
}
