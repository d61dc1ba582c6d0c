import Foundation
import ResoniteMedia

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small line editor for a terminal: raw mode only while a line is being read (restored
/// before the line is returned, whatever ends it), cursor movement, history, and completion
/// by the caller. Keys: printable text, Backspace, Delete, Left/Right (and Ctrl-B/F), Home/End
/// (and Ctrl-A/E), Up/Down for history (and Ctrl-P/N), Ctrl-K/U/W to delete to the end, the
/// start, a word; Ctrl-L clears the screen; Tab completes; Ctrl-C drops the line; Ctrl-D on an
/// empty line ends the input.
final class LineEditor {
  /// How reading a line ended.
  enum Result: Equatable {
    case line(String)
    /// Ctrl-C: the line was dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of the input.
    case endOfInput
  }

  /// Completions for the text before the cursor: each a replacement for the last `replacing`
  /// code points.
  typealias Completer = (String) async -> [(text: String, replacing: Int)]

  /// Key bytes read but not yet used.
  private var keys = Keys()
  private var history: [String] = []
  private let descriptor: Int32

  init(descriptor: Int32 = 0) {
    self.descriptor = descriptor
  }

  /// Reads one line, showing `prompt` (which may hold colour escapes; `promptWidth` is the
  /// columns it takes).
  func readLine(prompt: String, promptWidth: Int, complete: Completer) async -> Result {
    // Restored before the line is returned, and on SIGTERM, SIGHUP and SIGQUIT.
    let terminal = TerminalMode(fd: descriptor, mode: .raw)
    defer { terminal?.restore() }

    var state = State(prompt: prompt, promptWidth: promptWidth)
    var historyIndex = history.count
    var draft: [Character] = []
    state.render()
    while let key = await nextKey() {
      switch key {
      case .text(let text):
        state.insert(Array(text))
      case .control(let byte):
        switch byte {
        case 0x0D, 0x0A:  // Enter
          state.moveToEnd()
          Self.write("\r\n")
          let line = String(state.buffer)
          if !line.isEmpty { history.append(line) }
          return .line(line)
        case 0x03:  // Ctrl-C
          state.moveToEnd()
          Self.write("^C\r\n")
          return .interrupted
        case 0x04:  // Ctrl-D
          if state.buffer.isEmpty {
            Self.write("\r\n")
            return .endOfInput
          }
          state.deleteForward()
        case 0x7F, 0x08: state.deleteBackward()
        case 0x01: state.cursor = 0; state.render()
        case 0x05: state.moveToEnd()
        case 0x02: state.move(-1)
        case 0x06: state.move(1)
        case 0x0B: state.buffer.removeSubrange(state.cursor...); state.render()
        case 0x15: state.buffer.removeSubrange(..<state.cursor); state.cursor = 0; state.render()
        case 0x17: state.deleteWordBackward()
        case 0x0C: Self.write("\u{1B}[H\u{1B}[2J"); state.render()
        case 0x10: recall(-1, &historyIndex, &draft, &state)
        case 0x0E: recall(1, &historyIndex, &draft, &state)
        case 0x09: await completeWord(&state, complete)
        default: break
        }
      case .escape(let sequence):
        switch sequence {
        case "[D", "OD": state.move(-1)
        case "[C", "OC": state.move(1)
        case "[A", "OA": recall(-1, &historyIndex, &draft, &state)
        case "[B", "OB": recall(1, &historyIndex, &draft, &state)
        case "[H", "OH", "[1~", "[7~": state.cursor = 0; state.render()
        case "[F", "OF", "[4~", "[8~": state.moveToEnd()
        case "[3~": state.deleteForward()
        default: break
        }
      }
    }
    Self.write("\r\n")
    return .endOfInput
  }

  private func recall(_ step: Int, _ index: inout Int, _ draft: inout [Character], _ state: inout State) {
    let target = index + step
    guard target >= 0, target <= history.count else { return }
    if index == history.count { draft = state.buffer }
    index = target
    state.buffer = target == history.count ? draft : Array(history[target])
    state.cursor = state.buffer.count
    state.render()
  }

  private func completeWord(_ state: inout State, _ complete: Completer) async {
    let before = String(state.buffer[..<state.cursor])
    let completions = await complete(before)
    guard !completions.isEmpty else {
      Self.write("\u{07}")
      return
    }
    let replacing = completions[0].replacing
    let fragment = String(String.UnicodeScalarView(before.unicodeScalars.suffix(replacing)))
    let common = completions.dropFirst().reduce(completions[0].text) { Self.commonPrefix($0, $1.text) }
    if completions.count == 1 || common.unicodeScalars.count > fragment.unicodeScalars.count {
      let removeCount = Array(fragment).count
      state.buffer.removeSubrange((state.cursor - removeCount)..<state.cursor)
      state.cursor -= removeCount
      state.insert(Array(completions.count == 1 ? completions[0].text : common))
      return
    }
    Self.write("\r\n" + completions.map(\.text).joined(separator: "  ") + "\r\n")
    state.render()
  }

  private static func commonPrefix(_ a: String, _ b: String) -> String {
    String(String.UnicodeScalarView(zip(a.unicodeScalars, b.unicodeScalars).prefix { $0 == $1 }.map(\.0)))
  }

  // MARK: Keys

  /// Standard input's bytes one at a time (nil at its end, on a read error, or when the task
  /// is cancelled).
  private struct Keys {
    private var bytes: [UInt8] = []
    private var index = 0

    mutating func next() async -> UInt8? {
      if index == bytes.count {
        guard let chunk = try? await StandardInput.shared.read(upTo: 256) else { return nil }
        bytes = chunk
        index = 0
      }
      index += 1
      return bytes[index - 1]
    }
  }

  private enum Key {
    case text(String)
    case control(UInt8)
    case escape(String)
  }

  private func nextKey() async -> Key? {
    guard let byte = await keys.next() else { return nil }
    if byte == 0x1B {
      guard let first = await keys.next() else { return nil }
      guard first == UInt8(ascii: "[") || first == UInt8(ascii: "O") else {
        return .escape(String(UnicodeScalar(first)))
      }
      var sequence = String(UnicodeScalar(first))
      while let next = await keys.next() {
        sequence.unicodeScalars.append(UnicodeScalar(next))
        // A CSI sequence ends with a byte in 0x40...0x7E; SS3 (ESC O) takes one byte.
        if first == UInt8(ascii: "O") || (0x40...0x7E).contains(next) { break }
      }
      return .escape(sequence)
    }
    if byte < 0x20 || byte == 0x7F { return .control(byte) }
    var bytes = [byte]
    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
    while bytes.count < length, let next = await keys.next() { bytes.append(next) }
    return .text(String(decoding: bytes, as: UTF8.self))
  }

  /// Writes `text` to the terminal (stdout); a failed write is dropped, as a terminal's is.
  static func write(_ text: String) {
    try? FileDescriptorOutput.writeAll(Array(text.utf8), to: STDOUT_FILENO)
  }

  /// The line being edited and how it is drawn: prompt, text, then the cursor moved back.
  private struct State {
    let prompt: String
    let promptWidth: Int
    var buffer: [Character] = []
    var cursor = 0

    func render() {
      var text = "\r" + prompt + String(buffer) + "\u{1B}[K"
      let after = buffer.count - cursor
      if after > 0 { text += "\u{1B}[\(after)D" }
      LineEditor.write(text)
    }

    mutating func insert(_ characters: [Character]) {
      buffer.insert(contentsOf: characters, at: cursor)
      cursor += characters.count
      render()
    }

    mutating func move(_ step: Int) {
      cursor = min(max(cursor + step, 0), buffer.count)
      render()
    }

    mutating func moveToEnd() {
      cursor = buffer.count
      render()
    }

    mutating func deleteBackward() {
      guard cursor > 0 else { return }
      buffer.remove(at: cursor - 1)
      cursor -= 1
      render()
    }

    mutating func deleteForward() {
      guard cursor < buffer.count else { return }
      buffer.remove(at: cursor)
      render()
    }

    mutating func deleteWordBackward() {
      var start = cursor
      while start > 0 && buffer[start - 1] == " " { start -= 1 }
      while start > 0 && buffer[start - 1] != " " { start -= 1 }
      buffer.removeSubrange(start..<cursor)
      cursor = start
      render()
    }
  }
}
