import ResoniteIOMessages

/// One chunk of what the engine's speakers play (the reference client's `SpeakerChunk`):
/// 48 kHz, stereo, float32, interleaved L0 R0 L1 R1 …
///
/// On the mod a chunk is one engine audio callback's buffer of the final mix, typically 1024
/// frames (about 21 ms), and 1024-4096 in general.
public struct SpeakerChunk: Sendable, Hashable {
  /// Samples per second, per channel.
  public static let sampleRate = 48_000
  /// Channels, interleaved.
  public static let channels = 2

  /// The bridge's chunk counter. It counts every buffer the engine rendered since the mod
  /// loaded, so it does **not** restart per stream, and a gap between two chunks' ids means
  /// the chunks between were dropped (the mod buffers 32 chunks and drops new ones while a
  /// reader is behind or absent).
  public let frameID: UInt64
  /// The wall clock when the mod's tap ran, in nanoseconds since the Unix epoch (not DSP time).
  public let unixNanos: Int64
  /// The samples, interleaved: `2 * frameCount` values, left first.
  public let samples: [Float]

  /// Stereo frames in the chunk (`samples.count / 2`).
  public var frameCount: Int { samples.count / 2 }
  /// Left sample `i`.
  public func left(_ i: Int) -> Float { samples[2 * i] }
  /// Right sample `i`.
  public func right(_ i: Int) -> Float { samples[2 * i + 1] }
  /// The chunk's duration at 48 kHz.
  public var duration: Duration { .nanoseconds(Int64(frameCount) * 1_000_000_000 / Int64(Self.sampleRate)) }

  /// Creates a chunk.
  public init(frameID: UInt64, unixNanos: Int64, samples: [Float]) {
    self.frameID = frameID
    self.unixNanos = unixNanos
    self.samples = samples
  }

  /// Decodes an `AudioFrame` message. The samples are converted from little-endian bytes into
  /// `[Float]`: one copy of 8 KB for a 1024-frame chunk (the bytes are not 4-byte aligned in
  /// the message, so they cannot be viewed as floats in place).
  ///
  /// The mod's `sample_count` is not trusted: the sample count is `len(samples) / 4` rounded
  /// down to whole stereo frames.
  /// - Throws: ``UnexpectedReplyError`` when the bytes are not a well-formed `AudioFrame`.
  public init(decoding message: [UInt8]) throws(UnexpectedReplyError) {
    var reader = WireReader(bytes: message)
    var frameID: UInt64 = 0
    var unixNanos: Int64 = 0
    var range = 0..<0
    func fail(_ problem: String) -> UnexpectedReplyError {
      UnexpectedReplyError(method: "Speaker/StreamAudio", problem: problem)
    }
    while !reader.atEnd {
      guard let (field, wireType) = reader.key() else { throw fail("malformed AudioFrame") }
      switch (field, wireType) {
      case (1, 0): guard let v = reader.varint() else { throw fail("malformed frame_id") }; frameID = v
      case (2, 0):
        guard let v = reader.varint() else { throw fail("malformed unix_nanos") }; unixNanos = Int64(bitPattern: v)
      case (4, 2): guard let r = reader.lengthDelimited() else { throw fail("malformed samples") }; range = r
      default: guard reader.skip(wireType) else { throw fail("malformed field \(field)") }
      }
    }
    let count = range.count / 8 * 2
    var samples = [Float](repeating: 0, count: count)
    message.withUnsafeBytes { raw in
      samples.withUnsafeMutableBufferPointer { out in
        for i in 0..<count {
          out[i] = Float(
            bitPattern: UInt32(
              littleEndian: raw.loadUnaligned(fromByteOffset: range.lowerBound + i * 4, as: UInt32.self)))
        }
      }
    }
    self.init(frameID: frameID, unixNanos: unixNanos, samples: samples)
  }
}
