import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A prompt on stderr answered by one line of standard input, typed visibly or unseen:
/// `auth login`'s credential, password and two-factor code.
enum TerminalPrompt {
  /// Writes `text` to stderr (no newline) and reads one line of stdin (``StandardInput``)
  /// without its newline; nil at the end of input.
  ///
  /// With `echo` false a terminal does not show what is typed (``TerminalMode/Mode/hidden``)
  /// until the line is read, or the read ends otherwise (Ctrl-C cancels it: `CancellationError`).
  static func line(_ text: String, echo: Bool) async throws -> String? {
    let hidden = echo ? nil : TerminalMode(fd: STDIN_FILENO, mode: .hidden)
    defer { hidden?.restore() }
    // After echo is off, so that nothing typed in answer to the prompt can show.
    FileHandle.standardError.write(Data(text.utf8))
    return try await StandardInput.shared.readLine(keepingCarriageReturn: true)
  }
}
