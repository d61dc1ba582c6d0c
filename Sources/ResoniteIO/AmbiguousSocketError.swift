/// More than one live Resonite IO socket was found, so the client cannot pick one.
///
/// Thrown by ``resolveSocketPath(environment:homeDirectory:)`` when several engines with
/// the mod run at once. Set `RESONITE_IO_SOCKET` to the path of the one to use.
public struct AmbiguousSocketError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The directory that was searched.
  public let searchedDirectory: String

  /// The glob pattern that was searched, `<directory>/resonite-*.sock`.
  public let searchedPattern: String

  /// The live candidate socket paths, in name order (at least two).
  public let candidates: [String]

  /// Creates the error.
  ///
  /// - Parameters:
  ///   - searchedDirectory: The directory that was searched.
  ///   - searchedPattern: The glob pattern that was searched.
  ///   - candidates: The live candidate socket paths.
  public init(searchedDirectory: String, searchedPattern: String, candidates: [String]) {
    self.searchedDirectory = searchedDirectory
    self.searchedPattern = searchedPattern
    self.candidates = candidates
  }

  /// A message listing the candidates and telling the user to set `RESONITE_IO_SOCKET`.
  public var description: String {
    "Multiple Resonite IO sockets matched '\(searchedPattern)': "
      + candidates.joined(separator: ", ")
      + ". Set RESONITE_IO_SOCKET to the one to use."
  }
}
