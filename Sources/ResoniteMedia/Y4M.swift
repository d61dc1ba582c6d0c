/// YUV4MPEG2 (Y4M) output as the reference CLI writes it: 4:4:4 planes (`C444`), progressive,
/// square pixels, each frame converted from RGBA8 with ``BT601FullRange``.
///
/// A stream is ``header(width:height:fps:)`` once, then per frame `FRAME\n` and the Y, U and V
/// planes, `width * height` bytes each, row 0 first (``writeFrame(rgba:width:height:into:)``,
/// into a buffer of ``frameSize(width:height:)`` bytes that can be reused frame after frame).
public enum Y4M {
  /// `YUV4MPEG2 W<w> H<h> F<num>:<den> Ip A1:1 C444\n`, the rate from ``FrameRate/fraction(_:maxDenominator:)``.
  public static func header(width: Int, height: Int, fps: Double) -> [UInt8] {
    let rate = FrameRate.fraction(fps)
    return Array("YUV4MPEG2 W\(width) H\(height) F\(rate.numerator):\(rate.denominator) Ip A1:1 C444\n".utf8)
  }

  /// The bytes of one frame: 6 for `FRAME\n` plus 3 planes of `width * height`.
  public static func frameSize(width: Int, height: Int) -> Int { frameMarker.count + 3 * width * height }

  /// Writes `FRAME\n` and the Y, U, V planes of `rgba` (`width * height * 4` bytes, row 0
  /// first; alpha ignored) to the start of `out`.
  /// - Precondition: `rgba.count == width * height * 4` and `out.count >= frameSize(width:height:)`.
  public static func writeFrame(
    rgba: UnsafeRawBufferPointer, width: Int, height: Int, into out: UnsafeMutableRawBufferPointer
  ) {
    let pixels = width * height
    precondition(rgba.count == pixels * 4, "\(rgba.count) bytes for a \(width)x\(height) RGBA frame")
    precondition(
      out.count >= frameSize(width: width, height: height), "a \(out.count)-byte buffer for a \(width)x\(height) frame")
    out.copyBytes(from: frameMarker)
    let y = (out.baseAddress! + frameMarker.count).assumingMemoryBound(to: UInt8.self)
    BT601FullRange.convert(rgba: rgba, count: pixels, y: y, u: y + pixels, v: y + 2 * pixels)
  }

  private static let frameMarker: [UInt8] = Array("FRAME\n".utf8)
}
