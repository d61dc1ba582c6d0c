import Synchronization

/// The signal the stand-in mod's speaker plays: exact in float32, so any client (Swift,
/// Python) can predict every sample bit for bit.
///
/// 48 kHz, 2 channels, interleaved L R. Sample `n` (counting from 0 on the mod's audio clock,
/// across chunks and streams) is
/// - left  = `(n mod 512) / 256 − 1`: a 93.75 Hz sawtooth in −1…+1;
/// - right = `(|(n mod 128) − 64| / 32 − 1) / 2`: a 375 Hz triangle in −0.5…+0.5.
///
/// Every value is a multiple of 1/256 and so exactly representable. Chunk `frame_id = k` holds
/// samples `k · 1024 ..< (k + 1) · 1024` (``chunkFrames`` stereo frames, 8 192 bytes).
public enum SpeakerSignal {
  /// Samples per second (per channel).
  public static let sampleRate = 48_000
  /// Channels, interleaved.
  public static let channels = 2
  /// Stereo frames per chunk.
  public static let chunkFrames = 1024

  /// The left sample `n`.
  public static func left(_ n: Int64) -> Float { Float(n & 511) / 256 - 1 }
  /// The right sample `n`.
  public static func right(_ n: Int64) -> Float { (Float(abs((n & 127) - 64)) / 32 - 1) / 2 }

  /// The interleaved samples of chunk `frameID` (L0 R0 L1 R1 …).
  public static func samples(frameID: UInt64) -> [Float] {
    let first = Int64(bitPattern: frameID &* UInt64(chunkFrames))
    var out = [Float](repeating: 0, count: chunkFrames * channels)
    for i in 0..<chunkFrames {
      let n = first &+ Int64(i)
      out[2 * i] = left(n)
      out[2 * i + 1] = right(n)
    }
    return out
  }

  /// The `samples` bytes of chunk `frameID`: float32 little-endian.
  public static func bytes(frameID: UInt64) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(chunkFrames * channels * 4)
    for value in samples(frameID: frameID) {
      let bits = value.bitPattern.littleEndian
      withUnsafeBytes(of: bits) { out.append(contentsOf: $0) }
    }
    return out
  }
}

/// The stand-in mod's speaker: an audio clock that runs from when the model is made, and how
/// its chunks went out.
///
/// Chunk `k` (``SpeakerSignal``) is "rendered" at `origin + k · 1024 / 48 000 s` on the mod's
/// audio clock, whether anyone listens or not. Each `Speaker.StreamAudio` stream takes the
/// chunks rendered from its start on, each as `AudioFrame{frame_id = k, unix_nanos = the wall
/// clock at render, sample_count = 1024, samples}`. So, as on the mod, `frame_id` counts for
/// the mod's lifetime and does **not** restart per stream, and a gap in `frame_id` means
/// chunks were dropped: each stream buffers at most ``bufferCapacity`` chunks not yet sent and
/// discards newer ones while full (DropWrite), so a slow reader loses the newest audio.
///
/// Unlike the mod, a new stream does not first get up to 32 stale chunks buffered before it
/// began, and concurrent streams each get every chunk (the mod splits them).
public final class SpeakerModel: Sendable {
  /// Chunks a stream buffers before dropping new ones.
  public static let bufferCapacity = 32
  /// Nanoseconds per chunk (1024 / 48 000 s ≈ 21.33 ms), as a fraction: chunk `k` is due at
  /// `origin + k · 64 000 000 / 3` ns.
  static func chunkDue(_ k: UInt64) -> UInt64 { k &* 64_000_000 / 3 }

  private struct State {
    var sent = 0
    var dropped = 0
  }

  /// The monotonic time of chunk 0.
  let origin = LoopClock.monotonicNanos()
  private let state = Mutex(State())

  /// Creates the speaker; its audio clock starts now.
  public init() {}

  /// Chunks sent to streams so far.
  public var chunksSent: Int { state.withLock { $0.sent } }
  /// Chunks dropped because a stream's buffer was full.
  public var chunksDropped: Int { state.withLock { $0.dropped } }

  /// The index of the chunk being rendered now.
  func currentChunk() -> UInt64 {
    let elapsed = LoopClock.monotonicNanos() &- origin
    return elapsed &* 3 / 64_000_000
  }

  func countSent() { state.withLock { $0.sent += 1 } }
  func countDropped() { state.withLock { $0.dropped += 1 } }
}
