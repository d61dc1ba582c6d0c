/// Float32 samples as little-endian bytes and back: the layout of raw `f32le` PCM and of an
/// IEEE-float WAV file's data (`resoio record`'s audio, `resoio mic`'s stdin and WAV input).
///
/// The ResoniteIO library has its own copy for the microphone's wire frames: it is public API
/// that must not depend on this media target (which links FFmpeg).
public enum Float32LittleEndian {
  /// `samples` as 4 little-endian bytes each.
  public static func bytes(_ samples: [Float]) -> [UInt8] {
    #if _endian(little)
      return samples.withUnsafeBytes { Array($0) }
    #else
      var bytes = [UInt8](repeating: 0, count: samples.count * 4)
      bytes.withUnsafeMutableBytes { out in
        for (i, sample) in samples.enumerated() {
          out.storeBytes(of: sample.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
        }
      }
      return bytes
    #endif
  }

  /// The samples of `bytes`, 4 little-endian bytes each (a partial last one is left out).
  public static func samples(_ bytes: [UInt8]) -> [Float] {
    bytes.withUnsafeBytes { raw in
      (0..<(raw.count / 4)).map {
        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
      }
    }
  }
}
