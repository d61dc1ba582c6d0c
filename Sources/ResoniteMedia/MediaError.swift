import CFFmpeg
import Foundation

/// A media failure: one line saying what failed and why (FFmpeg's message or the system's).
public struct MediaError: Error, Sendable, CustomStringConvertible {
  /// What failed and why.
  public var message: String
  /// FFmpeg's error code (negative) when FFmpeg reported it; 0 otherwise.
  public var code: Int32
  /// The errno when a system call reported it; 0 otherwise.
  public var errno: Int32

  /// The output is a pipe whose reader closed it (EPIPE): for a recording to stdout, the normal
  /// end when the consumer stops reading (`resoio record -o - | head`).
  public var isBrokenPipe: Bool { errno == EPIPE || code == cffmpeg_error_pipe() }

  public var description: String { message }

  init(message: String, code: Int32 = 0, errno: Int32 = 0) {
    self.message = message
    self.code = code
    self.errno = errno
  }

  /// `what` failed with FFmpeg error `code`: "what: FFmpeg's message".
  static func ffmpeg(_ what: String, _ code: Int32) -> MediaError {
    var buffer = [CChar](repeating: 0, count: 256)
    av_strerror(code, &buffer, buffer.count)
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return MediaError(message: "\(what): \(text)", code: code)
  }

  /// `what` failed with errno `number` (the current errno unless given): "what: strerror".
  static func system(_ what: String, errno number: Int32 = Foundation.errno) -> MediaError {
    MediaError(message: "\(what): \(String(cString: strerror(number)))", errno: number)
  }
}
