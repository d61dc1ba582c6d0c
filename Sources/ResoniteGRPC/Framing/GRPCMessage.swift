/// One gRPC message as carried on the wire: the payload and whether it is compressed.
public struct GRPCMessage: Sendable, Hashable {
  /// The message bytes (serialized, possibly compressed).
  public var bytes: [UInt8]
  /// The compressed flag of the 5-byte prefix.
  public var compressed: Bool

  /// Creates a message.
  public init(bytes: [UInt8], compressed: Bool = false) {
    self.bytes = bytes
    self.compressed = compressed
  }

  /// The length of the prefix that precedes every message: 1 flag byte, 4 length bytes.
  public static let prefixLength = 5

  /// The 5-byte prefix for a payload of `length` bytes.
  public static func prefix(length: Int, compressed: Bool) -> [UInt8] {
    let n = UInt32(truncatingIfNeeded: length)
    return [compressed ? 1 : 0, UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
  }

  /// The message framed for the wire: prefix then payload.
  public var framed: [UInt8] { Self.prefix(length: bytes.count, compressed: compressed) + bytes }
}
