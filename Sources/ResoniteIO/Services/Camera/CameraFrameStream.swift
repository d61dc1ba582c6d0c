import ResoniteGRPC

/// The frames of one `Camera.StreamFrames` call, as ``CameraClient/frames(fpsLimit:options:_:)``
/// hands them to its body: an `AsyncSequence` of ``CameraFrame``.
///
/// It holds nothing itself: each `next()` takes the next received message from the call and
/// decodes it in place, and taking it is what lets the server send another (the call keeps at
/// most `ChannelConfiguration.bufferedResponseMessages` frames, 1 by default, plus one HTTP/2
/// stream window). A loop that falls behind therefore holds the mod back, and the mod's
/// one-frame slot makes the next frame a fresh one, not a backlog. Iterate it once.
///
/// The sequence never ends on its own on the mod (it ends when the mod shuts down, with
/// FAILED_PRECONDITION). Leave it by leaving the body: `break` and return, `return`, throw, or
/// cancel the task; each cancels the RPC at once (RST_STREAM).
public struct CameraFrameStream: AsyncSequence, Sendable {
  /// The sequence's values.
  public typealias Element = CameraFrame
  /// What the sequence throws: `RPCError` or ``UnexpectedReplyError``.
  public typealias Failure = any Error

  let messages: StreamingResponse<[UInt8]>.Messages

  /// The iterator; make one per stream.
  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(messages: messages.makeAsyncIterator())
  }

  /// Takes the frames one by one.
  public struct AsyncIterator: AsyncIteratorProtocol {
    var messages: StreamingResponse<[UInt8]>.Messages.AsyncIterator

    /// The next frame; nil when the server ended the stream with OK.
    /// - Throws: `RPCError` for any other end (FAILED_PRECONDITION at mod shutdown, CANCELLED,
    ///   DEADLINE_EXCEEDED, UNAVAILABLE when the connection broke...); ``UnexpectedReplyError``
    ///   for a message that is not a well-formed RGBA8 frame.
    public mutating func next() async throws -> CameraFrame? {
      guard let message = try await messages.next() else { return nil }
      return try CameraFrame(decoding: message)
    }

    /// ``next()`` on `actor`'s executor.
    public mutating func next(isolation actor: isolated (any Actor)?) async throws -> CameraFrame? {
      guard let message = try await messages.next(isolation: actor) else { return nil }
      return try CameraFrame(decoding: message)
    }
  }
}
