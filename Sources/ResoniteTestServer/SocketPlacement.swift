#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ResoniteTransport

/// Where the server binds when no path is given: the same place the Resonite IO mod would.
enum SocketPlacement {
  /// The mod's socket path for this process: `RESONITE_IO_SOCKET` if set and non-empty, else
  /// `RESONITE_IO_SOCKET_DIR/resonite-<pid>.sock`, else `~/.resonite-io/resonite-<pid>.sock`.
  /// The directory of the last two is created when missing.
  ///
  /// - Throws: ``SocketError`` (operation `mkdir`) when the directory cannot be created.
  static func defaultPath(environment: [String: String], pid: Int32) throws(SocketError) -> String {
    if let explicit = environment["RESONITE_IO_SOCKET"], !explicit.isEmpty { return explicit }
    let directory: String
    if let dir = environment["RESONITE_IO_SOCKET_DIR"], !dir.isEmpty {
      directory = dir
    } else {
      directory = homeDirectory(environment: environment) + "/.resonite-io"
    }
    try createDirectory(directory)
    return (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/resonite-\(pid).sock"
  }

  /// `$HOME` if set and non-empty, else the password database's home for this user.
  static func homeDirectory(environment: [String: String]) -> String {
    if let home = environment["HOME"], !home.isEmpty { return home }
    if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
    return "/tmp"
  }

  /// Creates `path` and its missing parents (mode 0700 for new ones).
  static func createDirectory(_ path: String) throws(SocketError) {
    var components: [Substring] = []
    var partial = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") { components.append(component) }
    for component in components {
      partial += "/" + component
      if case .failure(let error) = Syscall.mkdir(partial, mode: 0o700), error.rawValue != EEXIST {
        throw SocketError(operation: "mkdir", path: partial, errno: error.rawValue)
      }
    }
  }
}
