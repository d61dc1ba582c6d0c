public import ResoniteHTTP2

/// Why a stream ended, as told to its ``HTTP2StreamHandler``.
public enum StreamCloseReason: Sendable, Hashable {
  /// nghttp2 closed the stream: `.noError` after END_STREAM both ways, otherwise the code of
  /// the RST_STREAM the peer sent (or nghttp2 sent; REFUSED_STREAM also covers streams above a
  /// GOAWAY's last-stream-id).
  case closed(HTTP2ErrorCode)
  /// The request's HEADERS were never sent (for example GOAWAY arrived first); the peer never
  /// saw the stream, so the request is safe to retry.
  case notSent(NGHTTP2Error)
  /// The connection ended under the stream: EOF, a socket error or a protocol error.
  case connectionLost(ConnectionLostError)
  /// The stream's deadline passed; RST_STREAM(CANCEL) was sent.
  case deadlineExceeded
  /// The stream was cancelled locally; RST_STREAM(CANCEL) was sent.
  case cancelled
  /// A header block from the peer was larger than the SETTINGS_MAX_HEADER_LIST_SIZE this side
  /// announced (``ConnectionConfiguration/maxHeaderListSize``), counted as that setting counts
  /// (name + value + 32 per field); RST_STREAM(CANCEL) was sent unless the block ended the
  /// stream. The connection stays usable.
  case headerListTooLarge(limit: Int, size: Int)
}

/// What a ``HTTP2StreamHandler`` does with a chunk of DATA it received.
///
/// Receive backpressure: the connection runs with nghttp2's automatic WINDOW_UPDATE off, so
/// the peer may send on a stream only as far as the bytes it sent before were given back.
public enum ReceivedDataDisposition: Sendable, Hashable {
  /// The application has taken the bytes (or they went into a message still being assembled):
  /// give their window back now.
  case consume
  /// The application has not taken the bytes yet (it is behind): keep them counted against
  /// the stream's window until ``HTTP2Stream/releaseReceiveWindow()``. The connection-level
  /// window is given back at once, so a held stream never starves the others.
  case hold
  /// Reset the stream with this code; the handler is then closed with ``StreamCloseReason/cancelled``.
  case reset(HTTP2ErrorCode)
}

/// Receives the events of one stream of an ``HTTP2Connection``.
///
/// Methods are called with the connection's lock held, on whichever thread is driving the
/// connection at that moment: they must be quick, must not block, and must not call back into
/// the connection (nor into the ``HTTP2Stream`` they belong to). Each handler gets exactly one
/// ``streamDidClose(_:)``, last.
public protocol HTTP2StreamHandler: AnyObject {
  /// A complete header block: the response headers (possibly 1xx), or trailers.
  ///
  /// - Returns: nil to go on, or an error code to reset the stream with (for example after a
  ///   response that is not gRPC, or `.noError` when a block that ends the peer's side makes
  ///   this side's unfinished request pointless). The handler is then closed with
  ///   ``StreamCloseReason/cancelled`` and should have recorded its own reason.
  func streamDidReceiveHeaders(_ fields: [HeaderField], endStream: Bool) -> HTTP2ErrorCode?

  /// A chunk of DATA; valid only for this call.
  ///
  /// - Returns: what to do with the chunk's flow-control window: ``ReceivedDataDisposition/consume``
  ///   gives it back at once; ``ReceivedDataDisposition/hold`` keeps the stream's window closed
  ///   for these bytes until ``HTTP2Stream/releaseReceiveWindow()`` (the connection's window is
  ///   given back at once either way); ``ReceivedDataDisposition/reset(_:)`` resets the stream
  ///   (for example with `.cancel` after an oversized message), after which the handler is
  ///   closed with ``StreamCloseReason/cancelled`` and should have recorded its own reason.
  func streamDidReceiveData(_ bytes: UnsafeRawBufferPointer) -> ReceivedDataDisposition

