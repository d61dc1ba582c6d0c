import CPNG

/// A PNG decoded with libpng's simplified reader, for checking what `resoio screenshot` wrote.
struct DecodedPNG {
  var width: Int
  var height: Int
  /// IHDR's bit depth and colour type (2 = RGB), read from the file's bytes.
  var bitDepth: UInt8
  var colorType: UInt8
  /// `height` rows of `width` R, G, B bytes.
  var rgb: [UInt8]

  struct Failure: Error, CustomStringConvertible { var description: String }

  init(_ bytes: [UInt8]) throws {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count > 33, Array(bytes[0..<8]) == signature, String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR"
    else { throw Failure(description: "not a PNG (\(bytes.count) bytes)") }
    bitDepth = bytes[24]
    colorType = bytes[25]
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    guard bytes.withUnsafeBytes({ png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }) != 0 else {
      throw Failure(description: "libpng: " + Self.message(image))
    }
    width = Int(image.width)
    height = Int(image.height)
    image.format = UInt32(PNG_FORMAT_RGB)
    var rgb = [UInt8](repeating: 0, count: width * height * 3)
    let finished = rgb.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
    guard finished != 0 else { throw Failure(description: "libpng: " + Self.message(image)) }
    self.rgb = rgb
  }

  private static func message(_ image: png_image) -> String {
    withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
  }
}
