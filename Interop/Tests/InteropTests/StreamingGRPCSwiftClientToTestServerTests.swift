import InteropSupport
import ResoniteGRPC
import ResoniteTestServer
import Synchronization
import Testing

/// B, streaming. A grpc-swift 2 client's server-, client- and bidi-streaming calls against our
/// nghttp2 test server's streaming handlers (`Camera/StreamFrames`, `Echo/ServerStream`,
/// `Echo/ClientStream`, `Echo/BidiStream`) and knobs, over a real Unix domain socket. Each call
/// has a deadline (30 s unless the test sets one).
@Suite("B. grpc-swift client streaming -> our nghttp2 test server", .serialized, .timeLimit(.minutes(3)))
struct StreamingGRPCSwiftClientToTestServerTests {
  /// A camera frame at 3840x2160 RGBA: the largest message the mod sends.
  static let frameSize = 3840 * 2160 * 4

  private func withServer(
    _ configure: (inout TestServer.Configuration) -> Void = { _ in },
    _ body: (TestServer, GRPCSwiftInteropClient) async throws -> Void
  ) async throws {
    try await withTestServerAndGRPCSwiftClient(configure, body)
  }

  private static func split(_ path: String) -> (service: String, method: String) { serviceAndMethod(path) }

  private static let camera = split(TestServer.Path.cameraStreamFrames)
  private static let serverStream = split(TestServer.Path.echoServerStream)
  private static let clientStream = split(TestServer.Path.echoClientStream)
  private static let bidiStream = split(TestServer.Path.echoBidiStream)

  /// The one streaming call to `path` the server saw, once it has ended (waits up to 5 s).
  private static func endedCall(_ server: TestServer, path: String) async -> RecordedStreamingCall? {
    await server.waitUntil(timeout: .seconds(5)) { $0.streamingCalls(path: path).last?.ended == true }
    return server.observations.streamingCalls(path: path).last
  }

  /// True when the server received RST_STREAM(CANCEL) for `call`'s stream.
  private static func sawCancel(_ server: TestServer, of call: RecordedStreamingCall) async -> Bool {
    await server.waitUntil(timeout: .seconds(5)) { observations in
      observations.resets.contains {
        $0.connectionID == call.connectionID && $0.streamID == call.streamID && $0.errorCode == .cancel
      }
    }
  }

  /// Checks a decoded camera frame against the documented pixel function: every pixel when
  /// `everyPixel`, else the first and last rows and a stride of the rest.
  private static func pixelsMatch(_ bytes: [UInt8], _ frame: CameraFrames.Frame, everyPixel: Bool) -> Bool {
    let width = Int(frame.width)
    let height = Int(frame.height)
    guard frame.pixels.count == width * height * 4 else { return false }
    return bytes.withUnsafeBufferPointer { all in
      func check(_ x: Int, _ y: Int) -> Bool {
        let offset = frame.pixels.lowerBound + (y * width + x) * 4
        let expected = CameraFrames.pixel(x: x, y: y, frameID: frame.frameID)
        return all[offset] == expected.r && all[offset + 1] == expected.g && all[offset + 2] == expected.b
          && all[offset + 3] == expected.a
      }
      if everyPixel {
        for y in 0..<height {
          for x in 0..<width where !check(x, y) { return false }
        }
        return true
      }
      for y in [0, height - 1] {
        for x in 0..<width where !check(x, y) { return false }
      }
      var index = 0
      while index < width * height {
        if !check(index % width, index / width) { return false }
        index += 7_919
      }
      return true
    }
  }

  // MARK: server-streaming

