import ArgumentParser
import Foundation
import PythonCompatibility
import ResoniteGRPC
import ResoniteIO

/// `resoio mic [-i INPUT] [--duration S] [--no-wait] [--format F]`: audio into the engine's
/// microphone input (Microphone.StreamAudio, a client stream).
struct Mic: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mic",
    abstract: "Stream mono audio into the Resonite microphone input.",
    discussion: """
      Opens a Microphone stream and pushes the samples of a WAV file (or raw
      float32 LE mono PCM on stdin) as the local user's voice. The wire format
      is fixed at 48 kHz / mono / float32 LE; there is no resampler, so a WAV
      at another rate is refused (pipe through ffmpeg into -i - instead).

      WAV input: 16-bit integer PCM (divided by 32768) or 32-bit float, mono
      or stereo (down-mixed to the mean of the two channels). A 32-bit file
      tagged integer PCM is read as float32, as the reference reads it; unlike
      the reference, IEEE-float files (format tag 3, as ffmpeg writes them) are
      accepted too. The samples go in 1024-sample chunks (about 21.3 ms); a
      partial last chunk is dropped, never padded. The first 5 chunks go at
      once (a warm-up for the engine's first tick), the rest at real time.
      Stdin input is sent as it arrives (the producer sets the pace), in
      1024-sample chunks; EOF or the writer going away ends the stream
      normally (exit 0). --duration cuts the input to that many seconds of
      samples (on stdin the last chunk is then the remainder).

      Unless --no-wait, an empty stream is sent first, and again every 2 s
      while the mod answers FAILED_PRECONDITION (the virtual input is not
      ready), for up to 120 s. At the end the mod's summary is printed:
      received_frames=N received_samples=N dropped_frames=N unix_nanos=N, or
      with --format json one object with those four keys.

      Exit 2 for a missing file, a malformed WAV or one of another rate, more
      than 2 channels or a sample width other than 2 or 4 bytes (unlike the
      reference, which exits 1 with a traceback for a truncated header), and
      for a --duration that is not a finite number (the reference crashes).
      Exit 1 when the mod stays not ready, or for a gRPC error: one or two
      lines on stderr naming the status and the mod's message. Connecting
      gives up after 10 seconds.


      """ + socketResolutionHelp)

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Input audio source. A path to a .wav file, or \"-\" to read raw float32 LE mono PCM from stdin (default: \"-\").",
      valueName: "input"))
  var input: String = "-"

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Stop after this many seconds of audio (default: stream until EOF or end of file).", valueName: "duration"))
  var duration: String?

  @Flag(help: "Skip the Bridge-ready retry loop (default: retry FAILED_PRECONDITION for up to 120s).")
  var noWait = false

  /// How long the readiness wait retries: 120 s as in the reference. Not shown in the help; it
  /// exists so tests need not wait two minutes for the timeout.
  @Option(name: .customLong("ready-timeout"), help: ArgumentHelp(visibility: .private))
  var readyTimeout: Double = 120

  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human-readable text (default) or machine-readable json.")
  var format: OutputFormat = .human

  /// Pause between readiness attempts.
  static let retryInterval: Duration = .seconds(2)

  func validate() throws {
    _ = try maxSamples()
  }

  /// `int(duration * 48000)`, or nil without --duration.
  private func maxSamples() throws -> Int? {
    guard let duration else { return nil }
    guard let seconds = PythonText.parseFloat(duration) else {
      throw ValidationError("argument --duration: invalid float value: \(PythonText.repr(duration))")
    }
    guard seconds.isFinite else {
      throw ValidationError("--duration must be a finite number of seconds, not \(PythonText.float(seconds))")
    }
    let samples = (seconds * Double(MicrophoneSender.sampleRate)).rounded(.towardZero)
    return samples >= 0x1p62 ? 1 << 62 : samples <= -0x1p62 ? -(1 << 62) : Int(samples)
  }

  func run() async throws {
    let maxSamples = try maxSamples()
    // The reference waits first, then opens the input (so a bad file exits 2 only once the mod
    // is reachable, unless --no-wait): the body connects when it is time to.
    let summary = try await ModCall.run(
      "mic", socket: socketOptions, readinessHint: .always, connectFirst: false
    ) { client -> MicrophoneStreamSummary in
      if !noWait {
        try await client.connect(timeout: ServiceCall.timeout)
        try await waitUntilReady(client)
      }
      let source =
        input == "-"
        ? MicInput.standardInput(maxSamples: maxSamples) : try MicInput.wav(path: input, maxSamples: maxSamples)
      if noWait { try await client.connect(timeout: ServiceCall.timeout) }
      do {
        return try await client.microphone.stream { mic in try await source.send(on: mic) }
      } catch let error as RPCError where !Task.isCancelled {
        throw CommandFailure(lines: ["resoio mic: stream failed: " + FailureReport.describe(error)])
      }
    }
    emit(summary)
  }

  /// Sends empty streams until one is accepted: FAILED_PRECONDITION is retried every 2 s until
  /// `--ready-timeout`; another status ends the command.
  private func waitUntilReady(_ client: ResoniteClient) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + Seconds.pause(readyTimeout)
    var attempts = 0
    while true {
      attempts += 1
      do {
        _ = try await client.microphone.stream(options: ServiceCall.options()) { _ in }
        return
      } catch let rpc as RPCError where rpc.code == .failedPrecondition && !Task.isCancelled {
        if clock.now > deadline {
          throw CommandFailure(lines: [
            "resoio mic: microphone bridge not ready: it did not become ready in \(PythonText.float(readyTimeout)) s "
              + "(\(attempts) attempt\(attempts == 1 ? "" : "s")); last reason: \(FailureReport.describe(rpc))",
            "select the virtual input in Resonite (Settings > Audio Input), or pass --no-wait",
          ])
        }
        try await Task.sleep(for: Self.retryInterval)
      } catch let rpc as RPCError where !Task.isCancelled {
        throw CommandFailure(lines: ["resoio mic: microphone bridge error: " + FailureReport.describe(rpc)])
      }
    }
  }

  private func emit(_ summary: MicrophoneStreamSummary) {
    switch format {
    case .human:
      Console.out(
        "received_frames=\(summary.receivedFrames) received_samples=\(summary.receivedSamples) "
          + "dropped_frames=\(summary.droppedFrames) unix_nanos=\(summary.unixNanos)")
    case .json:
      Console.out(
        JSONValue.object([
          ("received_frames", .integer(summary.receivedFrames)),
          ("received_samples", .integer(summary.receivedSamples)),
          ("dropped_frames", .integer(summary.droppedFrames)),
          ("unix_nanos", .integer(summary.unixNanos)),
        ]).text)
    }
  }
}
