/// What a body source produced for one DATA frame.
public enum HTTP2BodyRead: Sendable, Hashable {
  /// `count` bytes were written into the buffer. `endOfBody` marks the last of them; then
  /// `endStream` says whether the DATA frame carries END_STREAM (false when trailers follow).
  case bytes(count: Int, endOfBody: Bool, endStream: Bool)
  /// `count` bytes are ready but were not copied: when nghttp2 writes the frame it asks for
  /// them through ``HTTP2BodySource/writeBody(count:streamID:to:)``, so they go from the
  /// source's own memory to the output with no copy into nghttp2's buffers
  /// (`NGHTTP2_DATA_FLAG_NO_COPY`). The buffer passed to `readBody` is left untouched.
  case bytesNoCopy(count: Int, endOfBody: Bool, endStream: Bool)
  /// Nothing to send yet; call ``HTTP2Session/resumeData(streamID:)`` when there is.
  case deferred
  /// Give up on the stream: nghttp2 resets it with INTERNAL_ERROR.
  case fail
}

/// The producer of a stream's outgoing DATA (nghttp2's data provider). Subclass it.
///
/// It is a class rather than a protocol so that nghttp2's `void *` can point at it directly
/// and the read on the hot path is one virtual call, with no existential cast.
///
/// The session keeps only an unowned reference: the owner must keep the source alive until
/// the stream is closed (``HTTP2SessionDelegate/session(_:didCloseStream:errorCode:)``).
open class HTTP2BodySource {
  /// Creates a body source.
  public init() {}

  /// Copies up to `buffer.count` bytes of the body into `buffer`. The default sends nothing
  /// and ends the stream.
  ///
  /// Called from inside ``HTTP2Session/send(_:)`` on the driving thread. `session` may be used
  /// to submit trailers when the body ends without END_STREAM.
  open func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    .bytes(count: 0, endOfBody: true, endStream: true)
  }

  /// Hands the next `count` bytes of the body to `sink`, in one or more pieces, after
  /// ``readBody(into:streamID:session:)`` answered
  /// ``HTTP2BodyRead/bytesNoCopy(count:endOfBody:endStream:)`` for them. Each piece need only
  /// stay valid during its `sink` call. Called from inside ``HTTP2Session/send(while:)``.
  ///
  /// The default hands out nothing, which would corrupt the frame: override it together with
  /// answering `bytesNoCopy`.
  open func writeBody(count: Int, streamID: Int32, to sink: (UnsafeRawBufferPointer) -> Void) {}
}
