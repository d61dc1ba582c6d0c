import Dispatch
import Foundation
import ResoniteIO
import ResoniteMedia
import Synchronization

/// `resoio record`'s muxed route: paced camera frames (H.264) and speaker chunks (AAC) in one
/// MP4 file, or Matroska on stdout, as the reference's `_record_muxed` pairs them:
///
/// - one shared t0, the first video frame's `unix_nanos` (the audio waits for it);
/// - video PTS in 1/90 000 s: `round((unix_nanos - t0) · 90 000 / 10⁹)`, at least 0, nudged one
///   tick past the last when not increasing (a repeated frame has the same time stamp);
/// - audio PTS in samples: the first chunk's `round((unix_nanos - t0) · 48 000 / 10⁹)`, at
///   least 0, then counted sample by sample;
/// - the audio stream is not even opened until the video size is known (the first frame opens
///   the output);
/// - the first of the two to end (the pacer at a size change, a stream's end or failure) ends
///   the other; a broken stdout pipe is a normal end. Then both encoders are drained and the
///   trailer written.
struct MuxedRecording {
  var settings: Recording

  func record() async throws {
    InterruptGrace.extend()
    let destination: MovieWriter.Destination = settings.target.map { .mp4File($0) } ?? .matroskaToStandardOutput
    let movie = SharedMovie(
      MovieWriter(destination: destination, fps: settings.fps, timing: .ninetyKilohertz, includesAudio: true))
    let pacer = FramePacer(fps: settings.fps, verbose: settings.verbose)
    var failure: (any Error)?
    do {
      try await settings.withMod { mod in
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask { try await Self.pumpVideo(mod.camera, pacer: pacer, into: movie) }
          group.addTask { try await Self.pumpAudio(mod.speaker, into: movie) }
          defer { group.cancelAll() }
          try await group.next()
        }
      }
    } catch {
      failure = error
    }
    let finished = await movie.finish()
    if let failure { throw failure }
    if case .failure(let error) = finished, !error.isBrokenPipe || settings.target != nil {
      throw Recording.failure(error)
    }
  }

  /// Encodes paced frames until the pacer ends; a broken pipe ends it quietly.
  private static func pumpVideo(_ camera: CameraClient, pacer: FramePacer, into movie: SharedMovie) async throws {
    try await pacer.run(camera) { frame, _ in
      switch await movie.appendVideo(frame) {
      case .success: return true
      case .failure(let error) where error.isBrokenPipe: return false
      case .failure(let error): throw Recording.failure(error)
      }
    }
  }

  /// Waits for the video to start, then encodes every speaker chunk.
  private static func pumpAudio(_ speaker: SpeakerClient, into movie: SharedMovie) async throws {
    guard await movie.waitForVideo() else { return }
    try await speaker.chunks { chunks in
      for try await chunk in chunks {
        switch await movie.appendAudio(chunk) {
        case .success: continue
        case .failure(let error) where error.isBrokenPipe: return
        case .failure(let error): throw Recording.failure(error)
        }
      }
    }
  }
}

/// The movie both pumps write, with the shared timing.
///
/// FFmpeg's contexts are not thread-safe and the pumps are two tasks, so every call into the
/// writer is serialized: it runs on one serial dispatch queue (in the order the pumps asked),
/// under the mutex that holds the writer and the timing. An H.264 encode of a large frame
/// blocks for milliseconds; on the queue it holds no thread of the cooperative pool (the
/// waiting pump is suspended, the other pump's task and the streams' I/O keep running), and the
/// mutex is never contended.
private final class SharedMovie: Sendable {
  private struct State {
    var writer: MovieWriter
    var t0: Int64?
    var lastVideoPTS: Int64 = -1
    var audioStarted = false
  }

  private let state: Mutex<State>
  private let encoder = DispatchQueue(label: "resoio record encoder")
  private let (videoStarted, videoStartedContinuation) = AsyncStream.makeStream(
    of: Void.self, bufferingPolicy: .bufferingNewest(1))

  init(_ writer: sending MovieWriter) { state = Mutex(State(writer: writer)) }

  /// `max(0, nanos - t0)` in units of `1/rate` s, rounded half up (the reference's integer math).
  static func ticks(_ nanos: Int64, since t0: Int64, rate: Int64) -> Int64 {
    let delta = Int128(max(0, nanos - t0))
    return Int64((delta * Int128(rate) + 500_000_000) / 1_000_000_000)
  }

  func appendVideo(_ frame: CameraFrame) async -> Result<Void, MediaError> {
    await onEncoder { state in
      let first = state.t0 == nil
      if first { state.t0 = frame.unixNanos }
      var pts = Self.ticks(frame.unixNanos, since: state.t0!, rate: 90_000)
      if pts <= state.lastVideoPTS { pts = state.lastVideoPTS + 1 }
      state.lastVideoPTS = pts
      let writer = state.writer
      let result = Result { () throws(MediaError) in
        try frame.withUnsafePixels { (pixels) throws(MediaError) in
          try writer.appendVideo(rgba: pixels, width: frame.width, height: frame.height, pts: pts)
        }
      }
      if first, writer.isStarted { self.videoStartedContinuation.yield() }
      return result
    }
  }

  func appendAudio(_ chunk: SpeakerChunk) async -> Result<Void, MediaError> {
    await onEncoder { state in
      guard let t0 = state.t0, state.writer.isStarted else { return .success(()) }
      let firstPTS = state.audioStarted ? 0 : Self.ticks(chunk.unixNanos, since: t0, rate: 48_000)
      state.audioStarted = true
      let writer = state.writer
      return Result { () throws(MediaError) in try writer.appendAudio(interleaved: chunk.samples, firstPTS: firstPTS) }
    }
  }

  /// Waits until the first frame opened the output; false when cancelled first.
  func waitForVideo() async -> Bool {
    for await _ in videoStarted { return true }
    return false
  }

  /// Drains, writes the trailer and closes (nothing, when no frame came).
  func finish() async -> Result<Void, MediaError> {
    videoStartedContinuation.finish()
    return await onEncoder { state in
      let writer = state.writer
      return Result { () throws(MediaError) in try writer.finish() }
    }
  }

  /// Runs `body` on the encoder queue, under the mutex, and returns its result. Not
  /// cancellable: a call into FFmpeg, once queued, runs to its end.
  private func onEncoder(
    _ body: @escaping @Sendable (inout State) -> Result<Void, MediaError>
  ) async -> Result<Void, MediaError> {
    await withCheckedContinuation { continuation in
      encoder.async {
        continuation.resume(returning: self.state.withLock { body(&$0) })
      }
    }
  }
}
