import ArgumentParser
import Foundation
import ResoniteIO

/// `resoio inventory`: an interactive shell over the Inventory service, like the reference
/// CLI's `inventory` REPL, and scriptable: it reads commands from a pipe.
struct Inventory: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Interactive inventory shell (ls/cd/mkdir/cp/mv/rm/spawn/thumb).",
    discussion: """
      Opens a shell over the Resonite IO Inventory service, starting in
      /Inventory. Navigate with cd/ls/pwd and operate with mkdir/cp/mv/rm/spawn;
      cp -r / rm -r act on folders; thumb saves an item's thumbnail. Relative
      paths resolve against the shell's directory (POSIX rules: . and ..);
      cd checks its target with a List first. Type `help` for the commands.

      On a terminal: the prompt resoio:<cwd>$, line editing, history (Up/Down)
      and Tab completion of commands and paths (asking the mod live). Ctrl-C
      drops the line, Ctrl-D or exit/quit leaves.

      From a pipe or a file (`resoio inventory < script`), it runs one command
      per line and prints only the commands' output: no prompt, no terminal
      control codes (the reference's prompt_toolkit writes its prompt and
      cursor movements into stdout even then). End of input exits 0.

      A failed command prints `cmd: STATUS: message` on stderr and the shell
      goes on; a lost connection to the mod ends it with exit status 1, and a
      thumbnail that cannot be written is one error line, not a traceback.


      """ + socketResolutionHelp
  )

  @OptionGroup var socketOptions: SocketOptions

  func run() async throws {
    let code = try await ModCall.run("inventory", socket: socketOptions) { mod -> Int32 in
      let shell = InventoryShell(inventory: mod.inventory)
      let interactive = isatty(0) == 1 && isatty(1) == 1
      return interactive ? await Self.interactive(shell) : await Self.scripted(shell)
    }
    if code != 0 { throw CommandFailure(lines: [], exitCode: code) }
  }

  /// One command per line of standard input, no prompt (a prompt on stderr when only stdin is
  /// a terminal, so a person typing sees where they are).
  private static func scripted(_ shell: InventoryShell) async -> Int32 {
    let promptOnStderr = isatty(0) == 1 && isatty(2) == 1
    while true {
      if promptOnStderr { FileHandle.standardError.write(Data("resoio:\(shell.cwd)$ ".utf8)) }
      guard let line = try? await StandardInput.shared.readLine(), !Task.isCancelled else { return 0 }
      switch await shell.execute(line) {
      case .proceed: continue
      case .exit: return 0
      case .connectionLost: return 1
      }
    }
  }

  /// The terminal shell: the coloured prompt `resoio:<cwd>$ `, line editing and completion.
  private static func interactive(_ shell: InventoryShell) async -> Int32 {
    let editor = LineEditor()
    while !Task.isCancelled {
      let prompt = "\u{1B}[94mresoio\u{1B}[0m:\u{1B}[36m\(shell.cwd)\u{1B}[0m$ "
      let width = "resoio:\(shell.cwd)$ ".count
      switch await editor.readLine(prompt: prompt, promptWidth: width, complete: { await shell.complete($0) }) {
      case .endOfInput: return 0
      case .interrupted: continue
      case .line(let line):
        switch await shell.execute(line) {
        case .proceed: continue
        case .exit: return 0
        case .connectionLost: return 1
        }
      }
    }
    return 0
  }
}
