import Foundation

/// A streaming WAV file of 48 kHz stereo IEEE float32 samples (format tag 3), as the
/// reference CLI's `WavFloat32Writer` writes it: the 44-byte header with both size fields 0,
/// the samples as they come, then on ``close()`` the RIFF size (offset 4) and the data size
/// (offset 40) patched in.
///
/// Not thread-safe: one writer per recording, used from one task at a time.
public final class WAVFloatWriter {
  /// Samples per second per channel.
  public static let sampleRate = 48_000
  /// Channels, interleaved.
  public static let channels = 2
  /// The header's length; the samples start here.
  public static let headerSize = 44

  /// The path the writer was opened on.
  public let path: String
  private var descriptor: Int32
  /// Sample bytes written so far (the data chunk's size).
  public private(set) var dataSize = 0

  /// Creates (or truncates) `path`, mode 0666 less the umask as Python's `open(path, "wb")`,
  /// and writes the placeholder header.
  /// - Throws: ``MediaError`` naming the path and the system's reason.
  public init(path: String) throws(MediaError) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw MediaError.system("cannot write \(path)") }
    try write(Self.header(dataSize: 0))
  }

  deinit {
    if descriptor >= 0 { _ = Foundation.close(descriptor) }
  }

  /// The 44-byte header for `dataSize` bytes of samples.
  public static func header(dataSize: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(headerSize)
    func ascii(_ text: String) { out.append(contentsOf: text.utf8) }
    func u32(_ value: Int) {
      withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { out.append(contentsOf: $0) }
    }
    func u16(_ value: Int) {
      withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { out.append(contentsOf: $0) }
    }
    let blockAlign = channels * 4
    ascii("RIFF"); u32(dataSize == 0 ? 0 : 36 + dataSize); ascii("WAVE")
    ascii("fmt "); u32(16); u16(3); u16(channels); u32(sampleRate); u32(sampleRate * blockAlign); u16(blockAlign);
    u16(32)
    ascii("data"); u32(dataSize)
    return out
  }

  /// Appends interleaved samples (L0 R0 L1 R1 ...) as float32 little-endian.
  public func append(_ samples: [Float]) throws(MediaError) {
    let bytes = Float32LittleEndian.bytes(samples)
    try write(bytes)
    dataSize += bytes.count
  }

  /// Patches the two sizes and closes the file. Idempotent.
  public func close() throws(MediaError) {
    guard descriptor >= 0 else { return }
    defer {
      _ = Foundation.close(descriptor)
      descriptor = -1
    }
    var riff: [UInt8] = []
    var data: [UInt8] = []
    withUnsafeBytes(of: UInt32(truncatingIfNeeded: 36 + dataSize).littleEndian) { riff.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt32(truncatingIfNeeded: dataSize).littleEndian) { data.append(contentsOf: $0) }
    guard pwrite(descriptor, riff, 4, 4) == 4, pwrite(descriptor, data, 4, 40) == 4 else {
      throw MediaError.system("cannot write \(path)")
    }
  }

  private func write(_ bytes: [UInt8]) throws(MediaError) {
    do throws(FileDescriptorOutput.WriteError) {
      try FileDescriptorOutput.writeAll(bytes, to: descriptor)
    } catch {
      throw MediaError.system("cannot write \(path)", errno: error.errno)
    }
  }
}
