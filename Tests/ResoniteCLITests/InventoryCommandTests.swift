import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("resoio inventory")
struct InventoryCommandTests {
  /// Runs `resoio inventory -s socket` with `script` on stdin: through a pipe, or with `file`
  /// redirected from a file.
  static func shell(
    _ scratch: Scratch, socket: String, _ script: String, fromFile: Bool = false
  ) async throws -> ProcessOutcome {
    let input = scratch.path + "/script-\(UUID().uuidString)"
    try Data(script.utf8).write(to: URL(fileURLWithPath: input))
    let command =
      fromFile
      ? #"cd "$3" && exec "$0" inventory -s "$2" < "$1""#
      : #"cd "$3" && cat "$1" | "$0" inventory -s "$2""#
    let resoio = try BuiltProducts.executable("resoio").path
    return try await ChildProcess.run(
      URL(fileURLWithPath: "/bin/sh"), ["-c", command, resoio, input, socket, scratch.path],
      environment: ChildProcess.environment(home: scratch.home, [:]), scratch: scratch.path, timeout: noHangBound)
  }

  /// The shell's prompt in /Inventory on a terminal: coloured, then the rest of the line cleared.
  static let prompt = "\u{1B}[94mresoio\u{1B}[0m:\u{1B}[36m/Inventory\u{1B}[0m$ \u{1B}[K"

