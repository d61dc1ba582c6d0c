import Foundation
import ResoniteMedia

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The files the commands save (`world thumbnail`, `inventory thumb`, `screenshot`, `record`):
/// the default name's time stamp, and writing one.
enum OutputFile {
  /// `YYYYmmdd_HHMMSS` in local time, as the reference's `strftime("%Y%m%d_%H%M%S")`.
  static func stamp() -> String {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let date = ["\(parts.tm_year + 1900)", two(parts.tm_mon + 1), two(parts.tm_mday)].joined()
    return date + "_" + two(parts.tm_hour) + two(parts.tm_min) + two(parts.tm_sec)
  }

  /// Writes `data` to `path` (created or truncated, mode 0666 less the umask, as Python's
  /// `open(path, "wb")`); a failure is one plain line naming the path and the system's reason.
  static func write(_ data: Data, to path: String, command: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw failure(path, command, errno: errno) }
    defer { close(descriptor) }
    let written: FileDescriptorOutput.WriteError? = data.withUnsafeBytes { buffer in
      do throws(FileDescriptorOutput.WriteError) {
        try FileDescriptorOutput.writeAll(buffer, to: descriptor)
        return nil
      } catch {
        return error
      }
    }
    if let written { throw failure(path, command, errno: written.errno) }
  }

  private static func failure(_ path: String, _ command: String, errno: Int32) -> CommandFailure {
    CommandFailure(lines: ["resoio \(command): cannot write \(path): \(String(cString: strerror(errno)))"])
  }
}
