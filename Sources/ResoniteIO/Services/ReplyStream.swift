import ResoniteGRPC

/// The replies of one server-streaming call, decoded one by one as they are taken: an
/// `AsyncSequence` of `Element` (``CameraFrameStream`` of ``CameraFrame``,
/// ``SpeakerChunkStream`` of ``SpeakerChunk``).
///
/// It holds nothing itself: each `next()` takes the next received message from the call and
/// decodes it in place, and taking it is what lets the server send another (the call keeps at
/// most `ChannelConfiguration.bufferedResponseMessages` messages, 1 by default, plus one HTTP/2
/// stream window). A loop that falls behind therefore holds the server back. Iterate it once;
/// leaving the body it was handed to cancels the RPC.
public struct ReplyStream<Element: Sendable>: AsyncSequence, Sendable {
  /// What the sequence throws: `RPCError` or ``UnexpectedReplyError``.
  public typealias Failure = any Error

  let messages: StreamingResponse<[UInt8]>.Messages
  let decode: @Sendable ([UInt8]) throws(UnexpectedReplyError) -> Element

  /// The iterator; make one per stream.
  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(messages: messages.makeAsyncIterator(), decode: decode)
  }

  /// Takes the replies one by one.
  public struct AsyncIterator: AsyncIteratorProtocol {
    var messages: StreamingResponse<[UInt8]>.Messages.AsyncIterator
    let decode: @Sendable ([UInt8]) throws(UnexpectedReplyError) -> Element

    /// The next reply; nil when the server ended the stream with OK.
    /// - Throws: `RPCError` for any other end (FAILED_PRECONDITION or CANCELLED from the mod,
    ///   DEADLINE_EXCEEDED, UNAVAILABLE when the connection broke...); ``UnexpectedReplyError``
    ///   for a malformed message.
    public mutating func next() async throws -> Element? {
      guard let message = try await messages.next() else { return nil }
      return try decode(message)
    }

    /// ``next()`` on `actor`'s executor.
    public mutating func next(isolation actor: isolated (any Actor)?) async throws -> Element? {
      guard let message = try await messages.next(isolation: actor) else { return nil }
      return try decode(message)
    }
  }
}
