import Synchronization

/// The stand-in mod's microphone: the virtual input's ring buffer, and a record of every
/// `Microphone.StreamAudio` stream (each chunk's fields and samples, and when it arrived).
///
/// As on the mod: 48 kHz mono float32; the server uses `len(samples) / 4` and ignores
/// `sample_count` (a trailing partial float is dropped); it applies no backpressure of its own.
/// The ring buffer holds ``ringCapacity`` samples (2 s) and plays them at 48 000 samples per
/// second of real time; when full, the oldest samples are dropped (counted in
/// ``Ring/droppedSamples``). A stream the client half-closes keeps the ring (the tail plays on)
/// and answers `MicrophoneStreamSummary{received_frames, received_samples, dropped_frames = 0,
/// unix_nanos}`; a cancelled or dropped stream clears the ring (``Ring/clearedSamples``) and
/// ends CANCELLED.
public final class MicrophoneModel: Sendable {
  /// Samples per second.
  public static let sampleRate = 48_000
  /// The ring buffer's capacity in samples (2 s).
  public static let ringCapacity = 96_000

  /// One received chunk.
  public struct Frame: Sendable, Hashable {
    /// The client's `frame_id`.
    public var frameID: UInt64
    /// The client's send stamp.
    public var unixNanos: Int64
    /// The `sample_count` field as sent (the server does not use it).
    public var sampleCount: UInt32
    /// The samples, decoded from `len(samples) / 4` little-endian floats.
    public var samples: [Float]
    /// When it arrived, on the server's monotonic clock (nanoseconds).
    public var receivedNanos: UInt64
  }

  /// How a stream ended: half-closed keeps the ring (the summary was sent), any other end
  /// clears it.
  public typealias StreamEnd = ClientStreamEnd

  /// One stream.
  public struct Stream: Sendable, Hashable {
    /// The chunks in arrival order.
    public var frames: [Frame] = []
    /// nil while open.
    public var end: StreamEnd?
    /// Every sample of the stream, in order.
    public var samples: [Float] { frames.flatMap(\.samples) }
  }

  /// The virtual input's ring buffer.
  public struct Ring: Sendable, Hashable {
    /// Samples waiting to play.
    public var bufferedSamples = 0
    /// Samples played so far.
    public var playedSamples = 0
    /// Samples dropped because the ring was full.
    public var droppedSamples = 0
    /// Samples thrown away by a cancel (the mod's safety clear).
    public var clearedSamples = 0
  }

  private struct State {
    var streams: [Stream] = []
    var ring = Ring()
    var lastDrain: UInt64 = LoopClock.monotonicNanos()
    /// Fractional samples of drain time carried over (in sample·nanoseconds).
    var drainRemainder: UInt64 = 0
  }

  private let state = Mutex(State())

  /// Creates an empty microphone.
  public init() {}

  /// Every stream so far, in the order they opened.
  public var streams: [Stream] { state.withLock { $0.streams } }

  /// The ring buffer now (drained up to now first).
  public var ring: Ring {
    state.withLock { state in
      Self.drain(&state)
      return state.ring
    }
  }

  func openStream() -> Int {
    state.withLock { state in
      state.streams.append(Stream())
      return state.streams.count - 1
    }
  }

  /// A chunk of stream `index`.
  func receive(_ frame: Frame, stream index: Int) {
    state.withLock { state in
      Self.drain(&state)
      if state.streams.indices.contains(index) { state.streams[index].frames.append(frame) }
      state.ring.bufferedSamples += frame.samples.count
      let over = state.ring.bufferedSamples - Self.ringCapacity
      if over > 0 {
        state.ring.bufferedSamples -= over
        state.ring.droppedSamples += over
      }
    }
  }

  /// Stream `index` ended; returns (received frames, received samples).
  @discardableResult
  func endStream(_ index: Int, _ end: StreamEnd) -> (frames: Int, samples: Int) {
    state.withLock { state in
      Self.drain(&state)
      if end != .halfClosed {
        state.ring.clearedSamples += state.ring.bufferedSamples
        state.ring.bufferedSamples = 0
      }
      guard state.streams.indices.contains(index) else { return (0, 0) }
      if state.streams[index].end == nil { state.streams[index].end = end }
      let frames = state.streams[index].frames
      return (frames.count, frames.reduce(0) { $0 + $1.samples.count })
    }
  }

  /// Plays the samples due by now.
  private static func drain(_ state: inout State) {
    let now = LoopClock.monotonicNanos()
    let elapsed = now &- state.lastDrain
    state.lastDrain = now
    let total = elapsed &* UInt64(sampleRate) &+ state.drainRemainder
    let due = Int(total / 1_000_000_000)
    state.drainRemainder = total % 1_000_000_000
    let played = min(due, state.ring.bufferedSamples)
    state.ring.bufferedSamples -= played
    state.ring.playedSamples += played
    if state.ring.bufferedSamples == 0 { state.drainRemainder = 0 }
  }
}
