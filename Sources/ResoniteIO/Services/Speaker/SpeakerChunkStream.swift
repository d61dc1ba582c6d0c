import ResoniteGRPC

/// The chunks of one `Speaker.StreamAudio` call, as ``SpeakerClient/chunks(options:_:)`` hands
/// them to its body: an `AsyncSequence` of ``SpeakerChunk``. Taking a chunk lets the server
/// send more; leaving the body cancels the RPC. Iterate it once.
public struct SpeakerChunkStream: AsyncSequence, Sendable {
  /// The sequence's values.
  public typealias Element = SpeakerChunk
  /// What the sequence throws: `RPCError` or ``UnexpectedReplyError``.
  public typealias Failure = any Error

  let messages: StreamingResponse<[UInt8]>.Messages

  /// The iterator; make one per stream.
  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(messages: messages.makeAsyncIterator())
  }

  /// Takes the chunks one by one.
  public struct AsyncIterator: AsyncIteratorProtocol {
    var messages: StreamingResponse<[UInt8]>.Messages.AsyncIterator

    /// The next chunk; nil when the server ended the stream with OK (the mod does at shutdown).
    /// - Throws: `RPCError` for any other end (CANCELLED, FAILED_PRECONDITION, INTERNAL,
    ///   UNAVAILABLE...); ``UnexpectedReplyError`` for a malformed message.
    public mutating func next() async throws -> SpeakerChunk? {
      guard let message = try await messages.next() else { return nil }
      return try SpeakerChunk(decoding: message)
    }

    /// ``next()`` on `actor`'s executor.
    public mutating func next(isolation actor: isolated (any Actor)?) async throws -> SpeakerChunk? {
      guard let message = try await messages.next(isolation: actor) else { return nil }
      return try SpeakerChunk(decoding: message)
    }
  }
}
