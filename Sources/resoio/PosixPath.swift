import Foundation

/// Python's `posixpath` functions the reference CLI uses, with its exact results.
enum PosixPath {
  /// `posixpath.normpath`: collapses `//`, `.` and `..` lexically (no symlinks); keeps a
  /// leading `//` (POSIX leaves it implementation-defined) but not `///`; `""` becomes `"."`.
  static func normalize(_ path: String) -> String {
    if path.isEmpty { return "." }
    var initialSlashes = path.hasPrefix("/") ? 1 : 0
    if path.hasPrefix("//") && !path.hasPrefix("///") { initialSlashes = 2 }
    var components: [Substring] = []
    for component in path.split(separator: "/", omittingEmptySubsequences: false) {
      if component.isEmpty || component == "." { continue }
      if component != ".." || (initialSlashes == 0 && components.isEmpty) || components.last == ".." {
        components.append(component)
      } else if !components.isEmpty {
        components.removeLast()
      }
    }
    let joined = String(repeating: "/", count: initialSlashes) + components.joined(separator: "/")
    return joined.isEmpty ? "." : joined
  }

  /// `posixpath.join(base, path)` for two parts: `path` itself when absolute, else the two
  /// joined with one `/`.
  static func join(_ base: String, _ path: String) -> String {
    if path.hasPrefix("/") { return path }
    if base.isEmpty || base.hasSuffix("/") { return base + path }
    return base + "/" + path
  }

  /// `posixpath.basename`: the part after the last `/`.
  static func basename(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// `os.path.abspath`: `path` joined to the working directory and normalized.
  static func absolute(_ path: String) -> String {
    normalize(join(FileManager.default.currentDirectoryPath, path))
  }
}
