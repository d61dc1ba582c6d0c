/// Reads protobuf wire format from an array without copying (for the messages whose bytes
/// fields stay where they arrived: camera frames, speaker chunks, and the test server's camera).
package struct WireReader {
  /// The message.
  package let bytes: [UInt8]
  /// Where the next read starts.
  package var index = 0

  /// A reader at the start of `bytes`.
  package init(bytes: [UInt8]) { self.bytes = bytes }

  /// True when every byte was read.
  package var atEnd: Bool { index >= bytes.count }

  /// A base-128 varint; nil when the bytes end inside it or it is longer than 10 bytes.
  package mutating func varint() -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while index < bytes.count, shift < 64 {
      let byte = bytes[index]
      index += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
    return nil
  }

  /// A field key: its number (never 0) and its wire type; nil when malformed.
  package mutating func key() -> (field: UInt64, wireType: UInt64)? {
    guard let key = varint(), key >> 3 != 0 else { return nil }
    return (key >> 3, key & 7)
  }

  /// A length-delimited field's bytes, as a range of ``bytes``; nil when it runs past the end.
  package mutating func lengthDelimited() -> Range<Int>? {
    guard let length = varint(), length <= UInt64(bytes.count - index) else { return nil }
    let range = index..<(index + Int(length))
    index += Int(length)
    return range
  }

  /// A little-endian fixed32 (a `float` field's bits); nil when fewer than 4 bytes are left.
  package mutating func fixed32() -> UInt32? {
    guard bytes.count - index >= 4 else { return nil }
    let value = bytes[index..<(index + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    index += 4
    return value
  }

  /// Skips a field of `wireType`; false when malformed or of a wire type that cannot be skipped.
  package mutating func skip(_ wireType: UInt64) -> Bool {
    switch wireType {
    case 0: return varint() != nil
    case 1: guard bytes.count - index >= 8 else { return false }; index += 8; return true
    case 2: return lengthDelimited() != nil
    case 5: guard bytes.count - index >= 4 else { return false }; index += 4; return true
    default: return false
    }
  }
}

/// Writes protobuf wire format by hand, for the messages built around a preallocated buffer.
package enum WireWriter {
  /// Appends `value` as a base-128 varint.
  package static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }
}
