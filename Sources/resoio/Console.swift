import Foundation

/// Unbuffered, UTF-8 output, so each ping line shows up as it happens even through a pipe, and
/// non-ASCII text (a server's message) passes through untouched.
enum Console {
  /// Writes `line` and a newline to stdout.
  static func out(_ line: String) {
    write(line, to: .standardOutput)
  }

  /// Writes `line` and a newline to stderr.
  static func error(_ line: String) {
    write(line, to: .standardError)
  }

  /// Writes `text` to stderr as it is (no newline), for a status line redrawn in place.
  static func errorText(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
  }

  private static func write(_ line: String, to handle: FileHandle) {
    try? handle.write(contentsOf: Data((line + "\n").utf8))
  }
}
