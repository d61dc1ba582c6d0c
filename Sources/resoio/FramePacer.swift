import Foundation
import ResoniteIO
import Synchronization

/// `resoio record`'s frame pacing, the reference's `_paced_frames`: one frame per `1/fps` tick
/// at a fixed rate, whatever rate the camera sends at.
///
/// A reader task takes frames from the camera stream as fast as they come and keeps only the
/// latest; the ticker hands that one to `emit` on every tick: the same frame again when the
/// camera was slower than `fps` (duplicated), the newest one when it was faster (the ones
/// between dropped). No frame is ever queued: memory is the latest frame, the one being
/// emitted, and what the transport buffers.
///
/// It ends, after which the camera stream is cancelled:
/// - at the first frame whose size differs from the first frame's (the output's header is
///   fixed), before emitting it; with `verbose` a line on stderr says so;
/// - when the camera stream ends (after the tick that notices, as the reference), or fails (its
///   error is thrown);
/// - when `emit` returns false (its output is gone: a broken pipe);
/// - when the task is cancelled (`--duration` or Ctrl-C): a normal end, nothing thrown.
///
/// The ticker runs on a grid from the first frame (`next += 1/fps`); after a stall that left
/// it behind it starts a new grid from now, rather than emitting a burst of catch-up frames.
struct FramePacer {
  /// Output frames per second.
  var fps: Double
  /// Whether to print one line per emitted frame on stderr.
  var verbose: Bool

  /// Runs until one of the ends above; `emit` gets each frame with its 1-based count.
  func run(_ camera: CameraClient, emit: (CameraFrame, Int) async throws -> Bool) async throws {
    let latest = LatestFrame()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        do {
          try await camera.frames { frames in
            for try await frame in frames { latest.store(frame) }
          }
          latest.finish(nil)
        } catch {
          latest.finish(error)
        }
      }
      defer { group.cancelAll() }
      try await tick(latest, emit: emit)
    }
  }

  private func tick(_ latest: LatestFrame, emit: (CameraFrame, Int) async throws -> Bool) async throws {
    guard await latest.waitForFirst() else { return }  // cancelled
    let (first, end) = latest.snapshot()
    if let end, case .failure(let error) = end { throw error }
    guard let first else { return }  // the stream ended with no frame
    let size = (first.width, first.height)
    let period = Duration.nanoseconds(Int64((1e9 / fps).rounded()))
    let clock = ContinuousClock()
    var next = clock.now
    var count = 0
    while true {
      guard let frame = latest.snapshot().frame else { return }
      if (frame.width, frame.height) != size {
        if verbose {
          Console.error(
            "frame \(frame.frameID) resolution changed: \(size.0)x\(size.1) -> \(frame.width)x\(frame.height); stopping capture"
          )
        }
        return
      }
      count += 1
      if verbose {
        Console.error(
          "frame \(frame.frameID) \(frame.width)x\(frame.height) unix_nanos=\(frame.unixNanos) total=\(count)")
      }
      guard try await emit(frame, count) else { return }
      next = next.advanced(by: period)
      if next > clock.now {
        do {
          try await Task.sleep(until: next, clock: clock)
        } catch {
          return  // cancelled: --duration or Ctrl-C
        }
      } else {
        next = clock.now
      }
      if Task.isCancelled { return }
      if let end = latest.snapshot().end {
        if case .failure(let error) = end { throw error }
        return
      }
    }
  }
}

/// The reader's slot: the latest frame, how the stream ended, and a signal for the first frame.
private final class LatestFrame: Sendable {
  private struct State {
    var frame: CameraFrame?
    var end: Result<Void, any Error>?
  }

  private let state = Mutex(State())
  private let (signal, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

  /// Keeps `frame`, replacing the one before.
  func store(_ frame: CameraFrame) {
    let isFirst = state.withLock { state in
      defer { state.frame = frame }
      return state.frame == nil
    }
    if isFirst { continuation.yield() }
  }

  /// Records the stream's end (nil: it ended normally).
  func finish(_ error: (any Error)?) {
    state.withLock { $0.end = error.map { .failure($0) } ?? .success(()) }
    continuation.finish()
  }

  /// Waits for the first frame or the stream's end; false when cancelled first.
  func waitForFirst() async -> Bool {
    for await _ in signal { return true }
    return !Task.isCancelled || state.withLock { $0.end != nil }
  }

  func snapshot() -> (frame: CameraFrame?, end: Result<Void, any Error>?) {
    state.withLock { ($0.frame, $0.end) }
  }
}
