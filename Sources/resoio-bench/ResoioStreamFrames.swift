// `resoio-bench stream-frames`: Camera/StreamFrames through our client's server-streaming call.
// The measuring is StreamFramesHarness.swift (shared with grpcswift-bench); only the call is here.
import ResoniteGRPC

/// A CameraFrame as received: the message bytes our client hands over (no copy here) and the
/// fields parsed from them.
struct ReceivedCameraFrame: Sendable {
  var header: CameraFrameHeader
  var bytes: [UInt8]
}

/// Parses CameraFrame by hand; the pixels stay in the message's bytes.
struct CameraFrameCodec: MessageCodec {
  struct NotARequest: Error {}

  func serialize(_ message: ReceivedCameraFrame) throws -> [UInt8] { throw NotARequest() }

  func deserialize(_ bytes: [UInt8]) throws -> ReceivedCameraFrame {
    let header = try bytes.withUnsafeBytes { try CameraWire.parseFrame($0) }
    return ReceivedCameraFrame(header: header, bytes: bytes)
  }
}

extension GRPCChannel {
  /// Camera/StreamFrames of the size `camera` asks for, its frames parsed by ``CameraFrameCodec``
  /// (the pixels not copied), handed to `body` as they come.
  nonisolated(nonsending) func cameraFrames<Result>(
    _ camera: CameraStreamOptions, body: (StreamingResponse<ReceivedCameraFrame>) async throws -> Result
  ) async throws -> Result {
    try await serverStreaming(
      MethodDescriptor(service: CameraWire.service, method: CameraWire.method), request: camera.request,
      requestCodec: RawCodec(), responseCodec: CameraFrameCodec(), body: body)
  }
}

func streamFrames(_ options: StreamFramesOptions) async throws {
  let channel = GRPCChannel(socketPath: options.camera.socket)
  let settings = options.settings(defaultName: "resoio-swift")
  do {
    try await channel.cameraFrames(options.camera) { response in
      var meter = StreamMeter(settings)
      for try await frame in response.messages {
        // Leaving the loop ends the call (RST_STREAM(CANCEL)).
        if try await !meter.take(frame.header) { return }
      }
      throw BenchFailure(description: "the stream ended before the measurement did")
    }
  } catch {
    await channel.close()
    throw error
  }
  await channel.close()
}
