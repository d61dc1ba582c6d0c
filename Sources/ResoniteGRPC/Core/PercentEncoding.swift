/// The percent-encoding of the `grpc-message` header (gRPC PROTOCOL-HTTP2.md).
///
/// Bytes 0x20-0x24 and 0x26-0x7E pass through; every other byte of the UTF-8 text, `%`
/// included, is written as `%XX`.
public enum PercentEncoding {
  /// Encodes `message` for the wire.
  public static func encode(_ message: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(message.utf8.count)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in message.utf8 {
      if (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "%") {
        out.append(byte)
      } else {
        out.append(UInt8(ascii: "%"))
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 0xF)])
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes a wire value leniently: never throws and never drops the message. An invalid `%`
  /// sequence is kept as it is; bytes that are not valid UTF-8 become U+FFFD.
  public static func decode(_ value: String) -> String {
    let bytes = Array(value.utf8)
    guard bytes.contains(UInt8(ascii: "%")) else { return value }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
        let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2])
      {
        out.append(hi << 4 | lo)
        i += 3
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
