import CPNG

/// PNG encoding with libpng (Debian's libpng-dev, through the `CPNG` system library), for
/// `resoio screenshot`. A target of its own so that only the CLI links libpng, never the
/// ResoniteIO library.
public enum PNGEncoder {
  /// libpng refused the image; `description` is its message.
  public struct Failure: Error, CustomStringConvertible {
    /// What libpng said.
    public var description: String
  }

  /// Encodes RGBA8 pixels as an opaque 8-bit RGB PNG: the alpha channel is dropped, as the
  /// reference CLI's screenshot drops it (the engine's framebuffer alpha is often below 255,
  /// which viewers would composite into a washed-out image).
  ///
  /// - Parameters:
  ///   - rgba: `height` rows of `width` R, G, B, A bytes, row 0 at the top, no padding.
  ///   - width: pixels per row (1 to 2^31 - 1).
  ///   - height: rows (1 to 2^31 - 1).
  /// - Returns: the PNG file's bytes.
  /// - Throws: ``Failure`` when `rgba` does not hold `width * height * 4` bytes or libpng
  ///   refuses the size (a zero width or height, for example).
  public static func opaqueRGB(fromRGBA rgba: UnsafeRawBufferPointer, width: Int, height: Int) throws(Failure)
    -> [UInt8]
  {
    let (area, areaOverflows) = width.multipliedReportingOverflow(by: height)
    let (bytes, bytesOverflow) = area.multipliedReportingOverflow(by: 4)
    guard width >= 0, height >= 0, !areaOverflows, !bytesOverflow, bytes == rgba.count,
      width <= Int(Int32.max) / 3, height <= Int(Int32.max)
    else {
      let needed = areaOverflows || bytesOverflow ? "more than \(Int.max)" : "\(bytes)"
      throw Failure(description: "a \(width)x\(height) RGBA8 image needs \(needed) bytes, not \(rgba.count)")
    }
    let pixelCount = width * height
    var rgb = [UInt8](repeating: 0, count: pixelCount * 3)
    rgb.withUnsafeMutableBufferPointer { out in
      guard let source = rgba.baseAddress?.assumingMemoryBound(to: UInt8.self), let target = out.baseAddress else {
        return
      }
      for index in 0..<pixelCount {
        target[index * 3] = source[index * 4]
        target[index * 3 + 1] = source[index * 4 + 1]
        target[index * 3 + 2] = source[index * 4 + 2]
      }
    }
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = UInt32(width)
    image.height = UInt32(height)
    image.format = UInt32(PNG_FORMAT_RGB)
    var size = cpng_image_png_size_max(image)
    var png = [UInt8](repeating: 0, count: size)
    let written = png.withUnsafeMutableBytes { memory in
      rgb.withUnsafeBytes { pixels in
        png_image_write_to_memory(&image, memory.baseAddress, &size, 0, pixels.baseAddress, Int32(width * 3), nil)
      }
    }
    guard written != 0 else {
      let message = withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      png_image_free(&image)
      throw Failure(description: "libpng: " + (message.isEmpty ? "the image could not be encoded" : message))
    }
    png.removeSubrange(size...)
    return png
  }
}
