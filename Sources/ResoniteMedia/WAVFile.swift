import Foundation

/// A WAV file read the way Python's `wave` module (which the reference `resoio mic` uses) reads
/// one, plus IEEE-float files, which `wave` refuses.
///
/// RIFF/WAVE chunks are walked in order: the last `fmt ` before `data` describes the samples,
/// chunks between are skipped (with their pad byte), and reading stops at `data`. Accepted
/// format tags: 1 (PCM), 3 (IEEE float) and 0xFFFE (extensible, with the PCM or the float
/// sub-format). The messages are `wave`'s (`file does not start with RIFF id`, `unknown
/// format: 2`...). Plain Swift (no FFmpeg): what `resoio mic` reads its input with; the
/// writing side is ``WAVFloatWriter``.
public struct WAVFile: Sendable {
  /// A malformed or unsupported file: the message after `WAV parse error: `.
  public struct ParseError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Frames per second.
  public var sampleRate: Int
  /// Channels per frame.
  public var channels: Int
  /// Bytes per sample: `(bits + 7) / 8`, as `wave` reports it.
  public var sampleWidth: Int
  /// The `data` chunk's whole frames (a truncated file's partial last frame is left out).
  public var data: [UInt8]

  private static let pcm = 0x0001
  private static let ieeeFloat = 0x0003
  private static let extensible = 0xFFFE
  /// KSDATAFORMAT_SUBTYPE_PCM and _IEEE_FLOAT: the tag, then 00 00 00 00 10 00 80 00 00 AA 00 38 9B 71.
  private static let subFormatTail: [UInt8] = [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]

  /// Parses the bytes of a WAV file.
  public init(bytes: [UInt8]) throws(ParseError) {
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    func text(_ at: Int) -> String { String(decoding: bytes[at..<(at + 4)], as: UTF8.self) }
    guard bytes.count >= 8 else { throw ParseError(description: "the file is too short for a RIFF header") }
    guard text(0) == "RIFF" else { throw ParseError(description: "file does not start with RIFF id") }
    let riffEnd = min(8 + u32(4), bytes.count)
    guard riffEnd >= 12, text(8) == "WAVE" else { throw ParseError(description: "not a WAVE file") }
    var format: (rate: Int, channels: Int, width: Int)?
    var offset = 12
    while offset + 8 <= riffEnd {
      let name = text(offset)
      let size = u32(offset + 4)
      let body = offset + 8
      let available = min(size, riffEnd - body)
      if name == "fmt " {
        format = try Self.format(Array(bytes[body..<(body + available)]))
      } else if name == "data" {
        guard let format else { throw ParseError(description: "data chunk before fmt chunk") }
        let frameSize = format.channels * format.width
        let wholeFrames = available / frameSize * frameSize
        sampleRate = format.rate
        channels = format.channels
        sampleWidth = format.width
        data = Array(bytes[body..<(body + wholeFrames)])
        return
      }
      offset = body + size + (size & 1)
    }
    throw ParseError(description: "fmt chunk and/or data chunk missing")
  }

  /// Reads and parses the file at `path`.
  /// - Throws: `POSIXError` when it cannot be read; ``ParseError``.
  public init(path: String) throws {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
      if count == 0 { break }
      bytes.append(contentsOf: block[0..<count])
    }
    try self.init(bytes: bytes)
  }

  /// The sample rate, channel count and sample width of a `fmt ` chunk's body.
  private static func format(_ chunk: [UInt8]) throws(ParseError) -> (rate: Int, channels: Int, width: Int) {
    func u16(_ at: Int) -> Int { Int(chunk[at]) | Int(chunk[at + 1]) << 8 }
    guard chunk.count >= 16 else { throw ParseError(description: "the fmt chunk is truncated") }
    let tag = u16(0)
    guard [pcm, ieeeFloat, extensible].contains(tag) else { throw ParseError(description: "unknown format: \(tag)") }
    if tag == extensible {
      guard chunk.count >= 40 else { throw ParseError(description: "the extensible fmt chunk is truncated") }
      let guid = Array(chunk[24..<40])
      let subTag = Int(guid[0]) | Int(guid[1]) << 8
      guard (subTag == pcm || subTag == ieeeFloat) && Array(guid[2...]) == subFormatTail else {
        throw ParseError(description: "unknown extended format: \(uuid(guid))")
      }
    }
    let width = (u16(14) + 7) / 8
    guard width != 0 else { throw ParseError(description: "bad sample width") }
    let channels = u16(2)
    guard channels != 0 else { throw ParseError(description: "bad # of channels") }
    let rate = u16(4) | u16(6) << 16
    return (rate, channels, width)
  }

  /// A sub-format GUID as Python's `uuid.UUID(bytes_le=...)` prints it.
  private static func uuid(_ guid: [UInt8]) -> String {
    let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
    let hex = order.map { String(guid[$0], radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }
    return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
  }
}
