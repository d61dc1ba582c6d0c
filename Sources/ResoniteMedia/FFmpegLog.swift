import CFFmpeg

/// What FFmpeg's libraries print on stderr themselves (`av_log_set_level`, process-wide).
/// FFmpeg's default prints libx264's settings and statistics for every file; the reference
/// CLI (PyAV) prints nothing, and so does ``quiet``.
public enum FFmpegLog: Sendable {
  /// Nothing: failures reach the caller as ``MediaError``.
  case quiet
  /// FFmpeg's warnings and errors.
  case warnings

  /// Makes this the level for the rest of the process.
  public func apply() {
    switch self {
    case .quiet: av_log_set_level(AV_LOG_QUIET)
    case .warnings: av_log_set_level(AV_LOG_WARNING)
    }
  }
}
