import CResoniteMedia

/// RGB to YUV with the BT.601 matrix at full range (0-255 for Y, U and V), exactly as the
/// reference CLI computes it with numpy in float64:
///
///     Y = 0.299 R + 0.587 G + 0.114 B
///     U = -0.168736 R - 0.331264 G + 0.5 B + 128
///     V = 0.5 R - 0.418688 G - 0.081312 B + 128
///
/// each summed left to right, clipped to 0...255 and truncated to an integer (numpy's
/// `clip(...).astype(uint8)`), so every byte is the reference's. The loop is C
/// (`CResoniteMedia`), fast in a debug build too.
public enum BT601FullRange {
  /// The Y, U and V bytes of one pixel.
  public static func yuv(r: UInt8, g: UInt8, b: UInt8) -> (y: UInt8, u: UInt8, v: UInt8) {
    let rgba: [UInt8] = [r, g, b, 255]
    var (y, u, v): (UInt8, UInt8, UInt8) = (0, 0, 0)
    resonite_media_rgba_to_yuv444_bt601(rgba, 1, &y, &u, &v)
    return (y, u, v)
  }

  /// Converts `count` RGBA pixels (`rgba`: at least `4 * count` bytes) into three planes of
  /// `count` bytes each.
  public static func convert(
    rgba: UnsafeRawBufferPointer, count: Int, y: UnsafeMutablePointer<UInt8>, u: UnsafeMutablePointer<UInt8>,
    v: UnsafeMutablePointer<UInt8>
  ) {
    precondition(rgba.count >= 4 * count, "\(rgba.count) bytes for \(count) RGBA pixels")
    guard count > 0 else { return }
    resonite_media_rgba_to_yuv444_bt601(rgba.baseAddress!.assumingMemoryBound(to: UInt8.self), count, y, u, v)
  }
}
