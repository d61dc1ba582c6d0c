public import Foundation

/// Finds the executables this package builds (`resoio`, `ConnectionPing`) next to the test
/// bundle, whatever `--scratch-path` was used: the products directory is the parent of the
/// `.xctest` bundle (on Linux an executable file, on macOS a directory).
public enum BuiltProducts {
  /// An executable the tests need is not in the products directory.
  public struct MissingExecutable: Error, CustomStringConvertible {
    public var name: String
    public var directory: String?

    public var description: String {
      guard let directory else {
        return "cannot find the build products directory (no .xctest bundle among \(BuiltProducts.probedPaths)); "
          + "set RESOIO_PRODUCTS_DIR to the directory holding the built `\(name)`"
      }
      return "the executable `\(name)` is not in \(directory): build it before running these tests "
        + "(`swift build --build-tests` and a plain `swift test` build every product; "
        + "`swift build --product \(name)` builds just it, with the same --scratch-path)"
    }
  }

  /// The built executable `name`, or a clear error when it was not built.
  public static func executable(_ name: String) throws -> URL {
    guard let directory else { throw MissingExecutable(name: name, directory: nil) }
    let url = directory.appendingPathComponent(name)
    guard FileManager.default.isExecutableFile(atPath: url.path) else {
      throw MissingExecutable(name: name, directory: directory.path)
    }
    return url
  }

  /// The directory holding the test bundle and the built executables.
  public static let directory: URL? = {
    if let override = ProcessInfo.processInfo.environment["RESOIO_PRODUCTS_DIR"], !override.isEmpty {
      return URL(fileURLWithPath: override)
    }
    for path in probedPaths {
      if let bundle = enclosingTestBundle(of: path) { return bundle.deletingLastPathComponent() }
    }
    return nil
  }()

  /// Where the running test code may live: the loaded bundles, the main executable, argv[0].
  public static let probedPaths: [String] = {
    var paths = Bundle.allBundles.map(\.bundlePath)
    paths.append(Bundle.main.bundlePath)
    if let executable = Bundle.main.executablePath { paths.append(executable) }
    #if os(Linux)
      if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { paths.append(exe) }
    #endif
    if let first = CommandLine.arguments.first {
      paths.append(URL(fileURLWithPath: first).standardizedFileURL.path)
    }
    return paths
  }()

  /// The innermost `*.xctest` path component of `path`, as a URL.
  private static func enclosingTestBundle(of path: String) -> URL? {
    var url = URL(fileURLWithPath: path).standardizedFileURL
    while url.path != "/" && !url.path.isEmpty {
      if url.pathExtension == "xctest" { return url }
      url.deleteLastPathComponent()
    }
    return nil
  }
}
