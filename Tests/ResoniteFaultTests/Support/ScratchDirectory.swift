import Foundation

/// A fresh temporary directory for one test's sockets, removed by `cleanup()`.
struct ScratchDirectory {
  let path: String

  /// - Parameter worldWritable: mode 0777, so a server running as another user can bind in it.
  init(worldWritable: Bool = false) {
    var template = Array("/tmp/resoio-faults-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if worldWritable { precondition(chmod(path, 0o777) == 0, "chmod failed") }
  }

  /// A socket path inside the directory.
  func socket(_ name: String = "s") -> String { path + "/\(name).sock" }

  func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}
