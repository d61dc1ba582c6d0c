import ArgumentParser
import Foundation
import PythonCompatibility
import ResoniteIO
import ResoniteMedia

/// `resoio record`: the camera (video), the speaker (audio) or both (muxed) to a file or
/// stdout, as the reference CLI records them.
struct Record: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Record video, audio, or muxed video+audio to a file or stdout.",
    discussion: """
      Records the Camera (video) and Speaker (audio) streams. --video and --audio
      are filters, not exclusive: neither (or both) records muxed video+audio.

      Output, by mode and -o:
        video  -o -        Y4M (C444, BT.601 full range) on stdout
        video  -o x.mp4    H.264 (yuv420p) MP4
        audio  -o -        raw float32 little-endian PCM, 48 kHz stereo, on stdout
        audio  -o x.wav    IEEE-float WAV, 48 kHz stereo
        muxed  -o -        Matroska (H.264 + AAC) on stdout
        muxed  -o x.mp4    MP4 (H.264 + AAC)
      With no -o the recording goes to record_YYYYMMDD_HHMMSS.mp4 (.wav for
      --audio) in the current directory. After a file is saved its absolute path
      is printed; -o - prints nothing.

      Video is paced to --fps: the latest camera frame is taken on every tick,
      repeated when the camera is slower and the ones between dropped when it is
      faster. Recording stops at --duration, at Ctrl-C (the file is finished
      properly; exit 130), when the camera's frame size changes (the output's size
      is fixed by the first frame), when a stream ends, or when stdout's reader
      goes away (exit 0). MP4 and Matroska are written with FFmpeg's libraries
      (libx264, FFmpeg's AAC encoder).

      Exit status: 0 when the recording ends (including --duration and a broken
      pipe), 1 on a failure (one line on stderr), 2 for --fps or -v with --audio
      alone, an output extension that does not fit the mode, or a bad number.


      """ + socketResolutionHelp)

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Output target; \"-\" emits Y4M / raw float32 PCM / matroska to stdout per mode, a path ending in .mp4 / .wav writes that file. Omitted: record_YYYYMMDD_HHMMSS.mp4 (.wav for --audio) in the current directory.",
      valueName: "output"))
  var output: String?

  @Flag(help: "Include the video (Camera) stream. Combine with --audio for an explicit muxed mode.")
  var video = false

  @Flag(help: "Include the audio (Speaker) stream. Combine with --video for an explicit muxed mode.")
  var audio = false

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Video frame rate in Hz (positive and finite); defaults to 30.0 in video-bearing modes. Rejected when --audio is given alone.",
      valueName: "fps"))
  var fps: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Stop after this many seconds (default: run until Ctrl-C).", valueName: "duration"))
  var duration: String?

  @Flag(
    name: [.short, .long], help: "Print per-frame stats to stderr (video only). Rejected when --audio is given alone.")
  var verbose = false

  @OptionGroup var socketOptions: SocketOptions

  func validate() throws {
    if let fps {
      guard let value = PythonText.parseFloat(fps) else {
        throw ValidationError("argument --fps: invalid value: '\(fps)'")
      }
      guard value > 0, value.isFinite else {
        throw ValidationError("argument --fps: --fps must be positive and finite, got \(PythonText.float(value))")
      }
    }
    if let duration, PythonText.parseFloat(duration) == nil {
      throw ValidationError("argument --duration: invalid float value: '\(duration)'")
    }
  }

  func run() async throws {
    let mode = RecordMode(video: video, audio: audio)
    if let problem = RecordMode.problem(mode: mode, fpsGiven: fps != nil, verbose: verbose, output: output) {
      throw CommandFailure(lines: ["resoio record: \(problem)"], exitCode: 2)
    }
    let target = output ?? "record_\(OutputFile.stamp()).\(mode == .audio ? "wav" : "mp4")"
    let settings = Recording(
      mode: mode, target: target == "-" ? nil : target, fps: fps.flatMap(PythonText.parseFloat) ?? 30.0,
      verbose: verbose, socket: socketOptions)
    // A closed stdout must be an EPIPE error to handle, not a signal that kills the process.
    signal(SIGPIPE, SIG_IGN)
    (verbose ? FFmpegLog.warnings : .quiet).apply()
    let limit = duration.flatMap(PythonText.parseFloat).map { Seconds.limit($0) } ?? nil
    // --duration 0 or less: over before it starts, as the reference's asyncio.wait_for, which
    // cancels the recording before its first step (no file; the path is still printed).
    if let limit, limit <= .zero {
      if target != "-" { Console.out(PythonPath.absolute(target)) }
      return
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await settings.record() }
      if let limit {
        group.addTask { try? await Task.sleep(for: limit) }
      }
      // The first to end (the recording, or the --duration timer) ends the other; the
      // recording, cancelled, finishes its file before it returns.
      try await group.next()
      group.cancelAll()
      try await group.waitForAll()
    }
    // Ctrl-C: the file is finished, but as the reference, no path; main exits 130.
    if Task.isCancelled { throw CancellationError() }
    if target != "-" { Console.out(PythonPath.absolute(target)) }
  }
}

/// What `resoio record` records: the filters resolved as the reference resolves them.
enum RecordMode: Equatable {
  case muxed, video, audio

  /// `--video` and `--audio` are filters: neither or both is muxed.
  init(video: Bool, audio: Bool) {
    let hasVideo = !audio || video
    let hasAudio = !video || audio
    self = hasVideo && hasAudio ? .muxed : hasVideo ? .video : .audio
  }

  /// The usage error for these flags (exit 2), in the reference's order: the flag mistake
  /// before the path mistake; nil when they fit.
  static func problem(mode: RecordMode, fpsGiven: Bool, verbose: Bool, output: String?) -> String? {
    if mode == .audio && (fpsGiven || verbose) {
      return "--fps/-v require video; remove --audio or add --video"
    }
    guard let output, output != "-" else { return nil }
    let lower = output.lowercased()
    let quoted = PythonText.repr(output)
    switch mode {
    case .muxed where !lower.hasSuffix(".mp4"):
      return
        "unsupported output extension for muxed mode: \(quoted). Use '-' (matroska stdout) or a path ending in '.mp4'."
    case .video where !lower.hasSuffix(".mp4"):
      return
        "unsupported output extension for video-only mode: \(quoted). Use '-' (Y4M stdout) or a path ending in '.mp4'."
    case .audio where !lower.hasSuffix(".wav"):
      return
        "unsupported output extension for audio-only mode: \(quoted). Use '-' (raw PCM stdout) or a path ending in '.wav'."
    default:
      return nil
    }
  }
}
