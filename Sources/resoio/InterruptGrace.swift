import Synchronization

/// How long the process may take to end after a Ctrl-C before it exits 130 regardless.
///
/// Cancellation ends every wait at once, so 3 s is plenty for most commands; `resoio record`
/// extends it while it writes an MP4 or Matroska file, whose encoders must drain and whose
/// trailer must be written for the file to play (a few seconds for a large frame on a busy
/// machine).
enum InterruptGrace {
  private static let value = Mutex<Double>(3)

  /// The grace in seconds.
  static var seconds: Double { value.withLock { $0 } }

  /// Raises the grace to `seconds` (30 unless given) for the rest of the run.
  static func extend(to seconds: Double = 30) {
    value.withLock { $0 = max($0, seconds) }
  }
}
