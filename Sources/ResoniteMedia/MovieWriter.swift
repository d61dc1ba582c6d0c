import CFFmpeg

/// H.264 video (yuv420p, libx264) and optionally AAC audio (fltp, stereo, 48 kHz) in an MP4 file
/// or a Matroska stream on stdout, through FFmpeg's libraries: what the reference CLI makes with
/// PyAV, set up as PyAV's `add_stream("h264", rate=round(fps))` and `add_stream("aac")` set it up
/// (libx264's defaults, CRF 23; the AAC encoder's default bit rate).
///
/// Nothing is opened or written until the first video frame, which fixes the size: then both
/// encoders open, the output opens and the header goes out (as PyAV does, so a recording that
/// got no frame leaves no file). Audio before that is refused: the caller gates it on
/// ``isStarted``, as the reference gates its audio pump on the video size. ``finish()`` drains
/// the encoders and writes the trailer (an MP4 without it does not play).
///
/// Timestamps:
/// - ``VideoTiming/frameIndex`` (video only): frame `i` has PTS `i` in a time base of
///   `1/round(fps)`, a constant frame rate, as PyAV numbers frames that carry no PTS.
/// - ``VideoTiming/ninetyKilohertz`` (muxed): the caller's PTS in 1/90 000 s, audio in samples
///   (1/48 000 s) from the first chunk's offset on, so both streams share one t0.
///
/// Not thread-safe: a muxed recording calls it from two tasks, under one lock of its own.
public final class MovieWriter {
  /// Where the bytes go.
  public enum Destination: Sendable, Equatable {
    /// An MP4 file at this path (created or truncated).
    case mp4File(String)
    /// Matroska on standard output (fd 1), which can be piped into a player as it is written.
    case matroskaToStandardOutput
  }

  /// How video frames get their timestamps.
  public enum VideoTiming: Sendable {
    /// PTS = frame index, time base `1/round(fps)`.
    case frameIndex
    /// PTS given per frame, time base 1/90 000.
    case ninetyKilohertz
  }

  /// The audio's fixed format.
  public static let audioSampleRate: Int32 = 48_000

  private let destination: Destination
  private let frameRate: Int32
  private let timing: VideoTiming
  private let includesAudio: Bool

  private var format: UnsafeMutablePointer<AVFormatContext>?
  private var video: UnsafeMutablePointer<AVCodecContext>?
  private var videoStream: UnsafeMutablePointer<AVStream>?
  private var audio: UnsafeMutablePointer<AVCodecContext>?
  private var audioStream: UnsafeMutablePointer<AVStream>?
  private var scaler: OpaquePointer?
  private var resampler: OpaquePointer?
  private var picture: UnsafeMutablePointer<AVFrame>?
  private var packet: UnsafeMutablePointer<AVPacket>?
  private var width: Int32 = 0
  private var height: Int32 = 0
  private var framesWritten: Int64 = 0
  private var nextAudioPTS: Int64?
  private var finished = false

  /// The size fixed by the first frame, once it came.
  public var size: (width: Int, height: Int)? { isStarted ? (Int(width), Int(height)) : nil }
  /// Whether the first frame came (the output is open and the header written).
  public private(set) var isStarted = false
  /// Video frames encoded so far.
  public var videoFrames: Int64 { framesWritten }

  /// Prepares a writer; opens nothing yet.
  ///
  /// - Parameters:
  ///   - destination: the MP4 file or Matroska on stdout.
  ///   - fps: the frame rate (the reference's `rate=int(round(fps))`, at least 1 here).
  ///   - timing: how video frames get their PTS.
  ///   - includesAudio: whether there is an AAC stream.
  public init(destination: Destination, fps: Double, timing: VideoTiming, includesAudio: Bool) {
    self.destination = destination
    // Python's round() (half to even); PyAV takes a rate of 0 as "none" and uses 24.
    let rounded = fps.isFinite ? min(max(fps, 0), 1e6).rounded(.toNearestOrEven) : 24
    frameRate = rounded == 0 ? 24 : Int32(rounded)
    self.timing = timing
    self.includesAudio = includesAudio
  }

  deinit { release() }

