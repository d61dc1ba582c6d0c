import PythonCompatibility
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
/// Ctrl-C (the main task is cancelled, which ends the wait for a key at once; the terminal is
/// restored and the command exits 130). A pipe or a file is read as it is.
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
    try StandardInput.requireDescriptor(command: "grabber interactive")
    try await ServiceCall.run(socketOptions, command: "grabber interactive") { client in
      let terminal = TerminalMode(fd: STDIN_FILENO, mode: .cbreak)
      defer { terminal?.restore() }
      let grabber = client.grabber
      let options = ServiceCall.options()
      let hand = hand
      // In chunks of up to 64 bytes, as the reference reads them.
      for try await bytes in StandardInput.shared.chunks(of: 64) {
        for byte in bytes {
          switch UnicodeScalar(byte) {
          case "g":
            let result = try await grabber.grab(hand: hand, options: options)
            Console.out("grabbed=\(PythonText.bool(result.grabbed)) \(GrabberCommand.line(result.state))")
          case "r": Console.out(GrabberCommand.line(try await grabber.release(hand: hand, options: options)))
          case "s": Console.out(GrabberCommand.line(try await grabber.state(hand: hand, options: options)))
          case "u":
            Console.out(GrabberCommand.line(try await grabber.use(hand: hand, button: .primary, options: options)))
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
}
