import Foundation

/// Where the protos are: ours under `Protos/`, and the contract of resonite-io 0.7.0 in
/// `../shared/contract` beside the repository, when that folder is there (it is on the
/// project's machines and in CI).
enum ContractLocations {
  /// The repository root, from this file's path.
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Protos/resonite_io/v1`.
  static let ours = repository.appendingPathComponent("Protos/resonite_io/v1")

  /// `../shared/contract/resonite_io/v1`, or nil when it is not beside the repository.
  static var shared: URL? {
    let url = repository.deletingLastPathComponent().appendingPathComponent("shared/contract/resonite_io/v1")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// The .proto file names in `directory`, sorted.
  static func protoFiles(in directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".proto") }.sorted()
  }
}
