import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard input as an async sequence, read on a thread of its own so that waiting for input
/// never holds a task thread and Ctrl-C (task cancellation) ends the wait at once.
enum StandardInput {
  /// The lines of standard input, without their line ends (a last line without one included).
  static func lines() -> AsyncStream<String> {
    let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
    let thread = Thread {
      while let line = Swift.readLine(strippingNewline: true) {
        continuation.yield(line)
      }
      continuation.finish()
    }
    thread.name = "resoio stdin"
    thread.start()
    return stream
  }

  /// The bytes of standard input as they arrive (a terminal's keys in raw mode).
  static func bytes() -> AsyncStream<UInt8> {
    let (stream, continuation) = AsyncStream.makeStream(of: UInt8.self, bufferingPolicy: .unbounded)
    let thread = Thread {
      var buffer = [UInt8](repeating: 0, count: 256)
      while true {
        let count = read(0, &buffer, buffer.count)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        for byte in buffer[..<count] { continuation.yield(byte) }
      }
      continuation.finish()
    }
    thread.name = "resoio keys"
    thread.start()
    return stream
  }
}

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

  private var keys: AsyncStream<UInt8>.AsyncIterator
  private var history: [String] = []
  private let descriptor: Int32

  init(descriptor: Int32 = 0) {
    self.descriptor = descriptor
    keys = StandardInput.bytes().makeAsyncIterator()
  }

  /// Reads one line, showing `prompt` (which may hold colour escapes; `promptWidth` is the
  /// columns it takes).
  func readLine(prompt: String, promptWidth: Int, complete: Completer) async -> Result {
    var saved = termios()
    let haveTerminal = tcgetattr(descriptor, &saved) == 0
    if haveTerminal {
      var raw = saved
      raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
      raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR)
      withUnsafeMutableBytes(of: &raw.c_cc) { cc in
        cc[Int(VMIN)] = 1
        cc[Int(VTIME)] = 0
      }
      tcsetattr(descriptor, TCSADRAIN, &raw)
    }
    defer { if haveTerminal { tcsetattr(descriptor, TCSADRAIN, &saved) } }

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

  static func write(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeMutableBytes { Foundation.write(1, $0.baseAddress! + offset, $0.count - offset) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return }
      offset += count
    }
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
