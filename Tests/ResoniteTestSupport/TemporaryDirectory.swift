import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A fresh directory under /tmp made with `mkdtemp`, for one test's sockets and files; removed
/// by ``remove()``. Its path is short, so socket paths in it fit `sun_path` (108 bytes), and
/// unique, so tests running in parallel never share a path.
public struct TemporaryDirectory: Sendable {
  /// The directory's path, without a trailing slash.
  public let path: String

  /// Creates the directory `/tmp/<prefix>-XXXXXX`.
  ///
  /// - Parameters:
  ///   - prefix: the start of the directory's name, naming the suite that made it.
  ///   - worldWritable: mode 0777, so a server running as another user can bind in it.
  public init(prefix: String = "resoio-tests", worldWritable: Bool = false) throws {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard made != nil else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if worldWritable && chmod(path, 0o777) != 0 {
      let code = errno
      try? FileManager.default.removeItem(atPath: path)
      throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
  }

  /// `path/name`.
  public func path(_ name: String) -> String { path + "/" + name }

  /// A socket path inside the directory: `path/name.sock`.
  public func socket(_ name: String = "s") -> String { path + "/\(name).sock" }

  /// Creates an empty file named `name` inside the directory and returns its path.
  @discardableResult
  public func touch(_ name: String) throws -> String {
    let file = path(name)
    guard FileManager.default.createFile(atPath: file, contents: Data()) else { throw POSIXError(.EIO) }
    return file
  }

  /// Deletes the directory and everything in it.
  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// Runs `body` with a fresh temporary directory and removes it afterwards, also when `body`
/// throws.
public func withTemporaryDirectory<T>(
  prefix: String = "resoio-tests", _ body: (TemporaryDirectory) throws -> T
) throws -> T {
  let directory = try TemporaryDirectory(prefix: prefix)
  defer { directory.remove() }
  return try body(directory)
}
