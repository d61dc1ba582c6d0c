import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What this test process holds (Linux /proc), for tests that bound its memory.
public enum ProcessMetrics {
  /// Resident memory in bytes (/proc/self/statm), or -1.
  public static func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}

/// Bytes 0, 1, 2, ... 250, 0, 1, ... of the given length: a payload whose corruption shows.
public func pattern(_ count: Int) -> [UInt8] {
  var bytes = [UInt8](repeating: 0, count: count)
  for i in 0..<count { bytes[i] = UInt8(truncatingIfNeeded: i % 251) }
  return bytes
}
