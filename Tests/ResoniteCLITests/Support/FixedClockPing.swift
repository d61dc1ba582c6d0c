import ResoniteTestServer

/// A `Connection.Ping` handler that echoes the message with a fixed `server_unix_nanos`, so a
/// test can check the exact integer the CLI prints. The protobuf is coded by hand: field 1
/// (string) and field 2 (int64 varint) are all there is.
enum FixedClockPing {
  /// Above 2^53 and not a multiple of a large power of two: a trip through a `Double` would
  /// change its last digits (it would become 1764000000123456768).
  static let nanos: Int64 = 1_764_000_000_123_456_789

  static let handler: UnaryHandler = { request in
    .response(encodeResponse(message: decodeMessage(request.message), nanos: nanos))
  }

  /// Field 1 of a PingRequest (empty when absent).
  static func decodeMessage(_ bytes: [UInt8]) -> [UInt8] {
    var index = 0
    while index < bytes.count {
      let tag = readVarint(bytes, &index)
      switch tag & 7 {
      case 0:
        _ = readVarint(bytes, &index)
      case 2:
        let length = Int(readVarint(bytes, &index))
        let end = min(index + length, bytes.count)
        if tag >> 3 == 1 { return Array(bytes[index..<end]) }
        index = end
      default:
        return []
      }
    }
    return []
  }

  /// A PingResponse with `message` and `nanos`.
  static func encodeResponse(message: [UInt8], nanos: Int64) -> [UInt8] {
    var out: [UInt8] = []
    if !message.isEmpty {
      out.append(0x0A)
      appendVarint(UInt64(message.count), to: &out)
      out += message
    }
    out.append(0x10)
    appendVarint(UInt64(bitPattern: nanos), to: &out)
    return out
  }

  private static func readVarint(_ bytes: [UInt8], _ index: inout Int) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { break }
      shift += 7
    }
    return value
  }

  private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      out.append(UInt8(value & 0x7F) | 0x80)
      value >>= 7
    }
    out.append(UInt8(value))
  }
}
