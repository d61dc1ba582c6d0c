import Foundation
import ResoniteIO
import ResoniteMedia

/// One `resoio record` run: the mode, the target, and the five ways to record (the reference's
/// routes: Y4M or MP4 video, PCM or WAV audio, and muxed, in ``MuxedRecording``).
///
/// Each route returns normally when it is cancelled (`--duration` or Ctrl-C) or when stdout's
/// reader went away, after finishing its output; it throws a ``CommandFailure`` (exit 1) for a
/// failure: the connection, a stream's error, a file that cannot be written.
struct Recording: Sendable {
  var mode: RecordMode
  /// The file, or nil for stdout.
  var target: String?
  var fps: Double
  var verbose: Bool
  var socket: SocketOptions

  static let command = "record"

  func record() async throws {
    switch (mode, target) {
    case (.video, nil): try await videoToY4M()
    case (.video, let path?): try await videoToMP4(path)
    case (.audio, nil): try await audioToPCM()
    case (.audio, let path?): try await audioToWAV(path)
    case (.muxed, _): try await MuxedRecording(settings: self).record()
    }
  }

  /// Connects and runs `body`; a cancellation (or the error it caused while the run was being
  /// cancelled) is the normal end of a recording, not a failure.
  func withMod(_ body: (ResoniteClient) async throws -> Void) async throws {
    do {
      try await ModCall.run(Self.command, socket: socket, body)
    } catch {
      if Task.isCancelled || error is CancellationError { return }
      throw error
    }
  }

  /// The failure for a media error (`resoio record: <what>: <why>`).
  static func failure(_ error: MediaError) -> CommandFailure {
    CommandFailure(lines: ["resoio \(command): \(error.message)"])
  }

  // MARK: Routes

  /// Paced frames as a Y4M stream on stdout: the header at the first frame, then one frame per tick.
  private func videoToY4M() async throws {
    let pacer = FramePacer(fps: fps, verbose: verbose)
    try await withMod { mod in
      // One frame's bytes, allocated at the first frame and reused (the size never changes).
      var buffer: UnsafeMutableRawBufferPointer?
      defer { buffer?.deallocate() }
      try await pacer.run(mod.camera) { frame, _ in
        if buffer == nil {
          buffer = .allocate(byteCount: Y4M.frameSize(width: frame.width, height: frame.height), alignment: 16)
          let header = Y4M.header(width: frame.width, height: frame.height, fps: fps)
          guard try StandardOutput.write(header, command: Self.command) else { return false }
        }
        let out = buffer!
        frame.withUnsafePixels { Y4M.writeFrame(rgba: $0, width: frame.width, height: frame.height, into: out) }
        return try StandardOutput.write(UnsafeRawBufferPointer(out), command: Self.command)
      }
    }
  }

  /// Paced frames as H.264 in an MP4 file, one frame per tick at a constant rate.
  private func videoToMP4(_ path: String) async throws {
    InterruptGrace.extend()
    let movie = MovieWriter(destination: .mp4File(path), fps: fps, timing: .frameIndex, includesAudio: false)
    let pacer = FramePacer(fps: fps, verbose: verbose)
    do {
      try await withMod { mod in
        try await pacer.run(mod.camera) { frame, _ in
          do throws(MediaError) {
            try frame.withUnsafePixels { (pixels) throws(MediaError) in
              try movie.appendVideo(rgba: pixels, width: frame.width, height: frame.height)
            }
          } catch {
            throw Self.failure(error)
          }
          return true
        }
      }
    } catch {
      try? movie.finish()
      throw error
    }
    do throws(MediaError) { try movie.finish() } catch { throw Self.failure(error) }
  }

  /// Speaker chunks as raw float32 little-endian samples on stdout, unpaced.
  private func audioToPCM() async throws {
    try await withMod { mod in
      try await mod.speaker.chunks { chunks in
        for try await chunk in chunks {
          guard try StandardOutput.write(Float32LittleEndian.bytes(chunk.samples), command: Self.command) else {
            return
          }
        }
      }
    }
  }

  /// Speaker chunks into an IEEE-float WAV file, created before connecting (as the reference),
  /// its sizes patched when the recording ends, however it ends.
  private func audioToWAV(_ path: String) async throws {
    let wav: WAVFloatWriter
    do throws(MediaError) { wav = try WAVFloatWriter(path: path) } catch { throw Self.failure(error) }
    do {
      try await withMod { mod in
        try await mod.speaker.chunks { chunks in
          for try await chunk in chunks {
            do throws(MediaError) { try wav.append(chunk.samples) } catch { throw Self.failure(error) }
          }
        }
      }
    } catch {
      try? wav.close()
      throw error
    }
    do throws(MediaError) { try wav.close() } catch { throw Self.failure(error) }
  }
}
