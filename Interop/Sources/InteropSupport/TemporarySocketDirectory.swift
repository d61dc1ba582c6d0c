#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A fresh directory under /tmp for one test's socket, removed with everything in it by
/// ``remove()``. Short on purpose: a Unix socket path must fit in `sun_path` (104–108 bytes).
public struct TemporarySocketDirectory: Sendable {
  /// The directory.
  public let path: String

  /// Creates the directory.
  public init() throws(TemporarySocketDirectoryError) {
    var template = Array("/tmp/resoio-interop-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard made != nil else { throw TemporarySocketDirectoryError(errno: errno) }
    path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }

  /// A socket path inside the directory.
  public func socketPath(_ name: String = "interop.sock") -> String {
    path + "/" + name
  }

  /// Removes the directory and the files in it (sockets left behind included).
  public func remove() {
    if let dir = opendir(path) {
      while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        if name == "." || name == ".." { continue }
        unlink(path + "/" + name)
      }
      closedir(dir)
    }
    rmdir(path)
  }
}

/// mkdtemp failed.
public struct TemporarySocketDirectoryError: Error, Sendable, CustomStringConvertible {
  /// The errno of the failure.
  public let errno: Int32
  public var description: String { "could not create a temporary directory (errno \(errno))" }
}
