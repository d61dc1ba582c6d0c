/// One HTTP/2 frame built or parsed by hand (RFC 9113 §4.1): a 9-byte header (24-bit length,
/// type, flags, 31-bit stream id) and the payload. Lets a test write what no correct server
/// would.
struct H2Frame: Sendable, Hashable, CustomStringConvertible {
  var type: UInt8
  var flags: UInt8
  var streamID: UInt32
  var payload: [UInt8]

  static let data: UInt8 = 0x0
  static let headers: UInt8 = 0x1
  static let rstStream: UInt8 = 0x3
  static let settings: UInt8 = 0x4
  static let ping: UInt8 = 0x6
  static let goAway: UInt8 = 0x7
  static let windowUpdate: UInt8 = 0x8
  static let continuation: UInt8 = 0x9

  static let endStream: UInt8 = 0x1
  static let ack: UInt8 = 0x1
  static let endHeaders: UInt8 = 0x4

  /// SETTINGS_INITIAL_WINDOW_SIZE (RFC 9113 §6.5.2).
  static let initialWindowSizeSetting: UInt16 = 0x4

  /// The client connection preface (RFC 9113 §3.4).
  static let clientPreface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

  var isEndStream: Bool { flags & Self.endStream != 0 }

  /// The frame as it goes on the wire.
  var bytes: [UInt8] {
    let length = payload.count
    var out: [UInt8] = [
      UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8),
      UInt8(truncatingIfNeeded: length),
      type, flags,
    ]
    out += Self.bigEndian(streamID & 0x7fff_ffff)
    return out + payload
  }

  var description: String { "frame(type \(type), flags \(flags), stream \(streamID), \(payload.count) bytes)" }

  // MARK: Builders

  static func settings(_ entries: [(UInt16, UInt32)] = []) -> H2Frame {
    var payload: [UInt8] = []
    for (id, value) in entries { payload += [UInt8(id >> 8), UInt8(id & 0xff)] + bigEndian(value) }
    return H2Frame(type: settings, flags: 0, streamID: 0, payload: payload)
  }

  static let settingsAck = H2Frame(type: settings, flags: ack, streamID: 0, payload: [])

  /// A HEADERS frame with the whole block (END_HEADERS) unless `endHeaders` is false.
  static func headers(stream: UInt32, _ fields: [(String, String)], endStream: Bool, endHeaders: Bool = true) -> H2Frame
  {
    headers(stream: stream, block: HPACK.literal(fields), endStream: endStream, endHeaders: endHeaders)
  }

  static func headers(stream: UInt32, block: [UInt8], endStream: Bool, endHeaders: Bool) -> H2Frame {
    H2Frame(
      type: headers, flags: (endStream ? Self.endStream : 0) | (endHeaders ? Self.endHeaders : 0), streamID: stream,
      payload: block)
  }

  static func continuation(stream: UInt32, block: [UInt8], endHeaders: Bool) -> H2Frame {
    H2Frame(type: continuation, flags: endHeaders ? Self.endHeaders : 0, streamID: stream, payload: block)
  }

  static func data(stream: UInt32, _ payload: [UInt8], endStream: Bool = false) -> H2Frame {
    H2Frame(type: data, flags: endStream ? Self.endStream : 0, streamID: stream, payload: payload)
  }

  static func goAway(lastStreamID: UInt32, errorCode: UInt32 = 0) -> H2Frame {
    H2Frame(type: goAway, flags: 0, streamID: 0, payload: bigEndian(lastStreamID & 0x7fff_ffff) + bigEndian(errorCode))
  }

  static func windowUpdate(stream: UInt32, increment: UInt32) -> H2Frame {
    H2Frame(type: windowUpdate, flags: 0, streamID: stream, payload: bigEndian(increment & 0x7fff_ffff))
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
  }

  // MARK: gRPC on top

  /// Response headers of a healthy gRPC answer.
  static let grpcResponseHeaders = [(":status", "200"), ("content-type", "application/grpc")]

  /// One length-prefixed gRPC message (uncompressed).
  static func grpcMessage(_ payload: [UInt8]) -> [UInt8] {
    [0] + bigEndian(UInt32(payload.count)) + payload
  }

  /// A complete, correct unary answer on `stream`: headers, one message, OK trailers.
  static func okResponse(stream: UInt32, message: [UInt8]) -> [UInt8] {
    headers(stream: stream, grpcResponseHeaders, endStream: false).bytes
      + data(stream: stream, grpcMessage(message)).bytes
      + headers(stream: stream, [("grpc-status", "0")], endStream: true).bytes
  }

  // MARK: Parsing

  /// Takes one whole frame off the front of `buffer`, or nil when it holds less than one.
  static func parse(_ buffer: inout [UInt8]) -> H2Frame? {
    guard buffer.count >= 9 else { return nil }
    let length = Int(buffer[0]) << 16 | Int(buffer[1]) << 8 | Int(buffer[2])
    guard buffer.count >= 9 + length else { return nil }
    let stream = buffer[5..<9].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } & 0x7fff_ffff
    let frame = H2Frame(type: buffer[3], flags: buffer[4], streamID: stream, payload: Array(buffer[9..<(9 + length)]))
    buffer.removeFirst(9 + length)
    return frame
  }
}

/// HPACK (RFC 7541) reduced to what a test server needs: every field as a "literal header field
/// without indexing — new name" (§6.2.2), strings without Huffman coding. Any decoder accepts
/// it and it needs no table state.
enum HPACK {
  static func literal(_ fields: [(String, String)]) -> [UInt8] {
    var out: [UInt8] = []
    for (name, value) in fields {
      out.append(0x00)
      string(Array(name.utf8), into: &out)
      string(Array(value.utf8), into: &out)
    }
    return out
  }

  private static func string(_ bytes: [UInt8], into out: inout [UInt8]) {
    integer(bytes.count, prefixBits: 7, into: &out)
    out += bytes
  }

  /// §5.1: an integer in an N-bit prefix, continued in 7-bit groups.
  private static func integer(_ value: Int, prefixBits: Int, into out: inout [UInt8]) {
    let limit = (1 << prefixBits) - 1
    guard value >= limit else {
      out.append(UInt8(value))
      return
    }
    out.append(UInt8(limit))
    var rest = value - limit
    while rest >= 128 {
      out.append(UInt8(rest % 128 + 128))
      rest /= 128
    }
    out.append(UInt8(rest))
  }
}
