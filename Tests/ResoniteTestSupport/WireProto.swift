/// Hand-written protobuf encoding and decoding for the few fields tests touch, so that what a
/// server or client sent is checked against the wire format rather than against the same
/// generated code.
public enum WireProto {
  /// A field value as read from the wire.
  public enum Value: Equatable, Sendable {
    case varint(UInt64)
    case bytes([UInt8])
  }

  /// A varint on its own (no field key).
  public static func varint(_ value: UInt64) -> [UInt8] {
    var value = value
    var out: [UInt8] = []
    repeat {
      var byte = UInt8(value & 0x7F)
      value >>= 7
      if value != 0 { byte |= 0x80 }
      out.append(byte)
    } while value != 0
    return out
  }

  /// A varint field (wire type 0).
  public static func varint(_ field: Int, _ value: UInt64) -> [UInt8] {
    varint(UInt64(field << 3)) + varint(value)
  }

  /// A length-delimited field (wire type 2).
  public static func bytes(_ field: Int, _ payload: [UInt8]) -> [UInt8] {
    varint(UInt64(field << 3 | 2)) + varint(UInt64(payload.count)) + payload
  }

  /// A string field.
  public static func string(_ field: Int, _ text: String) -> [UInt8] {
    bytes(field, Array(text.utf8))
  }

  /// A fixed32 field (wire type 5), little-endian.
  public static func fixed32(_ field: Int, _ value: UInt32) -> [UInt8] {
    varint(UInt64(field << 3 | 5)) + (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
  }

  /// `value` as 4 big-endian bytes (a gRPC message's length prefix).
  public static func bigEndian32(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
  }

  /// The encoded fields one after another: a message.
  public static func message(_ fields: [[UInt8]]) -> [UInt8] { fields.flatMap { $0 } }

  /// Reads a varint at `index`, moving it past the varint.
  public static func readVarint(_ bytes: [UInt8], _ index: inout Int) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { break }
      shift += 7
    }
    return result
  }

  /// Decodes the varint and length-delimited fields of a message by number (the last one
  /// wins); stops at the first field of another wire type.
  public static func decode(_ bytes: [UInt8]) -> [Int: Value] {
    var fields: [Int: Value] = [:]
    var index = 0
    while index < bytes.count {
      let key = readVarint(bytes, &index)
      let field = Int(key >> 3)
      switch key & 7 {
      case 0:
        fields[field] = .varint(readVarint(bytes, &index))
      case 2:
        let length = Int(readVarint(bytes, &index))
        let end = min(index + length, bytes.count)
        fields[field] = .bytes(Array(bytes[index..<end]))
        index = end
      default:
        return fields
      }
    }
    return fields
  }

  /// A decoded string field.
  public static func stringField(_ fields: [Int: Value], _ number: Int) -> String? {
    if case .bytes(let b)? = fields[number] { return String(decoding: b, as: UTF8.self) }
    return nil
  }

  /// A decoded varint field.
  public static func varintField(_ fields: [Int: Value], _ number: Int) -> UInt64? {
    if case .varint(let v)? = fields[number] { return v }
    return nil
  }
}
