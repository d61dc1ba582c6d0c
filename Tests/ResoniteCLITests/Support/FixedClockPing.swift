import ResoniteTestServer
import ResoniteTestSupport

/// A `Connection.Ping` handler that echoes the message with a fixed `server_unix_nanos`, so a
/// test can check the exact integer the CLI prints. The protobuf is coded by hand (``WireProto``):
/// field 1 (string) and field 2 (int64 varint) are all there is.
enum FixedClockPing {
  /// Above 2^53 and not a multiple of a large power of two: a trip through a `Double` would
  /// change its last digits (it would become 1764000000123456768).
  static let nanos: Int64 = 1_764_000_000_123_456_789

  static let handler: UnaryHandler = { request in
    .response(encodeResponse(message: decodeMessage(request.message), nanos: nanos))
  }

  /// Field 1 of a PingRequest (empty when absent).
  static func decodeMessage(_ bytes: [UInt8]) -> [UInt8] {
    guard case .bytes(let message)? = WireProto.decode(bytes)[1] else { return [] }
    return message
  }

  /// A PingResponse with `message` and `nanos`.
  static func encodeResponse(message: [UInt8], nanos: Int64) -> [UInt8] {
    (message.isEmpty ? [] : WireProto.bytes(1, message)) + WireProto.varint(2, UInt64(bitPattern: nanos))
  }
}