  /// The peer ended its side with END_STREAM on a DATA frame (its bytes were delivered
  /// already). When this side's request is still open, the stream stays open until it ends
  /// too.
  ///
  /// - Returns: nil to go on, or an error code to reset the stream with (for example
  ///   `.noError` when the response is over and the unfinished request pointless). The
  ///   handler is then closed with ``StreamCloseReason/cancelled`` and should have recorded
  ///   its own reason. By default nil.
  func streamDidReceiveEndOfData() -> HTTP2ErrorCode?

  /// Memory where the stream's next DATA bytes belong (for example the rest of a large body
  /// being assembled in the handler's buffer), or nil. By default nil.
  ///
  /// The connection may then read from the socket straight into that memory, and give nghttp2
  /// the bytes from where they landed. One read can take more than the current frame: past
  /// the next frame's header (which goes elsewhere), it fills the rest of the memory with
  /// whatever follows. So, within that memory, the handler finds:
  /// - a chunk given to ``streamDidReceiveData(_:)`` that starts at
  ///   ``StreamReceiveTarget/start``: its bytes are in place, no copy needed;
  /// - later chunks of its own that lie after `start`, ahead of where they belong (behind a
  ///   frame header, a pad-length byte, or other streams' frames read before them): the
  ///   handler moves each back to where its next byte goes (an overlapping move, `memmove`);
  /// - bytes of other streams' frames, handed to their own handlers from this memory while
  ///   the read is processed.
  ///
  /// Hence the handler must not write into the memory beyond the bytes given to it so far
  /// (moving a chunk back only overwrites bytes already processed), nor release it: the
  /// connection keeps ``StreamReceiveTarget/owner`` alive while it reads. A body never
  /// completes while such bytes lie in its memory (they took the place of its own), so once
  /// complete the handler may hand the buffer on.
  func streamReceiveTarget() -> StreamReceiveTarget?

  /// The receive window the stream should run with from now on, in bytes, or nil to leave it
  /// as it is (at first the connection's ``ConnectionConfiguration/initialStreamWindowSize``).
  /// Asked after each DATA chunk of a long-lived stream (one opened with
  /// ``HTTP2StreamBody/writable(maxQueuedBytes:)``); unary streams are not asked. By default nil.
  ///
  /// This bounds what the peer may send beyond what the application took. A larger window
  /// goes out at once (WINDOW_UPDATE). A smaller one cannot be taken back from the peer
  /// (RFC 9113 has no frame for that, short of SETTINGS, which moves every stream): the peer
  /// keeps what it was granted, the WINDOW_UPDATEs of as many received bytes are withheld, and
  /// from then on the peer never has more than the new window to send. So a streaming call
  /// that wants a held stream to let through no more than one message keeps its window at
  /// about one message all along, not only once it holds (``ReceivedDataDisposition/hold``).
  func streamReceiveWindow() -> Int?

  /// The stream ended; the last event.
  func streamDidClose(_ reason: StreamCloseReason)
}

extension HTTP2StreamHandler {
  public func streamDidReceiveEndOfData() -> HTTP2ErrorCode? { nil }
  public func streamReceiveTarget() -> StreamReceiveTarget? { nil }
  public func streamReceiveWindow() -> Int? { nil }
}

/// Memory a stream's handler offers for its next received DATA bytes
/// (``HTTP2StreamHandler/streamReceiveTarget()``).
public struct StreamReceiveTarget {
  /// Where the next byte goes.
  public let start: UnsafeMutableRawPointer
  /// How many bytes fit.
  public let count: Int
  /// Keeps the memory alive while the connection reads into it, whatever happens to the
  /// stream meanwhile.
  public let owner: [UInt8]

  /// - Parameters:
  ///   - start: where the next byte goes, inside `owner`'s storage.
  ///   - count: how many bytes fit from `start` on.
  ///   - owner: the array whose storage holds the memory.
  public init(start: UnsafeMutableRawPointer, count: Int, owner: [UInt8]) {
    self.start = start
    self.count = count
    self.owner = owner
  }
}