  /// Runs `body` with `resoio inventory` on a pseudo-terminal against a fresh server, once the
  /// shell shows its first prompt; the shell is killed afterwards. `ignoring` names signals the
  /// shell starts with ignored (as `nohup` starts it: exec keeps them ignored).
  static func withShellOnTerminal(
    ignoring: [String] = [], _ body: (TestServer, PseudoTerminalChild) async throws -> Void
  ) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let resoio = try BuiltProducts.executable("resoio").path
      let terminal = try PseudoTerminalChild(
        executable: "/bin/sh",
        arguments: [
          "-c", "trap '' \(ignoring.joined(separator: " ")); exec \"$0\" inventory -s \"$1\"", resoio,
          server.socketPath,
        ],
        environment: ChildProcess.environment(home: scratch.home, [:]))
      defer { terminal.kill() }
      #expect(await terminal.read(until: prompt).hasSuffix(prompt))
      try await body(server, terminal)
    }
  }

  @Test("from a pipe: ls (folders with /, by name), cd (relative, .., absolute), pwd; no prompt; exit 0 at EOF")
  func navigation() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await Self.shell(
        scratch, socket: server.socketPath,
        "ls\npwd\ncd Avatars\npwd\nls\nls ..\nls /Inventory/Tools/../Worlds\ncd\npwd\ncd ///Inventory/./Tools/\npwd\n")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stderr == "", "\(outcome)")
      #expect(
        outcome.stdoutLines == [
          "Avatars/", "Empty/", "Readme", "Tools/", "Worlds/", "/Inventory", "/Inventory/Avatars", "Knight", "Robot",
          "Avatars/", "Empty/", "Readme", "Tools/", "Worlds/", "Tester Home", "/Inventory", "/Inventory/Tools",
        ], "\(outcome)")
    }
  }

  @Test("the same script from a file (the reference's prompt_toolkit prints nothing then)")
  func fromFile() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await Self.shell(scratch, socket: server.socketPath, "cd Tools\nls\npwd", fromFile: true)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stdoutLines == ["Brush", "Shared Tools", "/Inventory/Tools"], "a last line without a newline runs too")
    }
  }

  @Test("errors: `cmd: STATUS: message`, unknown commands, missing operands, shlex errors; the shell goes on")
  func errors() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await Self.shell(
        scratch, socket: server.socketPath,
        "cd nope\nfoo\n\n   \nmkdir\ncp x\nmv x\nrm\nspawn\nthumb\nthumb -o\nls \"unclosed\nls 'a b\nls \"a\\\nls Tools/Brush\npwd\n"
      )
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["/Inventory"], "a failed cd does not move: \(outcome)")
      #expect(
        outcome.stderrLines == [
          "cd: NOT_FOUND: No such inventory entry: '/Inventory/nope'.",
          "unknown command: foo (try 'help')",
          "mkdir: missing operand",
          "cp: missing operand",
          "mv: missing operand",
          "rm: missing operand",
          "spawn: missing operand",
          "thumb: missing operand",
          "thumb: -o/--output requires a file path",
          "parse error: No closing quotation",
          "parse error: No closing quotation",
          "parse error: No escaped character",
          "ls: FAILED_PRECONDITION: '/Inventory/Tools/Brush' is not a directory.",
        ], "\(outcome)")
    }
  }

  @Test("mkdir, cp [-r], mv, rm [-r] (quoted and escaped names), spawn; help")
  func mutations() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await Self.shell(
        scratch, socket: server.socketPath,
        """
        mkdir New\\ Folder
        cp Avatars Copy
        cp -r Avatars Copy
        mv Copy "Moved Copy"
        rm "Moved Copy"
        rm -R 'Moved Copy'
        rm -r Empty
        ls
        spawn Avatars/Knight
        spawn /Inventory/Worlds/Tester\\ Home
        spawn Tools
        help

        """)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        Array(outcome.stdoutLines.prefix(7)) == [
          "Avatars/", "New Folder/", "Readme", "Tools/", "Worlds/",
          "spawned Knight (ID9001) from /Inventory/Avatars/Knight",
          "spawned Tester Home (ID9002) from /Inventory/Worlds/Tester Home",
        ], "\(outcome)")
      #expect(Array(outcome.stdoutLines.dropFirst(7)) == InventoryCommandTests.helpLines, "\(outcome)")
      #expect(
        outcome.stderrLines == [
          "cp: FAILED_PRECONDITION: '/Inventory/Avatars' is a directory; copying it needs recursive.",
          "rm: FAILED_PRECONDITION: '/Inventory/Moved Copy' is a directory; removing it needs recursive.",
          "spawn: FAILED_PRECONDITION: '/Inventory/Tools' is a directory and cannot be spawned.",
        ], "\(outcome)")
    }
  }

  static let helpLines = [
    "commands:",
    "  ls [path]            list a directory (default: cwd)",
    "  cd [path]            change directory (validated server-side)",
    "  pwd                  print the current directory",
    "  mkdir <path>         create a folder",
    "  cp [-r] <src> <dst>  copy (use -r for folders)",
    "  mv <src> <dst>       move/rename (folders move recursively)",
    "  rm [-r] <path>       remove (use -r for folders)",
    "  spawn <path>         spawn an item into the current world",
    "  thumb <path> [-o f]  save an item's thumbnail image (default ./<name>.<ext>)",
    "  help                 show this help",
    "  exit | quit          leave the shell",
  ]

  @Test("thumb: ./<name>.<ext> by default, -o a path; the bytes as the mod sends them; an unwritable path is one line")
  func thumb() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await Self.shell(
        scratch, socket: server.socketPath,
        "thumb Avatars/Knight\nthumb Avatars/Robot -o robot.img\nthumb Tools/Brush\nthumb Avatars/Knight -o /nonexistent-dir/k\n"
      )
      #expect(outcome.status == 0, "\(outcome)")
      let knight = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/Knight.webp"))
      let robot = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/robot.img"))
      #expect(
        outcome.stdoutLines == [
          "saved \(knight.count) bytes (image/webp) -> Knight.webp",
          "saved \(robot.count) bytes (image/webp) -> robot.img",
        ], "\(outcome)")
      #expect(
        outcome.stderrLines == [
          "thumb: NOT_FOUND: '/Inventory/Tools/Brush' has no thumbnail.",
          "thumb: cannot write /nonexistent-dir/k: No such file or directory",
        ], "\(outcome)")
    }
  }

  @Test("exit and quit end the shell before the lines after them, with status 0")
  func exitAndQuit() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      for word in ["exit", "quit"] {
        let outcome = try await Self.shell(scratch, socket: server.socketPath, "pwd\n\(word)\nls\n")
        #expect(outcome.status == 0 && outcome.stdoutLines == ["/Inventory"], "\(word): \(outcome)")
      }
      let empty = try await Self.shell(scratch, socket: server.socketPath, "")
      #expect(empty.status == 0 && empty.stdout == "" && empty.stderr == "", "\(empty)")
    }
  }

  @Test("a cloud failure is a line per command; no server, or a lost connection, exits 1")
  func failures() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.failures["/resonite_io.v1.Inventory/List"] = CallFailure(code: .unavailable, message: "cloud down")
      }
      let cloud = try await Self.shell(scratch, socket: server.socketPath, "ls\ncd Avatars\npwd\n")
      #expect(cloud.status == 0, "\(cloud)")
      #expect(cloud.stdoutLines == ["/Inventory"])
      #expect(cloud.stderrLines == ["ls: UNAVAILABLE: cloud down", "cd: UNAVAILABLE: cloud down"], "\(cloud)")
      let none = try await Self.shell(scratch, socket: scratch.path + "/nothing.sock", "ls\n")
      #expect(none.status == 1 && none.stdout == "", "\(none)")
      #expect(none.stderrLines.first?.hasPrefix("resoio inventory: UNAVAILABLE: cannot connect to ") == true, "\(none)")
      let dying = try scratch.startServer(named: "dying.sock") {
        $0.dieMidCall = .init(afterCalls: 2)  // the version probe, then one ls
      }
      let lost = try await Self.shell(scratch, socket: dying.socketPath, "ls\nls\npwd\n")
      #expect(lost.status == 1, "\(lost)")
      #expect(lost.stdoutLines == ["Avatars/", "Empty/", "Readme", "Tools/", "Worlds/"], "\(lost)")
      #expect(lost.stderrLines.last == "the connection to the mod is gone; leaving the shell", "\(lost)")
    }
  }

  @Test("on a terminal (a pty): the coloured prompt, Tab completion from live listings, editing keys, Ctrl-C, Ctrl-D")
  func terminal() async throws {
    try await Self.withShellOnTerminal { _, terminal in
      // Keys go only to a shell waiting at its prompt: one typed while a command still runs
      // reaches a terminal in its normal mode, where Ctrl-C is a signal.
      // A fresh prompt follows a line end (a redraw while editing follows the previous text).
      let avatarsPrompt = "\n\r\u{1B}[94mresoio\u{1B}[0m:\u{1B}[36m/Inventory/Avatars\u{1B}[0m$ \u{1B}[K"
      terminal.write("cd Av\t")
      #expect(await terminal.read(until: "cd Avatars/").contains("cd Avatars/"), "Tab completes the folder")
      terminal.write("\r")
      #expect(await terminal.read(until: avatarsPrompt).contains(avatarsPrompt))
      terminal.write("ls\r")
      let listing = await terminal.read(until: avatarsPrompt)
      #expect(listing.contains("Knight\r\nRobot\r\n"), "\(listing)")
      terminal.write("c\t")
      #expect(await terminal.read(until: "cd  cp").contains("\ncd  cp"), "several completions are listed")
      terminal.write("\u{15}l\u{1B}[Dx\u{1B}[C\u{7F}s\r")  // Ctrl-U, l, Left, x, Right, Backspace, s
      let edited = await terminal.read(until: avatarsPrompt)
      #expect(edited.contains("unknown command: xs"), "the edits applied in place: \(edited)")
      terminal.write("pw\u{03}")
      #expect(await terminal.read(until: avatarsPrompt).contains("^C"), "Ctrl-C drops the line")
      terminal.write("\u{1B}[A\u{1B}[A\r")  // history: the line before "xs" is "ls"
      #expect(await terminal.read(until: avatarsPrompt).contains("Knight\r\nRobot\r\n"))
      terminal.write("\u{04}")
      #expect(await terminal.waitForExit() == 0, "Ctrl-D on an empty line leaves with status 0")
    }
  }

  @Test("on a terminal: SIGTERM at the prompt (raw mode) restores the terminal, then ends the process by the signal")
  func terminalTerminate() async throws {
    try await Self.withShellOnTerminal { _, terminal in
      #expect(!terminal.echoes && !terminal.canonical && !terminal.signals, "raw while it reads a line")
      terminal.signal(SIGTERM)
      #expect(await terminal.exit() == SIGTERM, "killed by the signal")
      #expect(terminal.echoes && terminal.canonical && terminal.signals, "the terminal is restored after SIGTERM")
    }
  }

  @Test("on a terminal: a SIGHUP ignored at the start stays ignored, across the lines the editor reads")
  func ignoredHangupStaysIgnored() async throws {
    try await Self.withShellOnTerminal(ignoring: ["HUP"]) { _, terminal in
      // One whole line: the raw mode was switched on and off once.
      terminal.write("pwd\r")
      #expect(await terminal.read(until: "/Inventory\r\n").hasSuffix("/Inventory\r\n"))
      #expect(await terminal.read(until: Self.prompt).hasSuffix(Self.prompt))
      terminal.signal(SIGHUP)
      try await Task.sleep(for: .milliseconds(300))
      terminal.write("pwd\r")
      #expect(await terminal.read(until: "/Inventory\r\n").hasSuffix("/Inventory\r\n"), "still running after SIGHUP")
      terminal.write("exit\r")
      #expect(await terminal.exit() == 0)
    }
  }
}

