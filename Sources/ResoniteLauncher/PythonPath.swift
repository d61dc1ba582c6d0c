import Foundation
import PythonCompatibility

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The path functions of Python's `os.path` (posixpath, Python 3.12) and `pathlib` that look at
/// the file system, or that only the reference launcher uses, with their exact results: the
/// processes it finds, the directories it creates and the arguments it passes all depend on
/// them. The string functions (join, split, normpath, abspath) are PythonCompatibility's.
extension PythonPath {
  /// `os.path.realpath(path)` (not strict): symbolic links resolved along the existing part of
  /// the path, the rest kept as written; relative paths start at the working directory.
  static func realpath(_ path: String) -> String {
    var seen: [String: String?] = [:]
    return absolute(joinRealpath("", path, &seen).path)
  }

  private static func joinRealpath(
    _ start: String, _ remainder: String, _ seen: inout [String: String?]
  ) -> (path: String, ok: Bool) {
    var path = start
    var rest = Substring(remainder)
    if rest.hasPrefix("/") {
      rest = rest.dropFirst()
      path = "/"
    }
    while !rest.isEmpty {
      let name: Substring
      if let slash = rest.firstIndex(of: "/") {
        name = rest[..<slash]
        rest = rest[rest.index(after: slash)...]
      } else {
        name = rest
        rest = ""
      }
      if name.isEmpty || name == "." { continue }
      if name == ".." {
        if !path.isEmpty {
          let (head, tail) = split(path)
          path = tail == ".." ? join(head, "..", "..") : head
        } else {
          path = ".."
        }
        continue
      }
      let candidate = join(path, String(name))
      guard isSymbolicLink(candidate), let target = readLink(candidate) else {
        path = candidate
        continue
      }
      if let known = seen[candidate] {
        if let known {
          path = known
          continue
        }
        // A loop: Python gives up resolving here.
        return (join(candidate, String(rest)), false)
      }
      seen[candidate] = .some(nil)
      let resolved = joinRealpath(path, target, &seen)
      if !resolved.ok { return (join(resolved.path, String(rest)), false) }
      path = resolved.path
      seen[candidate] = .some(resolved.path)
    }
    return (path, true)
  }

  /// `str(PurePosixPath(base) / piece / ...)`: empty and `.` components dropped, one leading
  /// slash (two when the base starts with exactly two), `..` kept.
  static func pathlibJoin(_ base: String, _ pieces: [String]) -> String {
    var root = ""
    if base.hasPrefix("/") { root = base.hasPrefix("//") && !base.hasPrefix("///") ? "//" : "/" }
    var components: [String] = []
    for piece in [base] + pieces {
      if piece.hasPrefix("/") {
        root = piece.hasPrefix("//") && !piece.hasPrefix("///") ? "//" : "/"
        components = []
      }
      for component in piece.split(separator: "/") where component != "." {
        components.append(String(component))
      }
    }
    let joined = root + components.joined(separator: "/")
    return joined.isEmpty ? "." : joined
  }

  /// `os.path.isfile`: a regular file, symbolic links followed.
  static func isFile(_ path: String) -> Bool {
    guard !path.isEmpty else { return false }
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// `os.path.isdir`: a directory, symbolic links followed.
  static func isDirectory(_ path: String) -> Bool {
    guard !path.isEmpty else { return false }
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  static func isSymbolicLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
  }

  static func readLink(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count >= 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `Path.home()` (`os.path.expanduser("~")`): HOME without trailing slashes (`/` when that
  /// leaves nothing), or the password database's home directory when HOME is unset.
  static func home(environment: LaunchEnvironment) -> String {
    if let home = environment["HOME"] {
      var trimmed = home
      while trimmed.hasSuffix("/") { trimmed.removeLast() }
      return trimmed.isEmpty ? "/" : trimmed
    }
    if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
      return String(cString: directory)
    }
    return "/"
  }
}
