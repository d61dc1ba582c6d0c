import CNGHTTP2

/// One nghttp2 session, client or server role: HTTP/2 framing, HPACK, stream states and flow
/// control, with no I/O of its own.
///
/// Feed the peer's bytes to ``receive(_:)``; collect the bytes to write with ``send(_:)``;
/// submit requests, responses, resets and GOAWAY with the `submit` methods. Events come back
/// through the ``delegate``, synchronously, inside `receive` and `send`.
///
/// nghttp2 is not thread-safe: a session must be used by one thread at a time, and the owner
/// must serialise every call (the transport holds a lock, or keeps it on one thread). That is
/// why this type is not `Sendable`.
public final class HTTP2Session {
  /// Which end of the connection this session plays.
  public enum Role: Sendable, Hashable {
    /// Sends the connection preface and opens streams.
    case client
    /// Expects the client preface and answers streams.
    case server
  }

  /// The raw `nghttp2_session *`.
  @usableFromInline let raw: OpaquePointer
  /// The role given at creation.
  public let role: Role
  /// True when the owner gives received DATA back itself (see ``init(role:settings:connectionWindowSize:maxSendHeaderBlockLength:manualWindowUpdates:delegate:)``).
  public let manualWindowUpdates: Bool
  /// Receives this session's events. Not retained: the delegate must outlive the session.
  public unowned(unsafe) let delegate: any HTTP2SessionDelegate
  /// The last problem nghttp2 reported in the peer's input (its error callback), for example
  /// `NGHTTP2_ERR_SETTINGS_EXPECTED` when the peer does not speak HTTP/2; nil when none.
  ///
  /// Some violations make nghttp2 end the session by itself: ``receive(_:)`` still succeeds and
  /// only a GOAWAY is queued, after which the session wants neither to read nor to write. This
  /// tells why.
  public internal(set) var lastPeerError: NGHTTP2Error?

  /// Creates a session and queues this side's SETTINGS frame (the client preface's magic is
  /// added by nghttp2 on the first ``send(_:)``).
  ///
  /// - Parameters:
  ///   - role: client or server.
  ///   - settings: the SETTINGS this side announces; for example a large
  ///     ``HTTP2Setting/initialWindowSize(_:)`` for big messages.
  ///   - connectionWindowSize: when set, the connection-level receive window to offer.
  ///   - maxSendHeaderBlockLength: the largest header block nghttp2 will send.
  ///   - manualWindowUpdates: when true, nghttp2 sends no WINDOW_UPDATE by itself
  ///     (`nghttp2_option_set_no_auto_window_update`): received DATA keeps the windows closed
  ///     until the owner gives the bytes back with ``consume(streamID:count:)``,
  ///     ``consumeConnection(count:)`` or ``consumeStream(streamID:count:)``. That is how a
  ///     reader that stops reading stops its peer (receive backpressure). DATA nghttp2 ignores
  ///     itself (on closed streams) and padding are given back by nghttp2.
  ///   - delegate: receives the events; not retained.
  /// - Throws: ``NGHTTP2Error`` when nghttp2 cannot allocate or configure the session.
  public init(
    role: Role,
    settings: [HTTP2Setting],
    connectionWindowSize: Int32? = nil,
    maxSendHeaderBlockLength: Int? = nil,
    manualWindowUpdates: Bool = false,
    delegate: any HTTP2SessionDelegate
  ) throws(NGHTTP2Error) {
    self.role = role
    self.delegate = delegate

    var callbacks: OpaquePointer?
    try NGHTTP2Error.check(nghttp2_session_callbacks_new(&callbacks), "nghttp2_session_callbacks_new")
    defer { nghttp2_session_callbacks_del(callbacks) }
    SessionCallbacks.install(on: callbacks)

    var option: OpaquePointer?
    try NGHTTP2Error.check(nghttp2_option_new(&option), "nghttp2_option_new")
    defer { nghttp2_option_del(option) }
    // Closed streams need not be kept for priority bookkeeping; saves memory per call.
    nghttp2_option_set_no_closed_streams(option, 1)
    if let maxSendHeaderBlockLength {
      nghttp2_option_set_max_send_header_block_length(option, maxSendHeaderBlockLength)
    }
    if manualWindowUpdates { nghttp2_option_set_no_auto_window_update(option, 1) }
    self.manualWindowUpdates = manualWindowUpdates

    // `self` is not fully initialised until `raw` is set, so the session is created with a
    // placeholder user_data and pointed at `self` right after.
    var session: OpaquePointer?
    let rv: Int32
    switch role {
    case .client: rv = nghttp2_session_client_new2(&session, callbacks, nil, option)
    case .server: rv = nghttp2_session_server_new2(&session, callbacks, nil, option)
    }
    try NGHTTP2Error.check(rv, role == .client ? "nghttp2_session_client_new2" : "nghttp2_session_server_new2")
    guard let session else { throw NGHTTP2Error(code: NGHTTP2_ERR_NOMEM.rawValue, function: "nghttp2_session_new") }
    self.raw = session
    nghttp2_session_set_user_data(session, Unmanaged.passUnretained(self).toOpaque())

    try submitSettings(settings)
    if let connectionWindowSize {
      try NGHTTP2Error.check(
        nghttp2_session_set_local_window_size(raw, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, connectionWindowSize),
        "nghttp2_session_set_local_window_size")
    }
  }

