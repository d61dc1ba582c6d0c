#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A terminal switched to another input mode until ``restore()`` puts the saved settings back:
/// cbreak for `drive` and `grabber interactive` (as the reference's `tty.setcbreak`), raw for
/// the `inventory` shell's line editor while it reads a line, hidden for a password prompt.
///
/// Restored however the command ends: ``restore()`` (on q, end of input, a failure, or Ctrl-C,
/// which cancels the command), the deinit, and also SIGTERM, SIGHUP and SIGQUIT, which would
/// otherwise kill the process with the terminal left without echo: while the mode is on, those
/// signals put the saved settings back (tcsetattr is async-signal-safe), then get the action
/// they had before (the default one kills the process as before). A signal the process was
/// started with ignored stays ignored; ``restore()`` reinstates each previous action as it was.
///
/// One at a time: the signal handlers restore the one terminal switched last.
final class TerminalMode {
  /// The wanted input mode.
  enum Mode {
    /// ICANON and ECHO off, one byte at a time; signals kept (Ctrl-C still raises SIGINT).
    /// Keys typed before the switch are discarded (TCSAFLUSH), as `tty.setcbreak` does.
    case cbreak
    /// Also ISIG and IEXTEN off (Ctrl-C is a byte), no XON/XOFF, no CR/NL translation on
    /// input. Keys typed ahead are kept (TCSADRAIN): the line editor switches per line.
    case raw
    /// ECHO off but the newline echoed (ECHONL), lines edited as usual: a password typed
    /// unseen. Keys typed before the switch are discarded (TCSAFLUSH), as `getpass` does.
    case hidden

    /// `settings` changed to this mode.
    func apply(to settings: inout termios) {
      switch self {
      case .cbreak:
        settings.c_lflag &= ~tcflag_t(ECHO | ICANON)
      case .raw:
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR)
      case .hidden:
        settings.c_lflag &= ~tcflag_t(ECHO)
        settings.c_lflag |= tcflag_t(ECHONL)
        // Canonical input: VMIN and VTIME do not apply (on some systems they share slots
        // with VEOF and VEOL).
        return
      }
      withUnsafeMutableBytes(of: &settings.c_cc) { cc in
        cc[Int(VMIN)] = 1
        cc[Int(VTIME)] = 0
      }
    }

    /// When the switch takes effect.
    var action: Int32 {
      switch self {
      case .cbreak, .hidden: TCSAFLUSH
      case .raw: TCSADRAIN
      }
    }
  }

  private let fd: Int32
  private var saved: termios
  private var restored = false

  /// The signals after which the terminal is put back before the process dies.
  private static let fatalSignals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT]

  /// Switches `fd` to `mode`; nil when it is not a terminal (or cannot be switched).
  init?(fd: Int32, mode: Mode) {
    guard isatty(fd) == 1 else { return nil }
    var settings = termios()
    guard tcgetattr(fd, &settings) == 0 else { return nil }
    self.fd = fd
    saved = settings
    mode.apply(to: &settings)
    // Saved for the signal handler before the switch, so that no signal finds it unset.
    terminalModeSavedFD = fd
    terminalModeSaved = saved
    Self.installRestoringHandlers()
    guard tcsetattr(fd, mode.action, &settings) == 0 else {
      Self.uninstallRestoringHandlers()
      return nil
    }
  }

  /// Puts the saved settings back (once; later calls do nothing).
  func restore() {
    guard !restored else { return }
    restored = true
    _ = tcsetattr(fd, TCSADRAIN, &saved)
    Self.uninstallRestoringHandlers()
  }

  deinit { restore() }

  /// Installs the restoring handler for each fatal signal whose action is not "ignore", saving
  /// the action it replaces.
  private static func installRestoringHandlers() {
    for number in fatalSignals {
      var previous = sigaction()
      guard sigaction(number, nil, &previous) == 0, !isIgnore(previous) else { continue }
      terminalModePrevious[Int(number)] = previous
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { received in
        if terminalModeSavedFD >= 0 { _ = tcsetattr(terminalModeSavedFD, TCSANOW, &terminalModeSaved) }
        // The previous action, then the signal again: delivered once this handler returns
        // (the default action ends the process, as it would have without us).
        if var previous = terminalModePrevious[Int(received)] {
          _ = sigaction(received, &previous, nil)
        } else {
          _ = signal(received, SIG_DFL)
        }
        _ = raise(received)
      }
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      if sigaction(number, &action, nil) != 0 { terminalModePrevious[Int(number)] = nil }
    }
  }

  /// Whether `action` ignores its signal (handlers are C function pointers: compared by address).
  private static func isIgnore(_ action: sigaction) -> Bool {
    unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
  }

  /// Reinstates the actions the handlers replaced.
  private static func uninstallRestoringHandlers() {
    for number in fatalSignals {
      guard var previous = terminalModePrevious[Int(number)] else { continue }
      _ = sigaction(number, &previous, nil)
      terminalModePrevious[Int(number)] = nil
    }
    terminalModeSavedFD = -1
  }
}

/// The terminal the signal handler restores (-1: none), and its saved settings; set before the
/// handler is installed, cleared after it is removed.
nonisolated(unsafe) private var terminalModeSavedFD: Int32 = -1
nonisolated(unsafe) private var terminalModeSaved = termios()
/// The action each restoring handler replaced, by signal number (nil: no handler installed).
/// A fixed-size array: the handler reads it without allocating.
nonisolated(unsafe) private var terminalModePrevious: [sigaction?] = Array(repeating: nil, count: 65)