  @Test(
    "Camera/StreamFrames: frames of the configured size, frame_id 0, 1, 2..., every pixel as documented; leaving cancels"
  )
  func cameraSmall() async throws {
    try await withServer({
      $0.cameraWidth = 64
      $0.cameraHeight = 48
    }) { server, client in
      let frames = Mutex<[CameraFrames.Frame]>([])
      let good = Mutex(0)
      let taken = try await client.serverStreamRaw(
        service: Self.camera.service, method: Self.camera.method, request: CameraFrames.request()
      ) { message in
        guard let frame = CameraFrames.decode(message) else { return false }
        frames.withLock { $0.append(frame) }
        if Self.pixelsMatch(message, frame, everyPixel: true) { good.withLock { $0 += 1 } }
        return frames.withLock { $0.count } < 10
      }
      #expect(taken == 10)
      let seen = frames.withLock { $0 }
      #expect(seen.map(\.frameID) == Array(0..<10))
      #expect(seen.allSatisfy { $0.width == 64 && $0.height == 48 && $0.format == 1 && $0.unixNanos > 0 })
      #expect(good.withLock { $0 } == 10, "frames whose pixels differ from the documented function")
      // The camera never ends on its own: leaving the stream must have reset it.
      let call = try #require(await Self.endedCall(server, path: TestServer.Path.cameraStreamFrames))
      #expect(await Self.sawCancel(server, of: call))
    }
  }

  @Test("Camera/StreamFrames at 3840x2160 (33 MB frames), the size the request asks for")
  func cameraLarge() async throws {
    try await withServer { server, client in
      let frames = Mutex<[CameraFrames.Frame]>([])
      let good = Mutex(0)
      let taken = try await client.serverStreamRaw(
        service: Self.camera.service, method: Self.camera.method,
        request: CameraFrames.request(width: 3840, height: 2160)
      ) { message in
        guard let frame = CameraFrames.decode(message) else { return false }
        frames.withLock { $0.append(frame) }
        if Self.pixelsMatch(message, frame, everyPixel: false) { good.withLock { $0 += 1 } }
        return frames.withLock { $0.count } < 3
      }
      #expect(taken == 3)
      let seen = frames.withLock { $0 }
      #expect(seen.map(\.frameID) == [0, 1, 2])
      #expect(seen.allSatisfy { $0.width == 3840 && $0.height == 2160 && $0.pixels.count == Self.frameSize })
      #expect(good.withLock { $0 } == 3)
      let call = try #require(await Self.endedCall(server, path: TestServer.Path.cameraStreamFrames))
      #expect(await Self.sawCancel(server, of: call))
    }
  }

  @Test(
    "Echo/ServerStream: every message in order, byte-exact, then OK",
    arguments: [(count: 300, size: 0), (count: 300, size: 97), (count: 40, size: 70_000), (count: 3, size: frameSize)])
  func serverStreaming(count: Int, size: Int) async throws {
    try await withServer { _, client in
      let received = Mutex(0)
      let matched = Mutex(0)
      let taken = try await client.serverStreamRaw(
        service: Self.serverStream.service, method: Self.serverStream.method,
        request: EchoStreams.serverStreamRequest(count: count, size: size)
      ) { message in
        let index = received.withLock { value in
          defer { value += 1 }
          return value
        }
        if Payload.equal(message, EchoStreams.message(index: index, size: size)) { matched.withLock { $0 += 1 } }
        return true
      }
      #expect(taken == count)
      #expect(matched.withLock { $0 } == count, "messages that differ or are out of order")
    }
  }

