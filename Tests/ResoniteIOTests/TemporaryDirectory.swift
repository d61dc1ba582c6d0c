import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A real directory under /tmp made with `mkdtemp`, removed by ``remove()``.
struct TemporaryDirectory {
  /// The directory's path, without a trailing slash.
  let path: String

  /// Creates a fresh, empty directory.
  init() throws {
    var template = Array("/tmp/resoio-tests-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard made != nil else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    let bytes = template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    path = String(decoding: bytes, as: UTF8.self)
  }

  /// Creates an empty file named `name` inside the directory and returns its path.
  @discardableResult
  func touch(_ name: String) throws -> String {
    let file = path + "/" + name
    guard FileManager.default.createFile(atPath: file, contents: Data()) else {
      throw POSIXError(.EIO)
    }
    return file
  }

  /// Deletes the directory and everything in it.
  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// Runs `body` with a fresh temporary directory and removes it afterwards.
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
  let directory = try TemporaryDirectory()
  defer { directory.remove() }
  return try body(directory)
}
