import CFFmpeg

/// Why a media file could not be probed: "what: FFmpeg's message".
struct ProbeError: Error, CustomStringConvertible {
  var description: String

  init(message: String) {
    description = message
  }

  /// `what` failed with FFmpeg error `code`.
  static func ffmpeg(_ what: String, _ code: Int32) -> ProbeError {
    var buffer = [CChar](repeating: 0, count: 256)
    av_strerror(code, &buffer, buffer.count)
    return ProbeError(
      message: "\(what): " + String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
  }
}

/// What a media file holds, found by demuxing it and decoding every packet with FFmpeg's
/// libraries: the check that a recording plays, not only that it has the right headers.
struct MediaProbe: Sendable {
  /// One stream of the file.
  struct Stream: Sendable {
    /// `video` or `audio` (FFmpeg's media type name; `data` and so on for others).
    var kind: String
    /// The codec's short name: `h264`, `aac`...
    var codec: String
    /// Video: the width in pixels (0 for audio).
    var width: Int
    /// Video: the height in pixels (0 for audio).
    var height: Int
    /// Video: the pixel format name (`yuv420p`); audio: the sample format name (`fltp`).
    var sampleFormat: String
    /// Audio: samples per second (0 for video).
    var sampleRate: Int
    /// Audio: channels (0 for video).
    var channels: Int
    /// Frames decoded (video pictures, or audio frames).
    var decodedFrames: Int
    /// Audio: samples decoded, per channel.
    var decodedSamples: Int
    /// Video: the first decoded picture's luma plane, `width * height` bytes row by row.
    var firstLuma: [UInt8]
    /// Video: the last decoded picture's luma plane.
    var lastLuma: [UInt8]
  }

  /// The container format's short name (`mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`).
  var container: String
  /// The streams, in file order.
  var streams: [Stream]

  /// The first stream of `kind`, if any.
  func first(_ kind: String) -> Stream? { streams.first { $0.kind == kind } }

  /// Opens `path`, decodes every packet of every audio and video stream, and summarises.
  /// - Throws: ``ProbeError`` when the file does not open or a stream does not decode.
  init(path: String) throws(ProbeError) {
    var format: UnsafeMutablePointer<AVFormatContext>?
    var status = avformat_open_input(&format, path, nil, nil)
    guard status >= 0, let context = format else { throw ProbeError.ffmpeg("cannot open \(path)", status) }
    defer { avformat_close_input(&format) }
    status = avformat_find_stream_info(context, nil)
    guard status >= 0 else { throw ProbeError.ffmpeg("cannot read the streams of \(path)", status) }
    container = String(cString: context.pointee.iformat.pointee.name)

    var decoders: [UnsafeMutablePointer<AVCodecContext>?] = []
    defer { for index in decoders.indices { avcodec_free_context(&decoders[index]) } }
    var found: [Stream] = []
    for index in 0..<Int(context.pointee.nb_streams) {
      let parameters = context.pointee.streams[index]!.pointee.codecpar!
      let type = parameters.pointee.codec_type
      let kind = av_get_media_type_string(type).map { String(cString: $0) } ?? "unknown"
      let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
      var stream = Stream(
        kind: kind, codec: codecName, width: Int(parameters.pointee.width), height: Int(parameters.pointee.height),
        sampleFormat: "", sampleRate: Int(parameters.pointee.sample_rate),
        channels: Int(parameters.pointee.ch_layout.nb_channels), decodedFrames: 0, decodedSamples: 0,
        firstLuma: [], lastLuma: [])
      if type == AVMEDIA_TYPE_VIDEO {
        stream.sampleFormat =
          av_get_pix_fmt_name(AVPixelFormat(rawValue: parameters.pointee.format)).map { String(cString: $0) } ?? ""
      } else if type == AVMEDIA_TYPE_AUDIO {
        stream.sampleFormat =
          av_get_sample_fmt_name(AVSampleFormat(rawValue: parameters.pointee.format)).map { String(cString: $0) } ?? ""
      }
      found.append(stream)
      var decoder: UnsafeMutablePointer<AVCodecContext>?
      if type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO,
        let codec = avcodec_find_decoder(parameters.pointee.codec_id)
      {
        decoder = avcodec_alloc_context3(codec)
        if let decoder {
          status = avcodec_parameters_to_context(decoder, parameters)
          if status >= 0 { status = avcodec_open2(decoder, codec, nil) }
          guard status >= 0 else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = decoder
            avcodec_free_context(&owned)
            throw ProbeError.ffmpeg("cannot open the \(codecName) decoder", status)
          }
        }
      }
      decoders.append(decoder)
    }

    var packet = av_packet_alloc()
    var frame = av_frame_alloc()
    defer {
      av_packet_free(&packet)
      av_frame_free(&frame)
    }
    guard let packet, let frame else { throw ProbeError(message: "out of memory") }

    func drain(_ index: Int) throws(ProbeError) {
      guard let decoder = decoders[index] else { return }
      while true {
        let received = avcodec_receive_frame(decoder, frame)
        if received == cffmpeg_error_again() || received == cffmpeg_error_eof() { return }
        guard received >= 0 else { throw ProbeError.ffmpeg("decoding \(found[index].codec)", received) }
        found[index].decodedFrames += 1
        if found[index].kind == "video" {
          let luma = Self.luma(of: frame)
          if found[index].firstLuma.isEmpty { found[index].firstLuma = luma }
          found[index].lastLuma = luma
        } else {
          found[index].decodedSamples += Int(frame.pointee.nb_samples)
        }
        av_frame_unref(frame)
      }
    }

    while av_read_frame(context, packet) >= 0 {
      let index = Int(packet.pointee.stream_index)
      if index < decoders.count, let decoder = decoders[index] {
        status = avcodec_send_packet(decoder, packet)
        av_packet_unref(packet)
        guard status >= 0 else { throw ProbeError.ffmpeg("decoding \(found[index].codec)", status) }
        try drain(index)
      } else {
        av_packet_unref(packet)
      }
    }
    for index in decoders.indices {
      guard let decoder = decoders[index] else { continue }
      avcodec_send_packet(decoder, nil)
      try drain(index)
    }
    streams = found
  }

  /// The luma plane of a decoded picture without its row padding.
  private static func luma(of frame: UnsafeMutablePointer<AVFrame>) -> [UInt8] {
    let width = Int(frame.pointee.width)
    let height = Int(frame.pointee.height)
    let stride = Int(frame.pointee.linesize.0)
    guard let plane = frame.pointee.data.0, width > 0, height > 0 else { return [] }
    var out = [UInt8](repeating: 0, count: width * height)
    for row in 0..<height {
      for column in 0..<width { out[row * width + column] = plane[row * stride + column] }
    }
    return out
  }
}