  deinit { nghttp2_session_del(raw) }

  // MARK: Input and output

  /// Processes bytes received from the peer; delegate events fire during the call.
  ///
  /// Always call ``send(_:)`` afterwards: acknowledgements and WINDOW_UPDATEs were queued.
  /// - Returns: the number of bytes consumed (all of them).
  /// - Throws: ``NGHTTP2Error`` when the input breaks the protocol beyond repair (the session
  ///   has then queued a GOAWAY; flush it and close).
  @discardableResult
  public func receive(_ bytes: UnsafeRawBufferPointer) throws(NGHTTP2Error) -> Int {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
    return try NGHTTP2Error.check(
      nghttp2_session_mem_recv(raw, base.assumingMemoryBound(to: UInt8.self), bytes.count),
      "nghttp2_session_mem_recv")
  }

  /// Hands every byte nghttp2 wants to write, frame by frame, to `sink`.
  ///
  /// Each buffer is valid only during its `sink` call. Body sources are read during this call.
  /// - Returns: the total number of bytes handed out.
  @discardableResult
  public func send(_ sink: (UnsafeRawBufferPointer) -> Void) throws(NGHTTP2Error) -> Int {
    try send(while: { bytes in
      sink(bytes)
      return true
    })
  }

  /// Hands the bytes nghttp2 wants to write to `sink`, frame by frame, until there are none
  /// or `sink` returns false (for example because the socket is full and more output would only
  /// pile up in memory).
  ///
  /// Each buffer is valid only during its `sink` call. A DATA frame whose body source serves
  /// bytes without copying (``HTTP2BodyRead/bytesNoCopy(count:endOfBody:endStream:)``) arrives
  /// in pieces: its 9-byte header, then the payload straight from the source's memory; a
  /// `false` for any piece stops the send after that frame, so the sink must keep every piece
  /// it is given.
  /// - Returns: the total number of bytes handed out.
  @discardableResult
  public func send(while sink: (UnsafeRawBufferPointer) -> Bool) throws(NGHTTP2Error) -> Int {
    try withoutActuallyEscaping(sink) { (sink) throws(NGHTTP2Error) -> Int in
      // DATA served without copying (``HTTP2BodyRead/bytesNoCopy(count:endOfBody:endStream:)``)
      // is written by nghttp2's send_data callback, which reaches `sink` through this.
      currentSink = sink
      defer { currentSink = Self.noSink }
      var total = 0
      while true {
        var pointer: UnsafePointer<UInt8>?
        let n = try NGHTTP2Error.check(nghttp2_session_mem_send(raw, &pointer), "nghttp2_session_mem_send")
        guard n > 0, let pointer else { return total }
        total += n
        if !sink(UnsafeRawBufferPointer(start: pointer, count: n)) { return total }
      }
    }
  }

  /// The last few header values received that were too long for a small string (over 15
  /// bytes, so a heap allocation each): a request's `:path`, `content-type` and `user-agent`,
  /// a response's `application/grpc`. Four, replaced in turn: one was not enough for a server,
  /// whose three long request values took turns evicting each other on every call.
  private var recentLongValues = ["", "", "", ""]
  private var nextLongValueSlot = 0