  /// Encodes one RGBA8 frame (`width * height * 4` bytes, row 0 on top; alpha dropped). The
  /// first frame opens the output at its size; later frames must have that size.
  ///
  /// - Parameters:
  ///   - rgba: the pixels, `width * height * 4` bytes.
  ///   - width: the frame's width in pixels.
  ///   - height: the frame's height in pixels.
  ///   - pts: the frame's PTS in 1/90 000 s for ``VideoTiming/ninetyKilohertz``; ignored for
  ///     ``VideoTiming/frameIndex``.
  /// - Throws: ``MediaError`` (``MediaError/isBrokenPipe`` when stdout's reader went away).
  public func appendVideo(rgba: UnsafeRawBufferPointer, width: Int, height: Int, pts: Int64 = 0) throws(MediaError) {
    precondition(!finished, "appendVideo after finish")
    if format != nil && !isStarted { throw MediaError(message: "the output failed to open") }
    precondition(rgba.count == width * height * 4, "\(rgba.count) bytes for a \(width)x\(height) RGBA frame")
    if !isStarted { try start(width: Int32(width), height: Int32(height)) }
    guard Int32(width) == self.width, Int32(height) == self.height else {
      throw MediaError(message: "frame size \(width)x\(height) differs from the stream's \(self.width)x\(self.height)")
    }
    guard let video, let picture, let scaler else { return }
    var status = av_frame_make_writable(picture)
    guard status >= 0 else { throw MediaError.ffmpeg("av_frame_make_writable", status) }
    var source: [UnsafePointer<UInt8>?] = [rgba.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, nil, nil]
    var strides: [Int32] = [Int32(width * 4), 0, 0, 0]
    status = sws_scale(
      scaler, &source, &strides, 0, Int32(height), Self.planes(of: picture), Self.lineSizes(of: picture))
    guard status >= 0 else { throw MediaError.ffmpeg("sws_scale", status) }
    picture.pointee.pts = timing == .frameIndex ? framesWritten : pts
    framesWritten += 1
    try encode(picture, with: video, into: videoStream!)
  }