  @Test("An error status after N messages (the end-after knob) reaches grpc-swift after them, exactly")
  func serverStreamingErrorMidStream() async throws {
    let message = "ended by the knob: ünïcödé 100% 世界"
    try await withServer({
      $0.streaming.endAfterMessages = .init(messages: 3, status: Status(code: .dataLoss, message: message))
    }) { _, client in
      let received = Mutex(0)
      let error = await #expect(throws: InteropStatus.self) {
        _ = try await client.serverStreamRaw(
          service: Self.serverStream.service, method: Self.serverStream.method,
          request: EchoStreams.serverStreamRequest(count: 10, size: 100)
        ) { _ in
          received.withLock { $0 += 1 }
          return true
        }
      }
      #expect(received.withLock { $0 } == 3)
      #expect(error?.code == StatusCode.dataLoss.rawValue)
      #expect(error?.message == message)
    }
  }

  @Test("A deadline ends a live camera stream with DEADLINE_EXCEEDED on time; the server's call ends")
  func serverStreamingDeadline() async throws {
    try await withServer({
      $0.cameraWidth = 32
      $0.cameraHeight = 32
      $0.cameraFPS = 20
    }) { server, client in
      let clock = ContinuousClock()
      let start = clock.now
      let received = Mutex(0)
      let error = await #expect(throws: InteropStatus.self) {
        _ = try await client.serverStreamRaw(
          service: Self.camera.service, method: Self.camera.method, request: CameraFrames.request(),
          timeout: .milliseconds(500)
        ) { _ in
          received.withLock { $0 += 1 }
          return true
        }
      }
      let elapsed = clock.now - start
      #expect(error?.code == StatusCode.deadlineExceeded.rawValue)
      #expect(received.withLock { $0 } >= 1, "no frame arrived before the deadline")
      #expect(elapsed >= .milliseconds(490))
      #expect(elapsed < .seconds(5), "DEADLINE_EXCEEDED took \(elapsed)")
      let call = await Self.endedCall(server, path: TestServer.Path.cameraStreamFrames)
      #expect(call?.ended == true, "the server's camera call did not end after the deadline")
    }
  }

  @Test("The server dying mid-stream (die knob) fails the grpc-swift call with UNAVAILABLE")
  func serverDiesMidStream() async throws {
    try await withServer({ $0.streaming.dieAfterMessages = 2 }) { _, client in
      let clock = ContinuousClock()
      let start = clock.now
      let error = await #expect(throws: InteropStatus.self) {
        _ = try await client.serverStreamRaw(
          service: Self.serverStream.service, method: Self.serverStream.method,
          request: EchoStreams.serverStreamRequest(count: 1_000, size: 1_000)
        ) { _ in true }
      }
      #expect(error?.code == StatusCode.unavailable.rawValue)
      #expect(clock.now - start < .seconds(10))
    }
  }

  // MARK: client-streaming

  @Test(
    "Echo/ClientStream: the server counts and hashes every message in order",
    arguments: [
      (count: 200, size: 0), (count: 200, size: 131), (count: 20, size: 100_000), (count: 2, size: frameSize),
    ])
  func clientStreaming(count: Int, size: Int) async throws {
    try await withServer { server, client in
      let messages = (0..<count).map { InteropContract.streamMessage(size: size, seed: 11, index: $0) }
      var hash = EchoStreams.fnvOffsetBasis
      for message in messages { EchoStreams.fnv1a(message, into: &hash) }
      let response = try await client.clientStreamRaw(
        service: Self.clientStream.service, method: Self.clientStream.method, messages: messages)
      let summary = try #require(EchoStreams.parseSummary(response))
      #expect(summary.count == count)
      #expect(summary.bytes == count * size)
      #expect(summary.hash == hash)
      let call = await Self.endedCall(server, path: TestServer.Path.echoClientStream)
      #expect(call?.requestEnd == .halfClosed)
      #expect(call?.messagesReceived == count)
    }
  }

  @Test("Client-streaming cancelled by grpc-swift mid-stream: the server sees RST_STREAM(CANCEL), not a half-close")
  func clientStreamingCancel() async throws {
    try await withServer { server, client in
      let messages = (0..<3).map { InteropContract.streamMessage(size: 300, seed: 1, index: $0) }
      let watcher = Task {
        await server.waitUntil(timeout: .seconds(10)) {
          $0.streamingCalls(path: TestServer.Path.echoClientStream).last?.messagesReceived == 3
        }
      }
      await #expect(throws: InteropStatus.self) {
        _ = try await client.clientStreamRaw(
          service: Self.clientStream.service, method: Self.clientStream.method, messages: messages,
          cancelAfter: 3, cancelDelay: .milliseconds(300))
      }
      #expect(await watcher.value, "the server did not receive the three messages before the cancel")
      let call = try #require(await Self.endedCall(server, path: TestServer.Path.echoClientStream))
      #expect(call.requestEnd == .reset(.cancel))
      #expect(call.messagesReceived == 3)
    }
  }

  @Test("Client-streaming: a handler's error status while grpc-swift is still sending reaches it, exactly")
  func clientStreamingErrorMidStream() async throws {
    let message = "client stream refused after two: ✓ 50%"
    let path = "/resonite_io.test.Interop/FailAfterTwo"
    try await withServer({
      $0.streamingHandlers[path] = {
        FailAfterRequests(count: 2, status: Status(code: .permissionDenied, message: message))
      }
    }) { server, client in
      let method = Self.split(path)
      let error = await #expect(throws: InteropStatus.self) {
        _ = try await client.clientStreamRaw(
          service: method.service, method: method.method,
          messages: (0..<100).map { InteropContract.streamMessage(size: 1_000, seed: 2, index: $0) },
          interval: .milliseconds(10))
      }
      #expect(error?.code == StatusCode.permissionDenied.rawValue)
      #expect(error?.message == message)
      // The status came while grpc-swift was still sending (a message every 10 ms for 1 s).
      // (How grpc-swift then ends its request stream varies: END_STREAM or RST_STREAM.)
      let call = await Self.endedCall(server, path: path)
      #expect(call?.ended == true)
      #expect((call?.messagesReceived ?? 100) < 100)
    }
  }

  // MARK: bidi

  @Test(
    "Echo/BidiStream: each echo arrives before the next request is sent (lockstep), then OK",
    arguments: [(count: 50, size: 64), (count: 2, size: frameSize)])
  func bidiLockstep(count: Int, size: Int) async throws {
    try await withServer { server, client in
      let messages = (0..<count).map { InteropContract.streamMessage(size: size, seed: 21, index: $0) }
      let echoes = try await client.bidiLockstepRaw(
        service: Self.bidiStream.service, method: Self.bidiStream.method, messages: messages)
      #expect(echoes.count == count)
      #expect(zip(echoes, messages).allSatisfy { Payload.equal($0, $1) }, "echoes that differ from their requests")
      let call = await Self.endedCall(server, path: TestServer.Path.echoBidiStream)
      #expect(call?.requestEnd == .halfClosed)
      #expect(call?.messagesReceived == count)
      #expect(call?.messagesSent == count)
    }
  }

  @Test("Bidi: the end-after knob's error status after three echoes reaches grpc-swift, exactly")
  func bidiErrorMidStream() async throws {
    let message = "bidi ended by the knob: 世界 %41"
    try await withServer({
      $0.streaming.endAfterMessages = .init(messages: 3, status: Status(code: .aborted, message: message))
    }) { server, client in
      let error = await #expect(throws: InteropStatus.self) {
        _ = try await client.bidiLockstepRaw(
          service: Self.bidiStream.service, method: Self.bidiStream.method,
          messages: (0..<10).map { InteropContract.streamMessage(size: 50, seed: 4, index: $0) })
      }
      #expect(error?.code == StatusCode.aborted.rawValue)
      #expect(error?.message == message)
      let call = await Self.endedCall(server, path: TestServer.Path.echoBidiStream)
      #expect(call?.messagesSent == 3)
    }
  }
}

/// A client-streaming handler that ends the call with `status` once `count` requests arrived,
/// while the client may still be sending.
private final class FailAfterRequests: StreamingHandler {
  private let count: Int
  private let status: Status
  private var received = 0

  init(count: Int, status: Status) {
    self.count = count
    self.status = status
  }

  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    received += 1
    if received == count { call.finish(status) }
  }

  func requestEnded(on call: ServerStreamingCall) {
    call.finish(Status(code: .internalError, message: "the client finished before the handler failed"))
  }
}