  /// A received header value as a `String`: the same string as a recent long one when the bytes
  /// match, so that a value every request or response repeats is not allocated again each time.
  func headerValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
    for value in recentLongValues
    where value.utf8.count == bytes.count
      && value.utf8.withContiguousStorageIfAvailable({ $0.elementsEqual(bytes) }) == true
    {
      return value
    }
    let value = String(decoding: bytes, as: UTF8.self)
    recentLongValues[nextLongValueSlot] = value
    nextLongValueSlot = (nextLongValueSlot + 1) % recentLongValues.count
    return value
  }

  /// The sink of the ``send(while:)`` in progress, for DATA frames written without copying;
  /// ``noSink`` between sends. Not an optional: storing a closure in an `Optional` goes through
  /// a reabstraction thunk, a heap allocation per send.
  var currentSink: (UnsafeRawBufferPointer) -> Bool = HTTP2Session.noSink
  /// Refuses every chunk: a send_data callback outside ``send(while:)``.
  static func noSink(_ chunk: UnsafeRawBufferPointer) -> Bool { false }

  /// The most DATA payload one frame carries, within flow control and the peer's
  /// SETTINGS_MAX_FRAME_SIZE. nghttp2's own default is 16 KiB; larger frames mean fewer
  /// callbacks and writes per byte (an 8 MiB echo runs about 10 % faster with 256 KiB frames than
  /// with 64 KiB ones), while a frame is short enough (about 50 us of socket time) that a large
  /// message does not hold back the small calls multiplexed beside it.
  public var maxDataFrameLength = 256 << 10

  /// When set, how many bytes of padding to add to a DATA frame of `payloadLength` bytes on
  /// stream `streamID` (the pad-length byte included; 0 for none), for peers that are to be
  /// tested against padded frames. nghttp2 caps it at 256 and at what flow control and the
  /// frame size allow (a frame whose payload fills its frame gets none). nil pads nothing.
  public var dataFramePadding: ((_ streamID: Int32, _ payloadLength: Int) -> Int)?

  /// True while the session expects more input (nghttp2_session_want_read).
  public var wantsRead: Bool { nghttp2_session_want_read(raw) != 0 }
  /// True while the session has frames to write (nghttp2_session_want_write).
  public var wantsWrite: Bool { nghttp2_session_want_write(raw) != 0 }
  /// False once GOAWAY was sent or received: no new request may be submitted
  /// (nghttp2_session_check_request_allowed).
  public var isRequestAllowed: Bool { nghttp2_session_check_request_allowed(raw) != 0 }
  /// The peer's SETTINGS_MAX_CONCURRENT_STREAMS as last announced.
  public var remoteMaxConcurrentStreams: UInt32 {
    nghttp2_session_get_remote_settings(raw, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS)
  }
  /// The id of the last stream this client opened (nghttp2_session_get_last_proc_stream_id for servers).
  public var lastProcessedStreamID: Int32 { nghttp2_session_get_last_proc_stream_id(raw) }

  // MARK: Submitting frames

  /// Queues a SETTINGS frame.
  public func submitSettings(_ settings: [HTTP2Setting]) throws(NGHTTP2Error) {
    let entries = settings.map { nghttp2_settings_entry(settings_id: $0.id, value: $0.value) }
    try NGHTTP2Error.check(
      nghttp2_submit_settings(raw, UInt8(NGHTTP2_FLAG_NONE.rawValue), entries, entries.count),
      "nghttp2_submit_settings")
  }

  /// Queues a request (client role) and returns the stream id it will use.
  ///
  /// - Parameters:
  ///   - headers: the header block, pseudo-headers first; nghttp2 copies it.
  ///   - body: the DATA producer, or nil for a request that ends with its HEADERS. Not retained.
  ///   - streamUserData: an opaque pointer kept with the stream.
  /// - Throws: ``NGHTTP2Error`` such as `NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE`.
  public func submitRequest(
    headers: [HeaderField], body: HTTP2BodySource?, streamUserData: UnsafeMutableRawPointer? = nil
  ) throws(NGHTTP2Error) -> Int32 {
    let rv: Int32 = withNameValues(headers) { nva in
      if let body {
        var provider = Self.provider(for: body)
        return nghttp2_submit_request(raw, nil, nva.baseAddress, nva.count, &provider, streamUserData)
      }
      return nghttp2_submit_request(raw, nil, nva.baseAddress, nva.count, nil, streamUserData)
    }
    return try NGHTTP2Error.check(rv, "nghttp2_submit_request")
  }

  /// Queues a response (server role) on `streamID`, with an optional body.
  public func submitResponse(streamID: Int32, headers: [HeaderField], body: HTTP2BodySource?)
    throws(NGHTTP2Error)
  {
    let rv: Int32 = withNameValues(headers) { nva in
      if let body {
        var provider = Self.provider(for: body)
        return nghttp2_submit_response(raw, streamID, nva.baseAddress, nva.count, &provider)
      }
      return nghttp2_submit_response(raw, streamID, nva.baseAddress, nva.count, nil)
    }
    try NGHTTP2Error.check(rv, "nghttp2_submit_response")
  }

  /// Queues a header block on an open stream without a body: a 1xx informational response
  /// (server role), or a block that ends the stream when `endStream` is true.
  public func submitHeaders(streamID: Int32, headers: [HeaderField], endStream: Bool) throws(NGHTTP2Error) {
    let flags = endStream ? UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) : UInt8(NGHTTP2_FLAG_NONE.rawValue)
    let rv = withNameValues(headers) { nva in
      nghttp2_submit_headers(raw, flags, streamID, nil, nva.baseAddress, nva.count, nil)
    }
    try NGHTTP2Error.check(rv, "nghttp2_submit_headers")
  }

  /// Queues a trailing header block that ends `streamID` (used after a body that ended with
  /// `endStream: false`).
  public func submitTrailer(streamID: Int32, headers: [HeaderField]) throws(NGHTTP2Error) {
    let rv = withNameValues(headers) { nva in
      nghttp2_submit_trailer(raw, streamID, nva.baseAddress, nva.count)
    }
    try NGHTTP2Error.check(rv, "nghttp2_submit_trailer")
  }

  /// Queues RST_STREAM for `streamID`, dropping any of its frames still queued.
  public func submitReset(streamID: Int32, errorCode: HTTP2ErrorCode) throws(NGHTTP2Error) {
    try NGHTTP2Error.check(
      nghttp2_submit_rst_stream(raw, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, errorCode.rawValue),
      "nghttp2_submit_rst_stream")
  }

  /// Queues a GOAWAY frame; streams above `lastStreamID` are refused. The session stays usable
  /// for the streams at or below it.
  public func submitGoAway(lastStreamID: Int32, errorCode: HTTP2ErrorCode, debugData: [UInt8] = [])
    throws(NGHTTP2Error)
  {
    let rv = debugData.withUnsafeBufferPointer { data in
      nghttp2_submit_goaway(
        raw, UInt8(NGHTTP2_FLAG_NONE.rawValue), lastStreamID, errorCode.rawValue, data.baseAddress, data.count)
    }
    try NGHTTP2Error.check(rv, "nghttp2_submit_goaway")
  }

  /// Queues a GOAWAY and ends the session once it is written (nghttp2_session_terminate_session).
  public func terminate(errorCode: HTTP2ErrorCode) throws(NGHTTP2Error) {
    try NGHTTP2Error.check(
      nghttp2_session_terminate_session(raw, errorCode.rawValue), "nghttp2_session_terminate_session")
  }

  /// Queues a PING carrying `opaqueData`.
  public func submitPing(opaqueData: UInt64 = 0) throws(NGHTTP2Error) {
    var data = opaqueData.bigEndian
    let rv = withUnsafeBytes(of: &data) { bytes in
      nghttp2_submit_ping(
        raw, UInt8(NGHTTP2_FLAG_NONE.rawValue), bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
    }
    try NGHTTP2Error.check(rv, "nghttp2_submit_ping")
  }

  /// Tells nghttp2 that a deferred body source has data again.
  ///
  /// - Returns: false when the stream had no deferred data or is gone (harmless).
  @discardableResult
  public func resumeData(streamID: Int32) -> Bool {
    nghttp2_session_resume_data(raw, streamID) == 0
  }

  // MARK: Receive flow control (manual window updates)

  /// Gives `count` received bytes of `streamID` back to both the stream's and the connection's
  /// receive windows (`nghttp2_session_consume`); nghttp2 queues WINDOW_UPDATE once enough is
  /// given back. Does nothing without ``manualWindowUpdates`` or for a stream nghttp2 forgot.
  public func consume(streamID: Int32, count: Int) {
    guard manualWindowUpdates, count > 0 else { return }
    _ = nghttp2_session_consume(raw, streamID, count)
  }

  /// Gives `count` received bytes back to the connection's window only
  /// (`nghttp2_session_consume_connection`).
  public func consumeConnection(count: Int) {
    guard manualWindowUpdates, count > 0 else { return }
    _ = nghttp2_session_consume_connection(raw, count)
  }

  /// Gives `count` received bytes back to the window of `streamID` only
  /// (`nghttp2_session_consume_stream`).
  public func consumeStream(streamID: Int32, count: Int) {
    guard manualWindowUpdates, count > 0 else { return }
    _ = nghttp2_session_consume_stream(raw, streamID, count)
  }

  /// Sets the receive window of `streamID` to `size` bytes, absolutely
  /// (`nghttp2_session_set_local_window_size`). Growing it queues a WINDOW_UPDATE for the
  /// difference at once. Shrinking it sends nothing: RFC 9113 has no frame that takes window
  /// back from a peer (short of SETTINGS, which moves every stream), so the peer keeps what it
  /// was granted, and nghttp2 withholds the WINDOW_UPDATEs of as many bytes instead; from then
  /// on the peer never has more than `size` to send. Does nothing for a stream nghttp2 forgot.
  public func setLocalWindowSize(streamID: Int32, size: Int32) {
    _ = nghttp2_session_set_local_window_size(raw, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, max(size, 0))
  }

  /// How many more DATA bytes this side may send on `streamID` now: the peer's stream window
  /// within the connection window (`nghttp2_session_get_stream_remote_window_size`); -1 when
  /// the stream is unknown.
  public func remoteWindowSize(streamID: Int32) -> Int {
    Int(nghttp2_session_get_stream_remote_window_size(raw, streamID))
  }

  /// How many more DATA bytes the peer may send on `streamID` now
  /// (`nghttp2_session_get_stream_local_window_size`); -1 when the stream is unknown.
  public func localWindowSize(streamID: Int32) -> Int {
    Int(nghttp2_session_get_stream_local_window_size(raw, streamID))
  }

  /// The user data given when `streamID` was submitted, while the stream is open.
  public func streamUserData(_ streamID: Int32) -> UnsafeMutableRawPointer? {
    nghttp2_session_get_stream_user_data(raw, streamID)
  }

  // MARK: Helpers

  private static func provider(for body: HTTP2BodySource) -> nghttp2_data_provider {
    let box = Unmanaged.passUnretained(body).toOpaque()
    return nghttp2_data_provider(source: nghttp2_data_source(ptr: box), read_callback: SessionCallbacks.readBody)
  }

  /// Calls `body` with `headers` as an `nghttp2_nv` array whose pointers stay valid for the call.
  private func withNameValues<R>(_ headers: [HeaderField], _ body: (UnsafeBufferPointer<nghttp2_nv>) -> R) -> R {
    // One contiguous byte buffer holds every name and value; nghttp2 copies them.
    var total = 0
    for field in headers { total += field.name.utf8.count + field.value.utf8.count }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(total, 1)) { storage in
      withUnsafeTemporaryAllocation(of: nghttp2_nv.self, capacity: max(headers.count, 1)) { nva in
        var offset = 0
        for (i, field) in headers.enumerated() {
          let name = storage.baseAddress! + offset
          offset += copyUTF8(field.name, into: storage, at: offset)
          let value = storage.baseAddress! + offset
          offset += copyUTF8(field.value, into: storage, at: offset)
          nva[i] = nghttp2_nv(
            name: name, value: value, namelen: field.name.utf8.count, valuelen: field.value.utf8.count,
            flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
        }
        return body(UnsafeBufferPointer(rebasing: nva[0..<headers.count]))
      }
    }
  }
}

private func copyUTF8(_ string: String, into storage: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
  // One memcpy for a native string (every header we build is one); byte by byte otherwise.
  if let copied = string.utf8.withContiguousStorageIfAvailable({ bytes -> Int in
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
    (storage.baseAddress! + offset).update(from: base, count: bytes.count)
    return bytes.count
  }) {
    return copied
  }
  var copied = 0
  for byte in string.utf8 {
    storage[offset + copied] = byte
    copied += 1
  }
  return copied
}
