/// The frames of one `Camera.StreamFrames` call, as ``CameraClient/frames(fpsLimit:options:_:)``
/// hands them to its body: a ``ReplyStream`` of ``CameraFrame``.
///
/// Each `next()` decodes the next received message in place, and taking it is what lets the
/// server send another (the call keeps at most `ChannelConfiguration.bufferedResponseMessages`
/// frames, 1 by default, plus one HTTP/2 stream window). A loop that falls behind therefore
/// holds the mod back, and the mod's one-frame slot makes the next frame a fresh one, not a
/// backlog. Iterate it once. ``ReplyStream/AsyncIterator/next()`` throws
/// ``UnexpectedReplyError`` for a message that is not a well-formed RGBA8 frame.
///
/// The sequence never ends on its own on the mod (it ends when the mod shuts down, with
/// FAILED_PRECONDITION). Leave it by leaving the body: `break` and return, `return`, throw, or
/// cancel the task; each cancels the RPC at once (RST_STREAM).
public typealias CameraFrameStream = ReplyStream<CameraFrame>
