import ArgumentParser
import Dispatch
import Foundation
import Logging
import ResoniteCommandLine
import ResoniteIO
import Synchronization

/// The `resoio` command: a small client for a running Resonite IO mod.
///
/// It mirrors the reference client's `ping`, `wait` and `info`: same flags, same stdout. Failures
/// exit 1 with one or two plain lines on stderr; usage errors exit 2; Ctrl-C exits 130.
@main
struct Resoio: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resoio",
    abstract: "Resonite IO command-line client.",
    discussion: socketResolutionHelp,
    version: "resoio \(ResoniteIOContract.clientVersion) (speaks Resonite IO mod \(ResoniteIOContract.modVersion))",
    subcommands: [
      Ping.self, Wait.self, Info.self,
      DisplayCommand.self,
      ContextMenuCommand.self,
      CursorCommand.self,
      Dash.self,
      Drive.self,
      GrabberCommand.self,
      Mic.self,
      Record.self,
      Screenshot.self,
      World.self,
      Session.self,
      Contact.self,
      Inventory.self,
      AuthCommand.self,
      Launch.self,
      ShutdownCommand.self,
      Terminate.self,
      TerminateAll.self,
    ]
  )

  /// Parses, runs the subcommand in a task that Ctrl-C cancels, and exits with the right code:
  /// 0 on success, 1 on failure, 2 on a usage error (ArgumentParser's own is 64), 130 on Ctrl-C.
  static func main() async {
    StandardInput.noteStartup()
    let command: any ParsableCommand
    let arguments = EmptyOptionValues.split(Array(CommandLine.arguments.dropFirst()))
    do {
      command = try await asyncParseAsRoot(arguments)
    } catch {
      // Only a command line that does not parse can hold an abbreviated option (ArgumentParser
      // knows exact names only), so the option names are looked up only then.
      guard !exitCode(for: error).isSuccess else { exitForParseError(error) }
      let expanded = abbreviationsExpanded(arguments)
      guard expanded != arguments else { exitForParseError(error) }
      do {
        command = try await asyncParseAsRoot(expanded)
      } catch {
        exitForParseError(error)
      }
    }
    VersionProbe.shared.logger = Logger(label: "resoio") { _ in StderrLogHandler() }

    let interrupts = InterruptCounter()
    // Detached: the command runs off the main actor, which only waits for it.
    let task = Task.detached {
      var command = command
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    }
    let signalSource = cancelOnInterrupt(task, counting: interrupts)

    let result = await task.result
    _ = signalSource
    if interrupts.count > 0 {
      Console.error("resoio: interrupted")
      Foundation.exit(130)
    }
    switch result {
    case .success:
      Foundation.exit(0)
    case .failure(let failure as CommandFailure):
      failure.lines.forEach(Console.error)
      Foundation.exit(failure.exitCode)
    case .failure(let error):
      // ValidationError thrown from run() and ExitCode: let ArgumentParser word them.
      exitForParseError(error)
    }
  }

  /// Makes Ctrl-C (SIGINT) cancel `task`; a second Ctrl-C exits at once.
  ///
  /// A plain signal handler that only writes a byte to a pipe (async-signal-safe), and a thread
  /// that unblocks SIGINT, reads the pipe and cancels. Unlike a dispatch signal source, which on Linux relies on
  /// the signal being blocked in every thread, this catches the signal whichever thread the
  /// kernel delivers it to.
  private nonisolated static func cancelOnInterrupt(
    _ task: Task<Void, any Error>, counting interrupts: InterruptCounter
  ) -> InterruptWatcher {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return InterruptWatcher() }
    // Not inherited by the processes a command starts (`launch`); pipe2 is not in Swift's Glibc.
    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    interruptWriteFD = ends[1]
    signal(SIGINT) { _ in
      var byte: UInt8 = 1
      _ = write(interruptWriteFD, &byte, 1)
    }
    let readFD = ends[0]
    let thread = Thread {
      // A parent may have started us with SIGINT blocked (a dispatch worker thread that
      // spawned this process passes its mask on): unblock it here, so that there is always a
      // thread the signal can be delivered to.
      var mask = sigset_t()
      sigemptyset(&mask)
      sigaddset(&mask, SIGINT)
      pthread_sigmask(SIG_UNBLOCK, &mask, nil)
      var byte: UInt8 = 0
      while read(readFD, &byte, 1) == 1 {
        if interrupts.increment() > 1 { _exit(130) }
        task.cancel()
        // Cancellation ends every wait promptly; should anything still hold on, Ctrl-C must
        // end the command all the same.
        Thread.detachNewThread {
          Thread.sleep(forTimeInterval: InterruptGrace.seconds)
          Console.error("resoio: interrupted")
          _exit(130)
        }
      }
    }
    thread.name = "resoio SIGINT"
    thread.start()
    return InterruptWatcher()
  }

  /// `arguments` with argparse's unique long-option prefixes expanded (``LongOptionPrefixes``);
  /// an ambiguous prefix is a usage error (exit 2), worded as argparse words it.
  private static func abbreviationsExpanded(_ arguments: [String]) -> [String] {
    switch LongOptionPrefixes.expand(arguments, root: Self.self) {
    case .arguments(let expanded):
      return expanded
    case .ambiguous(let option, let matches, let path):
      var type: any ParsableCommand.Type = Self.self
      for name in path.dropFirst() {
        guard let sub = type.configuration.subcommands.first(where: { $0._commandName == name }) else { break }
        type = sub
      }
      Console.error("Error: ambiguous option: \(option) could match \(matches.joined(separator: ", "))")
      Console.error("Usage: " + usageString(for: type))
      Console.error("  See '\(path.joined(separator: " ")) --help' for more information.")
      Foundation.exit(2)
    }
  }

  /// Prints ArgumentParser's message for `error` and exits, mapping its usage-error code (64,
  /// EX_USAGE) to 2 like the reference CLI (argparse).
  private static func exitForParseError(_ error: any Error) -> Never {
    UsageExit.exit(Self.self, for: error)
  }
}

/// The write end of the pipe the SIGINT handler writes to (set once, before the handler).
nonisolated(unsafe) private var interruptWriteFD: Int32 = -1

/// Stands for the installed SIGINT watcher; it lives until the process exits.
private struct InterruptWatcher {}

/// Counts Ctrl-C presses across the signal handler and the main task.
private final class InterruptCounter: Sendable {
  private let value = Mutex(0)

  /// Adds one press and returns the new total.
  func increment() -> Int {
    value.withLock {
      $0 += 1; return $0
    }
  }

  var count: Int { value.withLock { $0 } }
}
