#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Test payloads: deterministic pseudo-random bytes, and a fast exact comparison (debug builds
/// compare arrays of tens of MiB element by element much too slowly).
public enum Payload {
  /// `count` bytes from a xorshift generator seeded with `seed`.
  public static func make(count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed | 1
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      let raw = UnsafeMutableRawBufferPointer(buffer)
      var offset = 0
      while offset + 8 <= count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        raw.storeBytes(of: state, toByteOffset: offset, as: UInt64.self)
        offset += 8
      }
      while offset < count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        raw[offset] = UInt8(truncatingIfNeeded: state)
        offset += 1
      }
      initialized = count
    }
  }

  /// True when the two arrays hold the same bytes.
  public static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    if lhs.isEmpty { return true }
    return lhs.withUnsafeBytes { a in
      rhs.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
    }
  }

  /// A 16-byte digest: the length, then a 64-bit FNV-1a over the bytes taken 8 at a time
  /// (fast enough in debug builds for tens of MiB).
  public static func digest(_ bytes: [UInt8]) -> [UInt8] {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset + 8 <= raw.count {
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x0000_0100_0000_01B3
        offset += 8
      }
      while offset < raw.count {
        hash = (hash ^ UInt64(raw[offset])) &* 0x0000_0100_0000_01B3
        offset += 1
      }
    }
    return withUnsafeBytes(of: UInt64(bytes.count).bigEndian, Array.init)
      + withUnsafeBytes(of: hash.bigEndian, Array.init)
  }
}