/// A child process whose stdin, stdout and stderr are a pseudo-terminal's slave side.
final class PseudoTerminalChild {
  private let terminal: PseudoTerminal
  private let process: SpawnedProcess
  var master: Int32 { terminal.master }

  init(executable: String, arguments: [String], environment: [String: String]) throws {
    terminal = try PseudoTerminal()
    let slave = try terminal.openSlave()
    defer { close(slave) }
    process = try SpawnedProcess(
      executable: executable, arguments: arguments, environment: environment, stdin: .descriptor(slave),
      stdout: .descriptor(slave), stderr: .descriptor(slave))
  }

  func write(_ text: String) {
    terminal.type(text)
  }

  /// Sends `number` to the child.
  func signal(_ number: Int32) {
    process.kill(number)
  }

  /// Waits for the exit: the exit code, or the signal number when a signal ended it (killed
  /// after 10 s: 9).
  func exit() async -> Int32 {
    let process = process
    let watchdog = Task.detached {
      try await Task.sleep(for: .seconds(10))
      process.kill(SIGKILL)
    }
    defer { watchdog.cancel() }
    return await process.exit()
  }

  /// The terminal's local modes as they are now (on Linux the master reports the slave's).
  private var localModes: tcflag_t {
    var settings = termios()
    _ = tcgetattr(master, &settings)
    return settings.c_lflag
  }

