import CNGHTTP2

/// The C callbacks nghttp2 calls, each turning its arguments into one ``HTTP2SessionDelegate``
/// call. They capture nothing (they are `@convention(c)`); the session arrives as `user_data`.
enum SessionCallbacks {
  static func install(on callbacks: OpaquePointer?) {
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders)
    nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader)
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrameReceive)
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunk)
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose)
    nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, onFrameNotSent)
    nghttp2_session_callbacks_set_error_callback2(callbacks, onError)
    nghttp2_session_callbacks_set_send_data_callback(callbacks, sendData)
    nghttp2_session_callbacks_set_data_source_read_length_callback(callbacks, dataLength)
    nghttp2_session_callbacks_set_select_padding_callback(callbacks, selectPadding)
  }

  @inline(__always)
  static func session(_ userData: UnsafeMutableRawPointer?) -> HTTP2Session? {
    guard let userData else { return nil }
    return Unmanaged<HTTP2Session>.fromOpaque(userData).takeUnretainedValue()
  }

  static func category(_ cat: nghttp2_headers_category) -> HeaderCategory {
    switch cat {
    case NGHTTP2_HCAT_REQUEST: .request
    case NGHTTP2_HCAT_RESPONSE: .response
    case NGHTTP2_HCAT_PUSH_RESPONSE: .pushResponse
    default: .headers
    }
  }

  static let onBeginHeaders: nghttp2_on_begin_headers_callback = { _, frame, userData in
    guard let session = session(userData), let frame else { return 0 }
    guard frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue) else { return 0 }
    session.delegate.session(
      session, didBeginHeaders: frame.pointee.hd.stream_id, category: category(frame.pointee.headers.cat))
    return 0
  }

  static let onHeader: nghttp2_on_header_callback = { _, frame, name, nameLength, value, valueLength, _, userData in
    guard let session = session(userData), let frame else { return 0 }
    guard frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue) else { return 0 }
    let field = HeaderField(
      String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self),
      session.headerValue(UnsafeBufferPointer(start: value, count: valueLength)))
    let keep = session.delegate.session(
      session, didReceiveHeader: field, streamID: frame.pointee.hd.stream_id,
      category: category(frame.pointee.headers.cat))
    return keep ? 0 : NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue
  }

  static let onFrameReceive: nghttp2_on_frame_recv_callback = { _, frame, userData in
    guard let session = session(userData), let frame else { return 0 }
    session.delegate.session(session, didReceive: event(frame.pointee))
    return 0
  }

  static func event(_ frame: nghttp2_frame) -> HTTP2FrameEvent {
    let hd = frame.hd
    let endStream = hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
    let ack = hd.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0
    switch Int(hd.type) {
    case Int(NGHTTP2_HEADERS.rawValue):
      return .headers(streamID: hd.stream_id, category: category(frame.headers.cat), endStream: endStream)
    case Int(NGHTTP2_DATA.rawValue):
      return .data(streamID: hd.stream_id, endStream: endStream)
    case Int(NGHTTP2_RST_STREAM.rawValue):
      return .rstStream(streamID: hd.stream_id, errorCode: HTTP2ErrorCode(rawValue: frame.rst_stream.error_code))
    case Int(NGHTTP2_SETTINGS.rawValue):
      let settings = frame.settings
      var entries: [HTTP2Setting] = []
      if let iv = settings.iv {
        entries.reserveCapacity(settings.niv)
        for i in 0..<settings.niv { entries.append(HTTP2Setting(id: iv[i].settings_id, value: iv[i].value)) }
      }
      return .settings(ack: ack, entries: entries)
    case Int(NGHTTP2_PING.rawValue):
      let opaque = withUnsafeBytes(of: frame.ping.opaque_data) { UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)) }
      return .ping(ack: ack, opaqueData: opaque)
    case Int(NGHTTP2_GOAWAY.rawValue):
      let goaway = frame.goaway
      var debug: [UInt8] = []
      if let data = goaway.opaque_data, goaway.opaque_data_len > 0 {
        debug = Array(UnsafeBufferPointer(start: data, count: goaway.opaque_data_len))
      }
      return .goAway(
        lastStreamID: goaway.last_stream_id, errorCode: HTTP2ErrorCode(rawValue: goaway.error_code), debugData: debug)
    case Int(NGHTTP2_WINDOW_UPDATE.rawValue):
      return .windowUpdate(streamID: hd.stream_id, increment: frame.window_update.window_size_increment)
    default:
      return .other(type: hd.type, streamID: hd.stream_id)
    }
  }

  static let onDataChunk: nghttp2_on_data_chunk_recv_callback = { _, _, streamID, data, length, userData in
    guard let session = session(userData) else { return 0 }
    session.delegate.session(
      session, didReceiveData: UnsafeRawBufferPointer(start: data, count: length), streamID: streamID)
    return 0
  }

  static let onStreamClose: nghttp2_on_stream_close_callback = { _, streamID, errorCode, userData in
    guard let session = session(userData) else { return 0 }
    session.delegate.session(session, didCloseStream: streamID, errorCode: HTTP2ErrorCode(rawValue: errorCode))
    return 0
  }

  static let onFrameNotSent: nghttp2_on_frame_not_send_callback = { _, frame, errorCode, userData in
    guard let session = session(userData), let frame else { return 0 }
    // Only a request's opening HEADERS matters: without it the stream never existed for the
    // peer, and nghttp2 reports nothing more about it.
    guard frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue),
      frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST
    else { return 0 }
    session.delegate.session(
      session, didFailToSendOn: frame.pointee.hd.stream_id,
      error: NGHTTP2Error(code: errorCode, function: "nghttp2_session_mem_send"))
    return 0
  }

  static let onError: nghttp2_error_callback2 = { _, code, message, length, userData in
    guard let session = session(userData), let message else { return 0 }
    session.lastPeerError = NGHTTP2Error(code: code, function: "nghttp2_session_mem_recv")
    let text = message.withMemoryRebound(to: UInt8.self, capacity: length) {
      String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    session.delegate.session(session, diagnostic: text)
    return 0
  }

  static let readBody: nghttp2_data_source_read_callback = { _, streamID, buffer, length, flags, source, userData in
    guard let session = session(userData), let pointer = source?.pointee.ptr, let buffer, let flags else {
      return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
    }
    let body = Unmanaged<HTTP2BodySource>.fromOpaque(pointer).takeUnretainedValue()
    switch body.readBody(
      into: UnsafeMutableRawBufferPointer(start: buffer, count: length), streamID: streamID, session: session)
    {
    case .bytes(let count, let endOfBody, let endStream):
      if endOfBody {
        flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
        if !endStream { flags.pointee |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue }
      }
      return count
    case .bytesNoCopy(let count, let endOfBody, let endStream):
      flags.pointee |= NGHTTP2_DATA_FLAG_NO_COPY.rawValue
      if endOfBody {
        flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
        if !endStream { flags.pointee |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue }
      }
      return count
    case .deferred:
      return Int(NGHTTP2_ERR_DEFERRED.rawValue)
    case .fail:
      return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
    }
  }

  /// How much DATA one frame may carry: the session's ``HTTP2Session/maxDataFrameLength``
  /// within what flow control and the peer's SETTINGS_MAX_FRAME_SIZE allow (nghttp2 would use
  /// 16 KiB otherwise).
  static let dataLength: nghttp2_data_source_read_length_callback = {
    _, _, _, sessionWindow, streamWindow, maxFrameSize, userData in
    let cap = session(userData)?.maxDataFrameLength ?? (16 << 10)
    return max(1, min(cap, Int(sessionWindow), Int(streamWindow), Int(maxFrameSize)))
  }

  /// The padded length of a frame about to be sent: its payload plus what the session's
  /// ``HTTP2Session/dataFramePadding`` asks for a DATA frame, within what nghttp2 allows; other
  /// frames, and every frame without that hook, go unpadded.
  static let selectPadding: nghttp2_select_padding_callback = { _, frame, maxPayloadLength, userData in
    guard let frame else { return 0 }
    let length = frame.pointee.hd.length
    guard frame.pointee.hd.type == UInt8(NGHTTP2_DATA.rawValue), let pad = session(userData)?.dataFramePadding else {
      return length
    }
    let padding = max(0, pad(frame.pointee.hd.stream_id, length))
    return min(length + padding, maxPayloadLength)
  }

  /// Writes a DATA frame whose payload the body source serves without copying, through the
  /// sink of the ``HTTP2Session/send(while:)`` in progress: the 9-byte frame header, the pad
  /// length byte if padded, the payload from the source, the padding. A sink that says "stop"
  /// (the socket is full; it kept what it could not write) pauses `mem_send` after this frame.
  static let sendData: nghttp2_send_data_callback = { _, frame, header, length, source, userData in
    guard let session = session(userData), let frame, let header, let pointer = source?.pointee.ptr else {
      return NGHTTP2_ERR_CALLBACK_FAILURE.rawValue
    }
    let sink = session.currentSink
    let body = Unmanaged<HTTP2BodySource>.fromOpaque(pointer).takeUnretainedValue()
    var keepGoing = sink(UnsafeRawBufferPointer(start: header, count: 9))
    let padding = frame.pointee.data.padlen
    if padding > 0 {
      var padLength = UInt8(truncatingIfNeeded: padding - 1)
      keepGoing = withUnsafeBytes(of: &padLength) { sink($0) } && keepGoing
    }
    body.writeBody(count: length, streamID: frame.pointee.hd.stream_id) { bytes in
      keepGoing = sink(bytes) && keepGoing
    }
    if padding > 1 {
      let zeros = [UInt8](repeating: 0, count: padding - 1)
      keepGoing = zeros.withUnsafeBytes { sink($0) } && keepGoing
    }
    return keepGoing ? 0 : NGHTTP2_ERR_PAUSE.rawValue
  }
}
