/// Receives the events of an ``HTTP2Session``.
///
/// Every method is called synchronously from inside ``HTTP2Session/receive(_:)`` or
/// ``HTTP2Session/send(_:)``, on the thread that drives the session. A method may submit frames
/// on the session (requests, resets, trailers) but must never call `receive` or `send`.
///
/// Pointers handed to a method are valid only for the duration of that call.
public protocol HTTP2SessionDelegate: AnyObject {
  /// A header block begins on `streamID`.
  func session(_ session: HTTP2Session, didBeginHeaders streamID: Int32, category: HeaderCategory)

  /// One header field of the block on `streamID`.
  ///
  /// - Returns: `true` to go on; `false` resets this stream (nghttp2's
  ///   `NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE`) without touching the connection.
  func session(
    _ session: HTTP2Session, didReceiveHeader field: HeaderField, streamID: Int32,
    category: HeaderCategory
  ) -> Bool

  /// A complete frame arrived.
  func session(_ session: HTTP2Session, didReceive frame: HTTP2FrameEvent)

  /// A chunk of a DATA frame's payload on `streamID`. Frame boundaries carry no meaning.
  func session(_ session: HTTP2Session, didReceiveData bytes: UnsafeRawBufferPointer, streamID: Int32)

  /// `streamID` closed; `errorCode` is `.noError` for a normal end, otherwise the reset's code.
  func session(_ session: HTTP2Session, didCloseStream streamID: Int32, errorCode: HTTP2ErrorCode)

  /// The HEADERS that would have opened request stream `streamID` could not be sent, for
  /// example after GOAWAY (`NGHTTP2_ERR_START_STREAM_NOT_ALLOWED`) or because the request was
  /// reset while still queued. The stream never existed for the peer. nghttp2 may still report
  /// ``session(_:didCloseStream:errorCode:)`` for it afterwards (with REFUSED_STREAM); the body
  /// source is not read again.
  func session(_ session: HTTP2Session, didFailToSendOn streamID: Int32, error: NGHTTP2Error)

  /// nghttp2 explains a problem it found in the peer's input (for logs).
  func session(_ session: HTTP2Session, diagnostic: String)
}

extension HTTP2SessionDelegate {
  public func session(_ session: HTTP2Session, didBeginHeaders streamID: Int32, category: HeaderCategory) {}
  public func session(_ session: HTTP2Session, didFailToSendOn streamID: Int32, error: NGHTTP2Error) {}
  public func session(_ session: HTTP2Session, diagnostic: String) {}
}
