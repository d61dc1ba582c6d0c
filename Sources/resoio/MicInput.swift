import Foundation
import PythonCompatibility
import ResoniteIO
import ResoniteMedia

/// What `resoio mic` streams, and how: a WAV file's samples (decoded up front, a 5-chunk
/// warm-up then paced at real time) or raw float32 LE mono PCM on stdin (unpaced: the producer
/// sets the pace), both in 1024-sample chunks, as the reference sends them.
enum MicInput {
  /// A WAV file's mono samples, already cut to `--duration`.
  case samples([Float])
  /// stdin, up to this many samples (nil: until EOF).
  case standardInput(maxSamples: Int?)

  /// Samples per chunk: about 21.3 ms at 48 kHz.
  static let chunkSamples = 1024
  /// Chunks a WAV file sends at once before pacing starts (about 107 ms: the engine's first
  /// tick finds audio waiting).
  static let warmUpChunks = 5

  /// Loads the WAV file at `path` as mono float32 (int16 / 32768; stereo = the mean of the two
  /// channels), cut to `maxSamples` as Python slices `samples[:max]` (a negative count drops
  /// that many from the end).
  /// - Throws: a ``CommandFailure`` with exit code 2 for a missing file, a parse error or a
  ///   format the mod cannot take (rate other than 48 000, more than 2 channels, a sample
  ///   width other than 2 or 4 bytes); exit code 1 for another read error.
  static func wav(path: String, maxSamples: Int?) throws -> MicInput {
    let file: WAVFile
    do {
      file = try WAVFile(path: path)
    } catch let error as WAVFile.ParseError {
      throw usage("WAV parse error: \(error)")
    } catch let error as POSIXError where error.code == .ENOENT {
      throw usage("input not found: [Errno 2] No such file or directory: \(PythonText.repr(path))")
    } catch {
      throw CommandFailure(lines: ["resoio mic: cannot read \(path): \(error.localizedDescription)"])
    }
    guard file.sampleRate == MicrophoneSender.sampleRate else {
      throw usage(
        "sample rate \(file.sampleRate) Hz is unsupported (expected 48000 Hz). Resample upstream, e.g. "
          + "`ffmpeg -i in.wav -ar 48000 -ac 1 -f f32le - | resoio mic -i -`.")
    }
    guard file.channels <= 2 else {
      throw usage("channel count \(file.channels) is unsupported (mono or stereo only).")
    }
    var samples: [Float]
    switch file.sampleWidth {
    case 2:
      samples = file.data.withUnsafeBytes { raw in
        (0..<(raw.count / 2)).map {
          Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) / 32768
        }
      }
    case 4:
      // A 32-bit file tagged integer PCM is read as float32 too, as the reference reads it
      // (Python's wave module can only write that tag, float data or not).
      samples = Float32LittleEndian.samples(file.data)
    default:
      throw usage(
        "unsupported sample width \(file.sampleWidth) bytes (only 2 = int16 and 4 = float32 are accepted).")
    }
    if file.channels == 2 {
      samples = (0..<(samples.count / 2)).map { (samples[$0 * 2] + samples[$0 * 2 + 1]) / 2 }
    }
    if let maxSamples {
      let end = maxSamples >= 0 ? min(maxSamples, samples.count) : max(samples.count + maxSamples, 0)
      samples.removeSubrange(end...)
    }
    return .samples(samples)
  }

  /// Sends the input on `mic`: whole chunks only (a partial tail is dropped, never padded),
  /// except that stdin cut by `--duration` ends with the remainder, as in the reference.
  func send(on mic: MicrophoneSender) async throws {
    switch self {
    case .samples(let samples):
      let chunks = samples.count / Self.chunkSamples
      for index in 0..<chunks {
        let chunk = Array(samples[(index * Self.chunkSamples)..<((index + 1) * Self.chunkSamples)])
        if index < Self.warmUpChunks {
          try await mic.send(chunk)
        } else {
          try await mic.sendPaced(chunk)
        }
      }
    case .standardInput(let maxSamples):
      var sent = 0
      while true {
        var wanted = Self.chunkSamples
        if let maxSamples {
          if sent >= maxSamples { return }
          wanted = min(wanted, maxSamples - sent)
        }
        // Cancellation (Ctrl-C) ends the wait at once: the stream is then cancelled.
        let bytes = try await StandardInput.shared.read(exactly: wanted * 4)
        // EOF or the writer gone: the partial tail is dropped.
        if bytes.count < wanted * 4 { return }
        try await mic.send(Float32LittleEndian.samples(bytes))
        sent += wanted
      }
    }
  }

  private static func usage(_ message: String) -> CommandFailure {
    CommandFailure(lines: ["resoio mic: " + message], exitCode: 2)
  }
}
