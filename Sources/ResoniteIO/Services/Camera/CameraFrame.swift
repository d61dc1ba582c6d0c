import ResoniteIOMessages

/// One camera frame: what the engine's screen camera saw, RGBA8, row 0 at the top.
///
/// The pixels stay in the buffer the frame's message arrived in: ``pixels`` and
/// ``withUnsafePixels(_:)`` are views of it, not copies, and ``copyPixels()`` is the one
/// accessor that copies; the decoding here copies nothing. Before that, the gRPC layer reads
/// the frame from the socket into the message's array, and how many bytes it copies in user
/// space on the way depends on the server's DATA frame size: with large frames (256 KiB)
/// nearly all of them land in place (the kernel's copy only; the first 64 KiB of a frame,
/// the guard against hostile length prefixes, are copied twice), with 16 KiB frames most of
/// them are copied once. See <doc:Senses> for the measured counts.
///
/// A frame owns its buffer (a copy-on-write array): it may outlive the stream it came from, and
/// keeping it keeps its 8-33 MB alive.
public struct CameraFrame: Sendable {
  /// One pixel's channels.
  public struct Pixel: Sendable, Hashable {
    /// Red.
    public var r: UInt8
    /// Green.
    public var g: UInt8
    /// Blue.
    public var b: UInt8
    /// Alpha: not meaningful on the mod (the framebuffer's alpha is often below 255).
    public var a: UInt8

    /// Creates a pixel.
    public init(r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
      self.r = r
      self.g = g
      self.b = b
      self.a = a
    }
  }

  /// Width in pixels. Follows the engine's window size, so it may change between frames of one
  /// stream (after `Display.Apply`).
  public let width: Int
  /// Height in pixels.
  public let height: Int
  /// The renderer's wall clock when the frame was read back, in nanoseconds since the Unix
  /// epoch (about 1 ms resolution under Wine).
  public let unixNanos: Int64
  /// 0, 1, 2... per stream on the mod (renumbered by the service, so drops never show as gaps).
  public let frameID: Int64
  /// The message the frame was decoded from, and where its pixels are in it.
  let storage: [UInt8]
  let pixelRange: Range<Int>

  /// Bytes per row: `width * 4` (no padding).
  public var bytesPerRow: Int { width * 4 }

  /// The pixels, `height` rows of `width` R, G, B, A bytes: a view of the received buffer (no
  /// copy). Its indices are those of the buffer, so index from `pixels.startIndex`.
  public var pixels: ArraySlice<UInt8> { storage[pixelRange] }

  /// Row `y` (0 = top) as a view of the received buffer (no copy).
  /// - Precondition: `0 <= y < height`.
  public func row(_ y: Int) -> ArraySlice<UInt8> {
    precondition(y >= 0 && y < height, "row \(y) outside 0..<\(height)")
    let start = pixelRange.lowerBound + y * bytesPerRow
    return storage[start..<(start + bytesPerRow)]
  }

  /// Pixel (x, y), 0-based from the top left.
  /// - Precondition: `0 <= x < width`, `0 <= y < height`.
  public func pixel(x: Int, y: Int) -> Pixel {
    precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)x\(height)")
    let offset = pixelRange.lowerBound + (y * width + x) * 4
    return Pixel(r: storage[offset], g: storage[offset + 1], b: storage[offset + 2], a: storage[offset + 3])
  }

  /// Runs `body` with the pixel bytes in place (no copy): `height * bytesPerRow` bytes, row 0
  /// first. The pointer is valid only inside `body`.
  public func withUnsafePixels<Result, Failure: Error>(
    _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    let range = pixelRange
    let outcome: Swift.Result<Result, Failure> = storage.withUnsafeBytes { raw in
      do throws(Failure) {
        return .success(try body(UnsafeRawBufferPointer(rebasing: raw[range])))
      } catch {
        return .failure(error)
      }
    }
    return try outcome.get()
  }

  /// The pixels copied into an array of their own (`height * bytesPerRow` bytes): the
  /// convenience that copies, for keeping pixels without the rest of the message.
  public func copyPixels() -> [UInt8] { Array(storage[pixelRange]) }

  /// Decodes a `CameraFrame` message without copying its pixels.
  ///
  /// - Throws: ``UnexpectedReplyError`` when the bytes are not a well-formed RGBA8 `CameraFrame`
  ///   (bad encoding, a format other than RGBA8 or unspecified, or a pixel count that is not
  ///   `width * height * 4`).
  public init(decoding message: [UInt8]) throws(UnexpectedReplyError) {
    var reader = WireReader(bytes: message)
    var width: Int64 = 0
    var height: Int64 = 0
    var format: UInt64 = 0
    var unixNanos: Int64 = 0
    var frameID: Int64 = 0
    var pixels = 0..<0
    func fail(_ problem: String) -> UnexpectedReplyError {
      UnexpectedReplyError(method: "Camera/StreamFrames", problem: problem)
    }
    while !reader.atEnd {
      guard let (field, wireType) = reader.key() else { throw fail("malformed CameraFrame") }
      switch (field, wireType) {
      case (1, 0):
        guard let v = reader.varint() else { throw fail("malformed width") };
        width = Int64(Int32(truncatingIfNeeded: v))
      case (2, 0):
        guard let v = reader.varint() else { throw fail("malformed height") };
        height = Int64(Int32(truncatingIfNeeded: v))
      case (3, 0): guard let v = reader.varint() else { throw fail("malformed format") }; format = v
      case (4, 0):
        guard let v = reader.varint() else { throw fail("malformed unix_nanos") }; unixNanos = Int64(bitPattern: v)
      case (5, 0):
        guard let v = reader.varint() else { throw fail("malformed frame_id") }; frameID = Int64(bitPattern: v)
      case (6, 2): guard let range = reader.lengthDelimited() else { throw fail("malformed pixels") }; pixels = range
      default: guard reader.skip(wireType) else { throw fail("malformed field \(field)") }
      }
    }
    guard format <= 1 else { throw fail("pixel format \(format) is not RGBA8") }
    // Each side is at most 2^31 - 1, so width · height · 4 can overflow Int64: a hostile or
    // broken frame is refused, never a trap.
    let (area, areaOverflows) = width.multipliedReportingOverflow(by: height)
    let (bytes, bytesOverflow) = area.multipliedReportingOverflow(by: 4)
    guard width >= 0, height >= 0, !areaOverflows, !bytesOverflow, bytes == Int64(pixels.count) else {
      throw fail("\(width)x\(height) RGBA8 frame with \(pixels.count) pixel bytes")
    }
    self.width = Int(width)
    self.height = Int(height)
    self.unixNanos = unixNanos
    self.frameID = frameID
    self.storage = message
    self.pixelRange = pixels
  }
}
