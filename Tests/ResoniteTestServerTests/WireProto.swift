/// Hand-written protobuf encoding for the few fields the tests touch, so the server's
/// messages are checked against the wire format rather than against the same generated code.
enum WireProto {
  /// A field value as read from the wire.
  enum Value: Equatable {
    case varint(UInt64)
    case bytes([UInt8])
  }

  /// Encodes a string field.
  static func string(_ field: Int, _ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    return varint(UInt64(field << 3 | 2)) + varint(UInt64(bytes.count)) + bytes
  }

  /// Encodes a varint.
  static func varint(_ value: UInt64) -> [UInt8] {
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

  /// Decodes the varint and length-delimited fields of a message by number (last one wins).
  static func decode(_ bytes: [UInt8]) -> [Int: Value] {
    var fields: [Int: Value] = [:]
    var index = 0
    func readVarint() -> UInt64 {
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
    while index < bytes.count {
      let key = readVarint()
      let field = Int(key >> 3)
      switch key & 7 {
      case 0:
        fields[field] = .varint(readVarint())
      case 2:
        let length = Int(readVarint())
        fields[field] = .bytes(Array(bytes[index..<min(index + length, bytes.count)]))
        index += length
      default:
        return fields
      }
    }
    return fields
  }

  /// A decoded string field.
  static func stringField(_ fields: [Int: Value], _ number: Int) -> String? {
    if case .bytes(let b)? = fields[number] { return String(decoding: b, as: UTF8.self) }
    return nil
  }

  /// A decoded varint field.
  static func varintField(_ fields: [Int: Value], _ number: Int) -> UInt64? {
    if case .varint(let v)? = fields[number] { return v }
    return nil
  }
}
