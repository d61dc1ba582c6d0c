/// No live Resonite IO socket was found in the searched directory.
///
/// Thrown by ``resolveSocketPath(environment:homeDirectory:)`` when no file matches
/// `resonite-*.sock`, or when every match is stale (its engine process is gone). The
/// usual cause is that the Resonite IO mod is not running (yet).
public struct SocketNotFoundError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The directory that was searched.
  public let searchedDirectory: String

  /// The glob pattern that was searched, `<directory>/resonite-*.sock`.
  public let searchedPattern: String

  /// The paths of matching sockets skipped because their engine pid is not alive, in
  /// name order.
  public let staleSockets: [String]

  /// Creates the error.
  ///
  /// - Parameters:
  ///   - searchedDirectory: The directory that was searched.
  ///   - searchedPattern: The glob pattern that was searched.
  ///   - staleSockets: The paths of the stale sockets that were skipped.
  public init(searchedDirectory: String, searchedPattern: String, staleSockets: [String]) {
    self.searchedDirectory = searchedDirectory
    self.searchedPattern = searchedPattern
    self.staleSockets = staleSockets
  }

  /// A message naming the pattern searched, hinting that the mod may not be running and
  /// listing the stale sockets that were skipped.
  public var description: String {
    var text =
      "No live Resonite IO socket matched '\(searchedPattern)'. "
      + "Is the Resonite IO mod running? Start Resonite with the mod, "
      + "or set RESONITE_IO_SOCKET (a socket path) or RESONITE_IO_SOCKET_DIR (its directory)."
    switch staleSockets.count {
    case 0:
      text += " No stale sockets were skipped."
    case 1:
      text += " Skipped 1 stale socket whose engine process is gone: \(staleSockets[0])."
    default:
      text +=
        " Skipped \(staleSockets.count) stale sockets whose engine processes are gone: "
        + staleSockets.joined(separator: ", ") + "."
    }
    return text
  }
}
