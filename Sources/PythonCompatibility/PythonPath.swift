import Foundation

/// The string functions of Python's `os.path` (posixpath, Python 3.12) that the reference CLI
/// and launcher use, with their exact results: shared by resoio (the inventory shell's paths,
/// the absolute paths it prints) and ResoniteLauncher (which adds the ones that look at the
/// file system).
package enum PythonPath {
  /// `os.path.isabs`.
  package static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

  /// `os.path.join(a, *p)`: an absolute piece restarts the path.
  package static func join(_ first: String, _ rest: String...) -> String { join(first, rest) }

  package static func join(_ first: String, _ rest: [String]) -> String {
    var path = first
    for piece in rest {
      if piece.hasPrefix("/") {
        path = piece
      } else if path.isEmpty || path.hasSuffix("/") {
        path += piece
      } else {
        path += "/" + piece
      }
    }
    return path
  }

  /// `os.path.split`: the head without trailing slashes (unless it is all slashes) and the tail.
  package static func split(_ path: String) -> (head: String, tail: String) {
    guard let slash = path.lastIndex(of: "/") else { return ("", path) }
    let cut = path.index(after: slash)
    var head = String(path[..<cut])
    let tail = String(path[cut...])
    if !head.allSatisfy({ $0 == "/" }) {
      while head.hasSuffix("/") { head.removeLast() }
    }
    return (head, tail)
  }

  /// `os.path.dirname`.
  package static func dirname(_ path: String) -> String { split(path).head }

  /// `os.path.basename`: the part after the last `/`.
  package static func basename(_ path: String) -> String { split(path).tail }

  /// `os.path.normpath`: `.` and empty components dropped, `..` folded, one leading slash (or
  /// exactly two, which POSIX leaves to the implementation), `.` for nothing.
  package static func normalize(_ path: String) -> String {
    guard !path.isEmpty else { return "." }
    var slashes = ""
    if path.hasPrefix("/") {
      slashes = path.hasPrefix("//") && !path.hasPrefix("///") ? "//" : "/"
    }
    var components: [Substring] = []
    for component in path.split(separator: "/", omittingEmptySubsequences: true) {
      if component == "." { continue }
      if component != ".." || (slashes.isEmpty && components.isEmpty) || components.last == ".." {
        components.append(component)
      } else if !components.isEmpty {
        components.removeLast()
      }
    }
    let joined = slashes + components.joined(separator: "/")
    return joined.isEmpty ? "." : joined
  }

  /// `os.path.abspath`: joined onto the working directory when relative, then normalised.
  package static func absolute(_ path: String) -> String {
    normalize(isAbsolute(path) ? path : join(currentDirectory(), path))
  }

  /// `os.getcwd()`.
  package static func currentDirectory() -> String {
    FileManager.default.currentDirectoryPath
  }
}