  var echoes: Bool { localModes & tcflag_t(ECHO) != 0 }
  var canonical: Bool { localModes & tcflag_t(ICANON) != 0 }
  /// Ctrl-C raises SIGINT (ISIG): off in raw mode.
  var signals: Bool { localModes & tcflag_t(ISIG) != 0 }

  private var received = ""

  /// Reads until the output not returned yet contains `marker` (or `timeout` passes); returns that
  /// output up to the end of the marker (the rest is kept for the next call).
  ///
  /// Waits suspended (20 ms naps), never blocking a thread of the cooperative pool.
  func read(until marker: String, timeout: Duration = eventuallyBound) async -> String {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !received.contains(marker) && ContinuousClock.now < deadline {
      var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 0) > 0 else {
        try? await Task.sleep(for: .milliseconds(20))
        continue
      }
      let count = Foundation.read(master, &buffer, buffer.count)
      guard count > 0 else { break }
      received += String(decoding: buffer[..<count], as: UTF8.self)
    }
    guard let range = received.range(of: marker) else {
      defer { received = "" }
      return received
    }
    let head = String(received[..<range.upperBound])
    received = String(received[range.upperBound...])
    return head
  }

  /// The exit status, waiting up to `timeout` (-1 if it did not exit or a signal ended it).
  func waitForExit(timeout: Duration = eventuallyBound) async -> Int32 {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
      _ = await read(until: "\u{0}", timeout: .milliseconds(50))
      if let code = process.exitCode { return code }
    }
    return -1
  }

  /// Ends the child if it is still running, and closes the terminal.
  func kill() {
    process.kill(SIGKILL)
    terminal.close()
  }
}
