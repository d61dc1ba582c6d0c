import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Camera over real sockets")
struct CameraTests {
  @Test(
    "frames(): the display's size, frame ids 0, 1, 2..., every pixel the documented scene; leaving the loop cancels")
  func frames() async throws {
    try await withMod({
      $0.cameraWidth = 64; $0.cameraHeight = 48
    }) { mod, server in
      let before = Int64(Date().timeIntervalSince1970 * 1e9)
      let seen = try await mod.camera.frames { frames in
        var seen: [CameraFrame] = []
        for try await frame in frames {
          seen.append(frame)
          if seen.count == 5 { break }
        }
        return seen
      }
      #expect(seen.map(\.frameID) == [0, 1, 2, 3, 4])
      let after = Int64(Date().timeIntervalSince1970 * 1e9)
      for frame in seen {
        #expect(frame.width == 64 && frame.height == 48 && frame.bytesPerRow == 256)
        #expect(frame.pixels.count == 64 * 48 * 4)
        #expect(framePixelsMatch(frame), "frame \(frame.frameID)")
        // The capture's wall-clock time: during this test (within a millisecond of rounding).
        #expect(
          frame.unixNanos >= before - 1_000_000 && frame.unixNanos <= after,
          "\(frame.unixNanos) not in \(before)...\(after)")
      }
      #expect(await serverSawCancel(server, path: TestServer.Path.cameraStreamFrames))
      let call = try #require(await endedStreamingCall(server, path: TestServer.Path.cameraStreamFrames))
      #expect(call.ended)
    }
  }

  @Test("shot(): the first frame, then the stream is cancelled (the server sees RST_STREAM)")
  func shotCancels() async throws {
    try await withMod({
      $0.cameraWidth = 32; $0.cameraHeight = 8
    }) { mod, server in
      let frame = try await mod.camera.shot()
      #expect(frame.frameID == 0 && frame.width == 32 && frame.height == 8)
      #expect(framePixelsMatch(frame))
      #expect(await serverSawCancel(server, path: TestServer.Path.cameraStreamFrames))
      let call = try #require(await endedStreamingCall(server, path: TestServer.Path.cameraStreamFrames))
      #expect(call.ended, "the server's call is over")
    }
  }

  @Test("shot() on a stream that ends OK before any frame: UnexpectedReplyError; with a status: that RPCError")
  func shotWithoutFrame() async throws {
    try await withMod({
      $0.failures[TestServer.Path.cameraStreamFrames] = CallFailure(
        code: .failedPrecondition, message: "PushedFrameCameraBridge has been disposed.")
    }) { mod, _ in
      let error = await expectRPCError { _ = try await mod.camera.shot() }
      #expect(error?.code == .failedPrecondition)
      #expect(error?.message == "PushedFrameCameraBridge has been disposed.")
    }
    try await withMod({ $0.failures[TestServer.Path.cameraStreamFrames] = CallFailure(code: .ok, message: "") }) {
      mod, _ in
      _ = await #expect(throws: UnexpectedReplyError.self) { _ = try await mod.camera.shot() }
    }
  }

  @Test("a size change mid-stream (Display.Apply during the stream): later frames have the new size and its pixels")
  func sizeChange() async throws {
    // Paced at 100 fps: unpaced, thousands of these 4.8 KB frames fit in the 16 MiB window,
    // all captured before the Apply.
    try await withMod({
      $0.cameraWidth = 40; $0.cameraHeight = 30; $0.cameraFPS = 100
    }) { mod, _ in
      // The frames captured before the Apply are read first, however many a loaded machine
      // lets pile up in the window: the loop ends at the new size, or gives up after a bound.
      let giveUp = ContinuousClock.now + noHangBound
      let sizes = try await mod.camera.frames { frames in
        var sizes: [(Int, Int)] = []
        for try await frame in frames {
          #expect(framePixelsMatch(frame), "frame \(frame.frameID) at \(frame.width)x\(frame.height)")
          sizes.append((frame.width, frame.height))
          if sizes.count == 2 { try await mod.display.apply(width: 24, height: 10) }
          if frame.width == 24 { break }
          if ContinuousClock.now > giveUp { break }
        }
        return sizes
      }
      #expect(sizes.first! == (40, 30))
      #expect(sizes.last! == (24, 10))
      // Sizes only ever go from the old to the new one.
      let firstNew = try #require(sizes.firstIndex { $0 == (24, 10) })
      #expect(sizes[..<firstNew].allSatisfy { $0 == (40, 30) })
    }
  }

  /// What ``slowRead(count:period:streamWindow:)`` saw.
  struct SlowRead {
    /// The ids of the frames taken.
    var ids: [Int64]
    /// Each frame's age when taken, in nanoseconds.
    var ages: [Int64]
    /// The time since the previous take, in nanoseconds: the period as it really was (a loaded
    /// machine stretches it).
    var periods: [Int64]
    /// The growth of this process's resident memory meanwhile, in bytes.
    var growth: Int
    /// Whether this process ran on time meanwhile (``SchedulingProbe``): the ages and the memory
    /// growth mean something only then (a starved consumer's sleeps last seconds and its frames
    /// age with them; the process's memory is shared with every test running beside this one).
    var ranOnTime: Bool
  }

  /// Takes `count` frames, sleeping `period` after each, from a server capturing FHD at 30 fps,
  /// on a client with `streamWindow` as its initial stream window (nil: the default).
  static func slowRead(count: Int, period: Duration, streamWindow: UInt32? = nil) async throws -> SlowRead {
    try await withServer({
      $0.cameraWidth = 1920; $0.cameraHeight = 1080; $0.cameraFPS = 30
    }) { server, _ in
      var configuration = ChannelConfiguration()
      if let streamWindow { configuration.initialStreamWindowSize = streamWindow }
      let client = ResoniteClient(socketPath: server.socketPath, configuration: configuration, probeTimeout: .zero)
      try await client.connect()
      let probe = SchedulingProbe()
      let before = ProcessMetrics.residentBytes()
      var peak = before
      var read = SlowRead(ids: [], ages: [], periods: [], growth: 0, ranOnTime: false)
      do {
        try await client.camera.frames { frames in
          var previous: Int64?
          for try await frame in frames {
            let now = Int64(Date().timeIntervalSince1970 * 1e9)
            read.ids.append(frame.frameID)
            read.ages.append(now - frame.unixNanos)
            read.periods.append(previous.map { now - $0 } ?? 0)
            previous = now
            peak = max(peak, ProcessMetrics.residentBytes())
            if read.ids.count == count { break }
            try await Task.sleep(for: period)
          }
        }
      } catch {
        await client.close()
        throw error
      }
      await client.close()
      read.growth = peak - before
      read.ranOnTime = probe.ranOnTime()
      return read
    }
  }

  @Test(
    "a slow consumer gets fresh frames (ids skip) and memory stays bounded: FHD at 30 fps read every 250 ms",
    .timingSensitive)
  func slowConsumer() async throws {
    let read = try await Self.slowRead(count: 10, period: .milliseconds(250))
    // The pipeline holds 1 buffered frame plus what fits the 16 MiB stream window (2 FHD
    // frames): after those, each frame taken is the latest capture, about 7 captures on.
    let gaps = zip(read.ids, read.ids.dropFirst()).map { $1 - $0 }
    #expect(gaps.filter { $0 >= 3 }.count >= 3, "frame ids \(read.ids): a slow reader skips frames, it gets no backlog")
    if read.ranOnTime {
      #expect(
        read.ages.allSatisfy { $0 < 1_300_000_000 }, "frame ages (ns) \(read.ages): at most the pipeline's depth old")
      #expect(read.growth < 200 << 20, "resident memory grew by \(read.growth >> 20) MiB for 8 MB frames")
    }
  }

  @Test(
    "a smaller stream window makes a slow consumer's frames fresher (1 MiB window: under 2 periods old)",
    .timingSensitive)
  func slowConsumerSmallWindow() async throws {
    let read = try await Self.slowRead(count: 8, period: .milliseconds(250), streamWindow: 1 << 20)
    if read.ranOnTime {
      #expect(
        read.ages.dropFirst(2).allSatisfy { $0 < 560_000_000 },
        "frame ages (ns) \(read.ages), periods \(read.periods), ids \(read.ids)")
      #expect(read.growth < 120 << 20, "resident memory grew by \(read.growth >> 20) MiB")
    }
  }

  @Test("fpsLimit is sent: 5 frames at fps_limit 20 take at least 4 intervals")
  func fpsLimit() async throws {
    try await withMod({
      $0.cameraWidth = 16; $0.cameraHeight = 16
    }) { mod, _ in
      let clock = ContinuousClock()
      let start = clock.now
      let count = try await mod.camera.frames(fpsLimit: 20) { frames in
        var count = 0
        for try await _ in frames {
          count += 1
          if count == 5 { break }
        }
        return count
      }
      #expect(count == 5)
      #expect(start.duration(to: clock.now) >= .milliseconds(190))
    }
  }

  @Test("the stream's end: a status after N frames is thrown by the loop; the server dying mid-stream is UNAVAILABLE")
  func streamEnds() async throws {
    try await withMod({
      $0.cameraWidth = 8; $0.cameraHeight = 8
      $0.streaming.endAfterMessages = .init(
        messages: 3, status: Status(code: .internalError, message: "Camera bridge faulted: boom"))
    }) { mod, _ in
      var count = 0
      let error = await expectRPCError {
        try await mod.camera.frames { frames in
          for try await _ in frames { count += 1 }
        }
      }
      #expect(count == 3)
      #expect(error?.code == .internalError && error?.message == "Camera bridge faulted: boom")
    }
    try await withMod({
      $0.cameraWidth = 8; $0.cameraHeight = 8; $0.streaming.dieAfterMessages = 2
    }) { mod, _ in
      let error = await expectRPCError {
        try await mod.camera.frames { frames in
          for try await _ in frames {}
        }
      }
      #expect(error?.code == .unavailable)
    }
  }

  @Test("task cancellation while waiting for a frame cancels the RPC at once")
  func taskCancellation() async throws {
    try await withMod({
      $0.cameraWidth = 8; $0.cameraHeight = 8; $0.cameraFPS = 1
    }) { mod, server in
      let task = Task {
        try await mod.camera.frames { frames in
          for try await _ in frames {}
        }
      }
      #expect(
        await server.waitUntil(timeout: eventuallyBound) {
          $0.streamingCalls(path: TestServer.Path.cameraStreamFrames).count == 1
        })
      try await Task.sleep(for: .milliseconds(100))
      let clock = ContinuousClock()
      let start = clock.now
      task.cancel()
      let result = await task.result
      if case .success = result { Issue.record("the cancelled frames loop ended without an error") }
      // Frames keep coming (1 fps): only the cancellation ends the loop.
      #expect(start.duration(to: clock.now) < noHangBound)
      #expect(await serverSawCancel(server, path: TestServer.Path.cameraStreamFrames))
    }
  }

  @Test("the closed loop: turning left shifts the image right, exactly as the pose predicts")
  func closedLoop() async throws {
    try await withMod({
      $0.cameraWidth = 320; $0.cameraHeight = 64
    }) { mod, server in
      let before = try await mod.camera.shot()
      #expect(framePixelsMatch(before))
      let clock = ContinuousClock()
      var turning = Duration.zero
      try await mod.locomotion.drive { driver in
        let start = clock.now
        try await driver.send(yawRate: -90)  // left
        try await Task.sleep(for: .milliseconds(300))
        try await driver.send(yawRate: 0)
        turning = start.duration(to: clock.now)
      }
      #expect(await eventually { server.mod.locomotion.drives.last?.end == .halfClosed })
      let pose = server.mod.locomotion.pose
      // 90°/s for the 300 ms sleep, or as long as a loaded machine stretched it.
      let longest = 90 * (Double(turning.components.seconds) + Double(turning.components.attoseconds) / 1e18)
      #expect(pose.yaw < -10 && pose.yaw > -longest - 5, "yaw \(pose.yaw) after turning for \(turning)")
      let shifts = (CameraFrames.horizontalShift(yaw: pose.yaw), CameraFrames.verticalShift(pitch: pose.pitch))
      let after = try await mod.camera.shot()
      #expect(framePixelsMatch(after, shifts: shifts), "the frame is the scene at yaw \(pose.yaw)")
      // Content seen at x before is now at x + d: the scene moved right.
      let d = -shifts.0
      #expect(d > 20)
      for x in stride(from: 0, to: 320 - d, by: 7) {
        #expect(after.pixel(x: x + d, y: 5).r == before.pixel(x: x, y: 5).r)
      }
    }
  }

  @Test("CameraFrame decodes in place: its pixels are the received buffer's bytes, not a copy")
  func decodeWithoutCopy() throws {
    var message: [UInt8] = [0x08, 2, 0x10, 1, 0x18, 1, 0x20, 5, 0x28, 7, 0x32, 8]
    message += [1, 2, 3, 4, 5, 6, 7, 8]
    message += [0x48, 1]  // an unknown field is skipped
    let frame = try CameraFrame(decoding: message)
    #expect(frame.width == 2 && frame.height == 1 && frame.unixNanos == 5 && frame.frameID == 7)
    #expect(frame.pixel(x: 1, y: 0) == CameraFrame.Pixel(r: 5, g: 6, b: 7, a: 8))
    #expect(frame.copyPixels() == [1, 2, 3, 4, 5, 6, 7, 8])
    #expect(Array(frame.row(0)) == [1, 2, 3, 4, 5, 6, 7, 8])
    let framePointer = frame.withUnsafePixels { $0.baseAddress }
    let storagePointer = message.withUnsafeBytes { $0.baseAddress! + 12 }
    #expect(framePointer == UnsafeRawPointer(storagePointer), "withUnsafePixels points into the message")
    let slicePointer = frame.pixels.withUnsafeBytes { $0.baseAddress }
    #expect(slicePointer == UnsafeRawPointer(storagePointer), "pixels is a view of the message")
  }

  @Test("malformed frames are UnexpectedReplyError: wrong pixel count, other format, truncated, sizes that overflow")
  func malformed() {
    // 2^31 - 1 by 2^31 - 1: width · height · 4 overflows Int64; refused, not a trap.
    let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x07]
    #expect(throws: UnexpectedReplyError.self) {
      try CameraFrame(decoding: [0x08] + huge + [0x10] + huge + [0x32, 4, 1, 2, 3, 4])
    }
    #expect(throws: UnexpectedReplyError.self) { try CameraFrame(decoding: [0x08, 2, 0x10, 2, 0x32, 4, 1, 2, 3, 4]) }
    #expect(throws: UnexpectedReplyError.self) {
      try CameraFrame(decoding: [0x08, 1, 0x10, 1, 0x18, 2, 0x32, 4, 1, 2, 3, 4])
    }
    #expect(throws: UnexpectedReplyError.self) { try CameraFrame(decoding: [0x08, 1, 0x10, 1, 0x32, 9, 1]) }
  }
}
