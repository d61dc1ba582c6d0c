public import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs
import SwiftProtobuf

/// The `Microphone` service: audio into the engine's default input, as a client stream of
/// 48 kHz mono float32 chunks (the reference client's `MicrophoneClient`). Reach it as
/// ``ResoniteClient/microphone``.
///
/// ```swift
/// let summary = try await mod.microphone.stream { mic in
///   for start in stride(from: 0, to: tone.count, by: 1024) {
///     try await mic.sendPaced(Array(tone[start..<min(start + 1024, tone.count)]))
///   }
/// }  // returning finishes: the buffered tail plays; the summary counts what arrived
/// ```
///
/// The mod's virtual input keeps a 2 s ring buffer and drains it at real time (at most 480
/// samples per engine tick, so real-time playback needs at least 100 ticks per second); audio
/// sent faster than real time overflows it and the oldest samples are lost, unreported.
public struct MicrophoneClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  /// Opens a microphone stream and runs `body` with its sender (Python: `stream(chunks)`).
  ///
  /// Returning from `body` **finishes** (half-close: the mod keeps playing what it buffered)
  /// and returns the mod's summary. ``MicrophoneSender/cancel()``, an error thrown from `body`,
  /// or cancelling the task **cancels** (RST_STREAM: the mod clears its buffer).
  ///
  /// - Parameters:
  ///   - lead: how far ahead of real time ``MicrophoneSender/sendPaced(_:)`` may send (see
  ///     ``MicrophonePacer``); 0 by default.
  ///   - options: timeout (for the whole stream), metadata, send-queue size.
  ///   - body: sends the audio.
  /// - Returns: the summary (after a finish).
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError` (CANCELLED after a cancel, the
  ///   mod's status otherwise: FAILED_PRECONDITION, INTERNAL, UNAVAILABLE); what `body` threw.
  public func stream(
    lead: Duration = .zero, options: CallOptions = CallOptions(),
    _ body: (MicrophoneSender) async throws -> Void
  ) async throws -> MicrophoneStreamSummary {
    let response = try await client.channel().clientStreamingRaw(
      ResoniteIo_V1_MicrophoneStub.Methods.streamAudio, options: options
    ) { writer in
      try await body(MicrophoneSender(writer: writer, pacer: MicrophonePacer(lead: lead)))
    }
    let summary = try ResoniteIo_V1_MicrophoneStreamSummary(serializedBytes: response.message)
    return MicrophoneStreamSummary(
      receivedFrames: summary.receivedFrames, receivedSamples: summary.receivedSamples,
      droppedFrames: summary.droppedFrames, unixNanos: summary.unixNanos)
  }

  /// Sends every chunk of `chunks`, paced at real time unless `paced` is false, then finishes
  /// and returns the summary (the reference client's `stream(paced(chunks))`).
  ///
  /// - Parameters:
  ///   - chunks: mono float32 chunks at 48 kHz, consumed lazily.
  ///   - paced: send each chunk when it is due (``MicrophonePacer``); false sends as fast as
  ///     the connection takes them (only for live sources that produce at real time already).
  ///   - lead: how far ahead of real time paced chunks may go.
  ///   - options: timeout, metadata.
  /// - Returns: the summary.
  /// - Throws: as ``stream(lead:options:_:)``, and what `chunks` throws (which cancels).
  public func send<Chunks: AsyncSequence>(
    _ chunks: Chunks, paced: Bool = true, lead: Duration = .zero, options: CallOptions = CallOptions()
  ) async throws -> MicrophoneStreamSummary where Chunks.Element == [Float] {
    try await stream(lead: lead, options: options) { mic in
      for try await chunk in chunks {
        if paced { try await mic.sendPaced(chunk) } else { try await mic.send(chunk) }
      }
    }
  }
}
