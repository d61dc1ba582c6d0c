import ResoniteIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `resoio grabber interactive`: one Grabber call per key read from stdin.
///
/// On a terminal, stdin goes to cbreak mode (no line buffering, no echo; Ctrl-C still raises
/// SIGINT) for the run and is restored however the loop ends: q, end of input, a failure, or
/// Ctrl-C (the main task is cancelled; the loop polls, so it notices within 0.1 s, restores the
/// terminal and the command exits 130). A pipe or a file is read as it is.
struct GrabberInteractive {
  var hand: Hand
  var socketOptions: SocketOptions

  static let keymap = """
    resoio grabber interactive — controls
      g : grab at cursor ray hit point
      r : release
      s : print current state
      u : use (hold primary) / U : use secondary
      i : unuse primary / I : unuse secondary
      c : click primary / C : click secondary
      e : equip grabbed tool / d : dequip
      q : quit
    """

  func run() async throws {
    Console.error(Self.keymap)
    guard fcntl(STDIN_FILENO, F_GETFD) != -1 else {
      throw CommandFailure(lines: ["resoio grabber interactive: stdin has no fd"])
    }
    try await ServiceCall.run(socketOptions, command: "grabber interactive") { client in
      let terminal = CbreakTerminal(fd: STDIN_FILENO)
      defer { terminal?.restore() }
      let grabber = client.grabber
      let options = ServiceCall.options()
      let hand = hand
      while let bytes = try Self.readKeys(STDIN_FILENO) {
        for byte in bytes {
          switch UnicodeScalar(byte) {
          case "g":
            let result = try await grabber.grab(hand: hand, options: options)
            Console.out("grabbed=\(PythonText.bool(result.grabbed)) \(GrabberCommand.line(result.state))")
          case "r": Console.out(GrabberCommand.line(try await grabber.release(hand: hand, options: options)))
          case "s": Console.out(GrabberCommand.line(try await grabber.state(hand: hand, options: options)))
          case "u": Console.out(GrabberCommand.line(try await grabber.use(hand: hand, button: .primary, options: options)))
          case "U":
            Console.out(GrabberCommand.line(try await grabber.use(hand: hand, button: .secondary, options: options)))
          case "i":
            Console.out(GrabberCommand.line(try await grabber.unuse(hand: hand, button: .primary, options: options)))
          case "I":
            Console.out(GrabberCommand.line(try await grabber.unuse(hand: hand, button: .secondary, options: options)))
          case "c":
            Console.out(GrabberCommand.line(try await grabber.click(hand: hand, button: .primary, options: options)))
          case "C":
            Console.out(GrabberCommand.line(try await grabber.click(hand: hand, button: .secondary, options: options)))
          case "e": Console.out(GrabberCommand.line(try await grabber.equip(hand: hand, options: options)))
          case "d": Console.out(GrabberCommand.line(try await grabber.dequip(hand: hand, options: options)))
          case "q": return
          default: continue
          }
        }
      }
    }
  }

  /// The next bytes from `fd` (up to 64), or nil at end of input. Polls in 0.1 s steps so that a
  /// cancelled task (Ctrl-C) stops waiting.
  private static func readKeys(_ fd: Int32) throws -> [UInt8]? {
    while true {
      try Task.checkCancellation()
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, 100)
      if ready < 0 {
        if errno == EINTR { continue }
        throw CommandFailure(lines: ["resoio grabber interactive: poll(stdin) failed: \(String(cString: strerror(errno)))"])
      }
      if ready == 0 { continue }
      var buffer = [UInt8](repeating: 0, count: 64)
      let count = read(fd, &buffer, buffer.count)
      if count < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        throw CommandFailure(lines: ["resoio grabber interactive: read(stdin) failed: \(String(cString: strerror(errno)))"])
      }
      if count == 0 { return nil }
      return Array(buffer.prefix(count))
    }
  }
}

/// A terminal in cbreak mode (ICANON and ECHO off, one byte at a time, signals kept) until
/// ``restore()`` puts the saved settings back.
final class CbreakTerminal {
  private let fd: Int32
  private var saved: termios
  private var restored = false

  /// Switches `fd` to cbreak mode; nil when it is not a terminal (or cannot be switched).
  init?(fd: Int32) {
    guard isatty(fd) == 1 else { return nil }
    var settings = termios()
    guard tcgetattr(fd, &settings) == 0 else { return nil }
    self.fd = fd
    saved = settings
    settings.c_lflag &= ~tcflag_t(ECHO | ICANON)
    withUnsafeMutableBytes(of: &settings.c_cc) { cc in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
    }
    guard tcsetattr(fd, TCSAFLUSH, &settings) == 0 else { return nil }
  }

  /// Puts the saved settings back (once; later calls do nothing).
  func restore() {
    guard !restored else { return }
    restored = true
    _ = tcsetattr(fd, TCSADRAIN, &saved)
  }

  deinit { restore() }
}
