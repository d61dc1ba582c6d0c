#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A terminal in cbreak mode (ICANON and ECHO off, one byte at a time, signals kept: Ctrl-C
/// still raises SIGINT) until ``restore()`` puts the saved settings back, as the reference's
/// `tty.setcbreak` does. Shared by `drive` and `grabber interactive`.
///
/// Restored however the command ends: ``restore()`` (on q, end of input, a failure, or Ctrl-C,
/// which cancels the command), the deinit, and also SIGTERM, SIGHUP and SIGQUIT, which would
/// otherwise kill the process with the terminal left without echo: while the terminal is in
/// cbreak mode, those signals put the saved settings back (tcsetattr is async-signal-safe),
/// then kill the process with the signal's default action as before.
final class CbreakTerminal {
  private let fd: Int32
  private var saved: termios
  private var restored = false

  /// The signals after which the terminal is put back before the process dies.
  private static let fatalSignals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT]

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
    // Saved for the signal handler before the switch, so that no signal finds it unset.
    cbreakSavedFD = fd
    cbreakSaved = saved
    for signal in Self.fatalSignals { installRestoringHandler(signal) }
    guard tcsetattr(fd, TCSAFLUSH, &settings) == 0 else {
      uninstallRestoringHandlers()
      return nil
    }
  }

  /// Puts the saved settings back (once; later calls do nothing).
  func restore() {
    guard !restored else { return }
    restored = true
    _ = tcsetattr(fd, TCSADRAIN, &saved)
    uninstallRestoringHandlers()
  }

  deinit { restore() }

  private func installRestoringHandler(_ number: Int32) {
    signal(number) { received in
      if cbreakSavedFD >= 0 { _ = tcsetattr(cbreakSavedFD, TCSANOW, &cbreakSaved) }
      signal(received, SIG_DFL)
      raise(received)
    }
  }

  private func uninstallRestoringHandlers() {
    for number in Self.fatalSignals { signal(number, SIG_DFL) }
    cbreakSavedFD = -1
  }
}

/// The terminal the signal handler restores (-1: none), and its saved settings; set before the
/// handler is installed, cleared after it is removed.
nonisolated(unsafe) private var cbreakSavedFD: Int32 = -1
nonisolated(unsafe) private var cbreakSaved = termios()
