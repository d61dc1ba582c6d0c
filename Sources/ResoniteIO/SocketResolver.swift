public import Foundation

/// The environment variable holding a full socket path; it wins over any search.
let socketPathEnvironmentKey = "RESONITE_IO_SOCKET"

/// The environment variable naming the directory searched for `resonite-{pid}.sock`.
let socketDirectoryEnvironmentKey = "RESONITE_IO_SOCKET_DIR"

/// The default socket directory's name inside the home directory.
let defaultSocketDirectoryName = ".resonite-io"

/// The first part of every socket file name the mod binds.
let socketFilePrefix = "resonite-"

/// The last part of every socket file name the mod binds.
let socketFileSuffix = ".sock"

/// Resolves the Unix domain socket path of a running Resonite IO mod.
///
/// The rules mirror the mod and the reference client, in order:
/// 1. `RESONITE_IO_SOCKET`, when set and non-empty, is returned as is, without checking
///    that the file exists.
/// 2. Otherwise the directory from ``socketDirectory(environment:homeDirectory:)`` is
///    searched for files matching `resonite-*.sock`, sorted by name. A candidate whose
///    middle part is an integer pid of a process that is no longer alive is stale and
///    skipped; a name without an integer pid is kept, since it cannot be judged.
/// 3. Exactly one remaining candidate is the answer.
///
/// An environment variable set to the empty string counts as unset.
///
/// - Parameters:
///   - environment: The environment variables to read; the process environment by
///     default.
///   - homeDirectory: The home directory for the default `~/.resonite-io/`; when `nil`,
///     `HOME` from `environment`, then the user's passwd entry.
/// - Returns: The socket path to connect to.
/// - Throws: ``SocketNotFoundError`` when no live candidate is found (the mod may not be
///   running), or ``AmbiguousSocketError`` when more than one is found (set
///   `RESONITE_IO_SOCKET` to choose).
public func resolveSocketPath(
  environment: [String: String] = ProcessInfo.processInfo.environment,
  homeDirectory: String? = nil
) throws -> String {
  if let explicit = nonEmpty(environment[socketPathEnvironmentKey]) {
    return explicit
  }
  let directory = socketDirectory(environment: environment, homeDirectory: homeDirectory)
  let pattern = joinPath(directory, socketFilePrefix + "*" + socketFileSuffix)
  let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
  let candidates =
    names
    .filter(isSocketFileName)
    .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    .map { joinPath(directory, $0) }

  var live: [String] = []
  var stale: [String] = []
  for candidate in candidates {
    if socketOwnerIsAlive(fileName: (candidate as NSString).lastPathComponent) {
      live.append(candidate)
    } else {
      stale.append(candidate)
    }
  }

  if live.isEmpty {
    throw SocketNotFoundError(
      searchedDirectory: directory, searchedPattern: pattern, staleSockets: stale)
  }
  if live.count > 1 {
    throw AmbiguousSocketError(
      searchedDirectory: directory, searchedPattern: pattern, candidates: live)
  }
  return live[0]
}

/// Returns the conventional socket path of the engine whose host PID is `pid`.
///
/// The path is `<directory>/resonite-<pid>.sock`, with the directory from
/// ``socketDirectory(environment:homeDirectory:)``. `RESONITE_IO_SOCKET` is ignored (it
/// does not depend on a pid), and the file need not exist.
///
/// - Parameters:
///   - pid: The engine's host process id.
///   - environment: The environment variables to read; the process environment by
///     default.
///   - homeDirectory: The home directory for the default `~/.resonite-io/`; when `nil`,
///     `HOME` from `environment`, then the user's passwd entry.
/// - Returns: The socket path the mod of that engine binds.
public func socketPath(
  forPID pid: Int32,
  environment: [String: String] = ProcessInfo.processInfo.environment,
  homeDirectory: String? = nil
) -> String {
  let directory = socketDirectory(environment: environment, homeDirectory: homeDirectory)
  return joinPath(directory, socketFilePrefix + String(pid) + socketFileSuffix)
}

/// Returns the directory where the mod binds its socket and where clients search.
///
/// That is `RESONITE_IO_SOCKET_DIR` when set and non-empty, else `~/.resonite-io`.
/// `RESONITE_IO_SOCKET` plays no part here.
///
/// - Parameters:
///   - environment: The environment variables to read; the process environment by
///     default.
///   - homeDirectory: The home directory for the default `~/.resonite-io`; when `nil`,
///     `HOME` from `environment`, then the user's passwd entry.
/// - Returns: The socket directory path (not checked for existence).
public func socketDirectory(
  environment: [String: String] = ProcessInfo.processInfo.environment,
  homeDirectory: String? = nil
) -> String {
  if let directory = nonEmpty(environment[socketDirectoryEnvironmentKey]) {
    return directory
  }
  let home =
    nonEmpty(homeDirectory)
    ?? nonEmpty(environment["HOME"])
    ?? passwdHomeDirectory()
    ?? NSHomeDirectory()
  return joinPath(home, defaultSocketDirectoryName)
}

/// Returns `value` unless it is `nil` or empty.
func nonEmpty(_ value: String?) -> String? {
  guard let value, !value.isEmpty else { return nil }
  return value
}

/// Joins a directory and a name with exactly one `/` between them.
func joinPath(_ directory: String, _ name: String) -> String {
  directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

/// Tells whether `name` matches the glob `resonite-*.sock`.
func isSocketFileName(_ name: String) -> Bool {
  name.utf8.count >= socketFilePrefix.utf8.count + socketFileSuffix.utf8.count
    && name.hasPrefix(socketFilePrefix) && name.hasSuffix(socketFileSuffix)
}

/// Tells whether the engine named by a `resonite-{pid}.sock` file name is alive.
///
/// A middle part that is not an integer cannot be judged and counts as alive, so the
/// socket is kept rather than hidden.
func socketOwnerIsAlive(fileName: String) -> Bool {
  let middle = fileName.utf8.dropFirst(socketFilePrefix.utf8.count)
    .dropLast(socketFileSuffix.utf8.count)
  guard let pid = Int(String(decoding: middle, as: UTF8.self)) else { return true }
  return processIsAlive(pid: pid)
}
