/// YUV4MPEG2 (Y4M) output as the reference CLI writes it: 4:4:4 planes (`C444`), progressive,
/// square pixels, each frame converted from RGBA8 with ``BT601FullRange``.
///
/// A stream is ``header(width:height:fps:)`` once, then ``appendFrame(rgba:width:height:to:)``
/// per frame: `FRAME\n` and the Y, U and V planes, `width * height` bytes each, row 0 first.
public enum Y4M {
  /// `YUV4MPEG2 W<w> H<h> F<num>:<den> Ip A1:1 C444\n`, the rate from ``FrameRate/fraction(_:maxDenominator:)``.
  public static func header(width: Int, height: Int, fps: Double) -> [UInt8] {
    let rate = FrameRate.fraction(fps)
    return Array("YUV4MPEG2 W\(width) H\(height) F\(rate.numerator):\(rate.denominator) Ip A1:1 C444\n".utf8)
  }

  /// The bytes of one frame: 6 for `FRAME\n` plus 3 planes of `width * height`.
  public static func frameSize(width: Int, height: Int) -> Int { 6 + 3 * width * height }

  /// Appends `FRAME\n` and the Y, U, V planes of `rgba` (`width * height * 4` bytes, row 0
  /// first; alpha ignored) to `out`.
  /// - Precondition: `rgba.count == width * height * 4`.
  public static func appendFrame(rgba: UnsafeRawBufferPointer, width: Int, height: Int, to out: inout [UInt8]) {
    let pixels = width * height
    precondition(rgba.count == pixels * 4, "\(rgba.count) bytes for a \(width)x\(height) RGBA frame")
    let start = out.count
    out.append(contentsOf: frameMarker)
    out.append(contentsOf: repeatElement(0, count: 3 * pixels))
    out.withUnsafeMutableBufferPointer { buffer in
      let y = buffer.baseAddress! + start + frameMarker.count
      BT601FullRange.convert(rgba: rgba, count: pixels, y: y, u: y + pixels, v: y + 2 * pixels)
    }
  }

  private static let frameMarker = Array("FRAME\n".utf8)
}
