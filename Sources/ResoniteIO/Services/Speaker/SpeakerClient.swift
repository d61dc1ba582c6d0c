public import ResoniteGRPC
import ResoniteIOStubs

/// The `Speaker` service: what the engine plays (world, voices, UI: the final mix), as a stream
/// of 48 kHz stereo float32 chunks (the reference client's `SpeakerClient`). Reach it as
/// ``ResoniteClient/speaker``.
///
/// ```swift
/// try await mod.speaker.chunks { chunks in
///   for try await chunk in chunks {
///     if let last, chunk.frameID != last + 1 { print("dropped \(chunk.frameID - last - 1) chunks") }
///     last = chunk.frameID
///     play(chunk.samples)
///   }
/// }
/// ```
///
/// On the mod, a new stream may first get up to 32 chunks buffered before it began (stale
/// audio), then live audio after a gap in ``SpeakerChunk/frameID``; concurrent streams split
/// the chunks between them.
public struct SpeakerClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  /// Streams chunks to `body` (Python: `stream()`), and cancels the stream when `body` ends
  /// (returns, throws, or its task is cancelled): the same scoped shape and backpressure as
  /// ``CameraClient/frames(fpsLimit:options:_:)``.
  ///
  /// Gaps in ``SpeakerChunk/frameID`` mean drops: the mod keeps 32 chunks (about 0.7 s) for a
  /// reader that is behind and discards newer ones, so a slow reader loses the newest audio.
  /// Frame ids count for the mod's lifetime; they do not restart per stream.
  ///
  /// - Parameters:
  ///   - options: timeout (for the whole stream), metadata, buffering.
  ///   - body: consumes the chunks; its result is returned.
  /// - Returns: what `body` returned.
  /// - Throws: ``ResoniteClientError/notConnected``; what `body` throws, typically the errors
  ///   of ``ReplyStream/AsyncIterator/next()``.
  public func chunks<Result>(
    options: CallOptions = CallOptions(), _ body: (SpeakerChunkStream) async throws -> Result
  ) async throws -> Result {
    try await client.channel().serverStreamingRaw(
      ResoniteIo_V1_SpeakerStub.Methods.streamAudio, request: [], options: options
    ) { response in
      try await body(SpeakerChunkStream(messages: response.messages, decode: SpeakerChunk.init(decoding:)))
    }
  }
}
