public import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs
import SwiftProtobuf

/// The `Camera` service: the engine's screen camera as a stream of RGBA8 frames (the reference
/// client's `CameraClient`). Reach it as ``ResoniteClient/camera``.
///
/// ```swift
/// try await mod.camera.frames { frames in
///   for try await frame in frames {
///     frame.withUnsafePixels { pixels in detect(pixels, frame.width, frame.height) }
///     if done { break }  // leaving the body cancels the stream
///   }
/// }
/// let still = try await mod.camera.shot()
/// ```
///
/// The frame size is the engine window's (``DisplayClient/apply(width:height:maxFPS:options:)``),
/// not something the request chooses: the mod ignores the request's size, so this client sends
/// the reference client's all-default request. The size can change mid-stream; every frame
/// carries its own.
public struct CameraClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  /// Streams frames to `body` (Python: `stream()`), and cancels the stream when `body` ends.
  ///
  /// The stream lives exactly as long as `body`: when it returns, throws, or its task is
  /// cancelled, the RPC is cancelled at once (RST_STREAM), so a `break` out of the loop is all
  /// it takes to stop. This scope is deliberate: a sequence that outlived it could only be
  /// cancelled when the last copy of its iterator went away, late or never. Inside it the
  /// frames come with backpressure (see ``CameraFrameStream``): memory stays at about one
  /// frame plus one HTTP/2 window however slowly the loop runs, and a slow loop gets fresh
  /// frames at its own rate.
  ///
  /// - Parameters:
  ///   - fpsLimit: the request's `fps_limit`: above 0 the mod sleeps after each frame to stay
  ///     under this rate (an overrun is not caught up); 0, the default and what the reference
  ///     client sends, means no pacing (the renderer's rate).
  ///   - options: timeout (for the whole stream), metadata, buffering.
  ///   - body: consumes the frames; its result is returned.
  /// - Returns: what `body` returned.
  /// - Throws: ``ResoniteClientError/notConnected``; what `body` throws, typically the errors
  ///   of ``ReplyStream/AsyncIterator/next()``.
  public func frames<Result>(
    fpsLimit: Float = 0, options: CallOptions = CallOptions(),
    _ body: (CameraFrameStream) async throws -> Result
  ) async throws -> Result {
    var request = ResoniteIo_V1_CameraStreamRequest()
    request.fpsLimit = fpsLimit
    let bytes: [UInt8] = try request.serializedBytes()
    return try await client.channel().serverStreamingRaw(
      ResoniteIo_V1_CameraStub.Methods.streamFrames, request: bytes, options: options
    ) { response in
      try await body(CameraFrameStream(messages: response.messages, decode: CameraFrame.init(decoding:)))
    }
  }

  /// Takes one frame (Python: `shot()`): opens a stream, returns its first frame, and cancels
  /// the stream.
  ///
  /// On the mod the call waits until the renderer pushes a frame; bound it with
  /// `CallOptions.timeout` when the renderer may be absent.
  ///
  /// - Parameter options: timeout and metadata.
  /// - Returns: the first frame.
  /// - Throws: ``UnexpectedReplyError`` when the stream ends OK before any frame; otherwise as
  ///   ``frames(fpsLimit:options:_:)``.
  public func shot(options: CallOptions = CallOptions()) async throws -> CameraFrame {
    try await frames(options: options) { frames in
      for try await frame in frames { return frame }
      throw UnexpectedReplyError(method: "Camera/StreamFrames", problem: "the stream ended with no frame")
    }
  }
}