  /// Encodes interleaved stereo samples (L0 R0 L1 R1 ...). The first call's `firstPTS` (in
  /// samples since t0) starts the audio timeline; later calls continue it sample for sample.
  ///
  /// - Precondition: the writer has audio and ``isStarted``.
  /// - Throws: ``MediaError``.
  public func appendAudio(interleaved samples: [Float], firstPTS: Int64) throws(MediaError) {
    precondition(!finished, "appendAudio after finish")
    precondition(includesAudio && isStarted, "audio before the first video frame")
    guard let resampler else { return }
    if nextAudioPTS == nil { nextAudioPTS = max(firstPTS, 0) }
    let frames = Int32(samples.count / 2)
    let status = samples.withUnsafeBufferPointer { buffer -> Int32 in
      var input: UnsafePointer<UInt8>? = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self)
      return swr_convert(resampler, nil, 0, &input, frames)
    }
    guard status >= 0 else { throw MediaError.ffmpeg("swr_convert", status) }
    try drainResampler(final: false)
  }

  /// Drains the encoders, writes the trailer and closes the output. A writer that never got a
  /// frame writes nothing (no file). Idempotent; after a failure the rest still runs and the
  /// first error is thrown.
  public func finish() throws(MediaError) {
    guard !finished else { return }
    finished = true
    defer { release() }
    guard isStarted, let video, let format else { return }
    var failure: MediaError?
    func attempt(_ body: () throws(MediaError) -> Void) {
      do throws(MediaError) { try body() } catch { if failure == nil { failure = error } }
    }
    attempt { () throws(MediaError) in try encode(nil, with: video, into: videoStream!) }
    if let audio, let audioStream {
      attempt { () throws(MediaError) in try drainResampler(final: true) }
      attempt { () throws(MediaError) in try encode(nil, with: audio, into: audioStream) }
    }
    attempt { () throws(MediaError) in
      let status = av_write_trailer(format)
      if status < 0 { throw MediaError.ffmpeg("av_write_trailer", status) }
    }
    attempt { () throws(MediaError) in
      if let pb = format.pointee.pb, pb.pointee.error < 0 {
        throw MediaError.ffmpeg("writing the output", pb.pointee.error)
      }
    }
    let status = avio_closep(&format.pointee.pb)
    if status < 0, failure == nil { failure = MediaError.ffmpeg("closing the output", status) }
    if let failure { throw failure }
  }

  // MARK: Setup

  private func start(width: Int32, height: Int32) throws(MediaError) {
    guard width > 0, height > 0 else { throw MediaError(message: "cannot encode a \(width)x\(height) frame") }
    self.width = width
    self.height = height
    var context: UnsafeMutablePointer<AVFormatContext>?
    let (formatName, url): (String, String) =
      switch destination {
      case .mp4File(let path): ("mp4", path)
      case .matroskaToStandardOutput: ("matroska", "pipe:1")
      }
    var status = avformat_alloc_output_context2(&context, nil, formatName, url)
    guard status >= 0, let context else { throw MediaError.ffmpeg("cannot set up \(formatName) output", status) }
    format = context
    let globalHeader = context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0

    // Video: H.264 (libx264 on Debian), yuv420p.
    guard let codec = avcodec_find_encoder(AV_CODEC_ID_H264) else {
      throw MediaError(message: "this FFmpeg has no H.264 encoder (Debian's libavcodec59 has libx264)")
    }
    guard let stream = avformat_new_stream(context, nil), let video = avcodec_alloc_context3(codec) else {
      throw MediaError(message: "out of memory setting up the video stream")
    }
    self.video = video
    videoStream = stream
    let timeBase = timing == .frameIndex ? AVRational(num: 1, den: frameRate) : AVRational(num: 1, den: 90_000)
    video.pointee.width = width
    video.pointee.height = height
    video.pointee.pix_fmt = AV_PIX_FMT_YUV420P
    video.pointee.time_base = timeBase
    video.pointee.framerate = AVRational(num: frameRate, den: 1)
    video.pointee.bit_rate_tolerance = 128_000
    if globalHeader { video.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
    status = avcodec_open2(video, codec, nil)
    guard status >= 0 else { throw MediaError.ffmpeg("cannot open the H.264 encoder (\(width)x\(height))", status) }
    status = avcodec_parameters_from_context(stream.pointee.codecpar, video)
    guard status >= 0 else { throw MediaError.ffmpeg("avcodec_parameters_from_context", status) }
    stream.pointee.time_base = timeBase
    stream.pointee.avg_frame_rate = video.pointee.framerate

    guard let picture = av_frame_alloc(), let packet = av_packet_alloc() else {
      throw MediaError(message: "out of memory allocating frames")
    }
    self.picture = picture
    self.packet = packet
    picture.pointee.format = AV_PIX_FMT_YUV420P.rawValue
    picture.pointee.width = width
    picture.pointee.height = height
    status = av_frame_get_buffer(picture, 0)
    guard status >= 0 else { throw MediaError.ffmpeg("av_frame_get_buffer", status) }
    scaler = sws_getContext(
      width, height, AV_PIX_FMT_RGBA, width, height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, nil, nil, nil)
    guard scaler != nil else { throw MediaError(message: "cannot convert \(width)x\(height) RGBA to yuv420p") }

    if includesAudio { try startAudio(in: context, globalHeader: globalHeader) }

    status = avio_open(&context.pointee.pb, url, AVIO_FLAG_WRITE)
    guard status >= 0 else { throw MediaError.ffmpeg("cannot write \(url)", status) }
    status = avformat_write_header(context, nil)
    guard status >= 0 else { throw MediaError.ffmpeg("cannot write the \(formatName) header", status) }
    isStarted = true
  }

  private func startAudio(in context: UnsafeMutablePointer<AVFormatContext>, globalHeader: Bool) throws(MediaError) {
    guard let codec = avcodec_find_encoder(AV_CODEC_ID_AAC) else {
      throw MediaError(message: "this FFmpeg has no AAC encoder")
    }
    guard let stream = avformat_new_stream(context, nil), let audio = avcodec_alloc_context3(codec) else {
      throw MediaError(message: "out of memory setting up the audio stream")
    }
    self.audio = audio
    audioStream = stream
    audio.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
    audio.pointee.sample_rate = Self.audioSampleRate
    audio.pointee.time_base = AVRational(num: 1, den: Self.audioSampleRate)
    audio.pointee.bit_rate_tolerance = 32_000
    av_channel_layout_default(&audio.pointee.ch_layout, 2)
    if globalHeader { audio.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
    var status = avcodec_open2(audio, codec, nil)
    guard status >= 0 else { throw MediaError.ffmpeg("cannot open the AAC encoder", status) }
    status = avcodec_parameters_from_context(stream.pointee.codecpar, audio)
    guard status >= 0 else { throw MediaError.ffmpeg("avcodec_parameters_from_context", status) }
    stream.pointee.time_base = audio.pointee.time_base

    // Interleaved float to planar float, same rate and layout: swresample only reorders, and
    // buffers what does not fill an encoder frame yet.
    var resampler: OpaquePointer?
    status = swr_alloc_set_opts2(
      &resampler, &audio.pointee.ch_layout, AV_SAMPLE_FMT_FLTP, Self.audioSampleRate,
      &audio.pointee.ch_layout, AV_SAMPLE_FMT_FLT, Self.audioSampleRate, 0, nil)
    guard status >= 0, let resampler else { throw MediaError.ffmpeg("swr_alloc_set_opts2", status) }
    self.resampler = resampler
    status = swr_init(resampler)
    guard status >= 0 else { throw MediaError.ffmpeg("swr_init", status) }
  }

  // MARK: Encoding

  /// Takes whole encoder frames (1024 samples) out of the resampler and encodes them; with
  /// `final`, the shorter rest too (the AAC encoder takes a short last frame).
  private func drainResampler(final: Bool) throws(MediaError) {
    guard let audio, let audioStream, let resampler else { return }
    let frameSize = audio.pointee.frame_size > 0 ? audio.pointee.frame_size : 1024
    while true {
      let buffered = swr_get_out_samples(resampler, 0)
      guard buffered >= frameSize || (final && buffered > 0) else { return }
      guard let frame = av_frame_alloc() else { throw MediaError(message: "out of memory allocating an audio frame") }
      var owned: UnsafeMutablePointer<AVFrame>? = frame
      defer { av_frame_free(&owned) }
      frame.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
      frame.pointee.sample_rate = Self.audioSampleRate
      frame.pointee.nb_samples = min(buffered, frameSize)
      var status = av_channel_layout_copy(&frame.pointee.ch_layout, &audio.pointee.ch_layout)
      guard status >= 0 else { throw MediaError.ffmpeg("av_channel_layout_copy", status) }
      status = av_frame_get_buffer(frame, 0)
      guard status >= 0 else { throw MediaError.ffmpeg("av_frame_get_buffer", status) }
      let converted = swr_convert(resampler, Self.planes(of: frame), frame.pointee.nb_samples, nil, 0)
      guard converted > 0 else {
        if converted < 0 { throw MediaError.ffmpeg("swr_convert", converted) }
        return
      }
      frame.pointee.nb_samples = converted
      frame.pointee.pts = nextAudioPTS ?? 0
      nextAudioPTS = (nextAudioPTS ?? 0) + Int64(converted)
      try encode(frame, with: audio, into: audioStream)
    }
  }

  /// Sends `frame` (nil: flush) to `encoder` and writes every packet it gives back.
  private func encode(
    _ frame: UnsafeMutablePointer<AVFrame>?, with encoder: UnsafeMutablePointer<AVCodecContext>,
    into stream: UnsafeMutablePointer<AVStream>
  ) throws(MediaError) {
    guard let packet, let format else { return }
    var status = avcodec_send_frame(encoder, frame)
    guard status >= 0 else { throw MediaError.ffmpeg("encoding", status) }
    while true {
      status = avcodec_receive_packet(encoder, packet)
      if status == cffmpeg_error_again() || status == cffmpeg_error_eof() { return }
      guard status >= 0 else { throw MediaError.ffmpeg("encoding", status) }
      av_packet_rescale_ts(packet, encoder.pointee.time_base, stream.pointee.time_base)
      packet.pointee.stream_index = stream.pointee.index
      status = av_interleaved_write_frame(format, packet)
      guard status >= 0 else { throw MediaError.ffmpeg("writing the output", status) }
    }
  }

  private func release() {
    if let format, format.pointee.pb != nil { avio_closep(&format.pointee.pb) }
    avcodec_free_context(&video)
    avcodec_free_context(&audio)
    if let scaler { sws_freeContext(scaler) }
    scaler = nil
    swr_free(&resampler)
    av_frame_free(&picture)
    av_packet_free(&packet)
    avformat_free_context(format)
    format = nil
    videoStream = nil
    audioStream = nil
  }
}

extension MovieWriter {
  /// `frame->data`: the planes' pointers (8 of them, in the frame's C memory).
  fileprivate static func planes(of frame: UnsafeMutablePointer<AVFrame>) -> UnsafeMutablePointer<
    UnsafeMutablePointer<UInt8>?
  > {
    (UnsafeMutableRawPointer(frame) + MemoryLayout<AVFrame>.offset(of: \AVFrame.data)!)
      .assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self)
  }

  /// `frame->linesize`: the planes' strides.
  fileprivate static func lineSizes(of frame: UnsafeMutablePointer<AVFrame>) -> UnsafeMutablePointer<Int32> {
    (UnsafeMutableRawPointer(frame) + MemoryLayout<AVFrame>.offset(of: \AVFrame.linesize)!)
      .assumingMemoryBound(to: Int32.self)
  }
}
