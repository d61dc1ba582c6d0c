import CResoniteTestSupport
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A new pseudo-terminal, for tests of terminal modes and keys: the test types on the master
/// and hands the slave (``slavePath``, or a descriptor from ``openSlave()``) to the child.
public final class PseudoTerminal: Sendable {
  /// The master side (close-on-exec): what is written here is typed on the terminal (0x03 is
  /// Ctrl-C: the line discipline turns it into SIGINT); what the child writes is read here.
  public let master: Int32
  /// The slave side's path, for a child to open itself (``SpawnedProcess/Stream/terminal(_:)``).
  public let slavePath: String

  public init() throws {
    var fd: Int32 = -1
    var name = [CChar](repeating: 0, count: 128)
    guard resonite_test_open_pseudo_terminal(&fd, &name, name.count) == 0 else {
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    master = fd
    slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Opens the slave side (not as this process's controlling terminal; close-on-exec): to read
  /// its modes, or to duplicate into a child.
  public func openSlave() throws -> Int32 {
    let fd = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    return fd
  }

  /// Types `text` on the terminal.
  public func type(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Closes the master (once the slave is closed everywhere, the terminal is gone).
  public func close() {
    _ = Glibc.close(master)
  }
}
