import ArgumentParser
import ResoniteIO

/// The `--platform` value: a ServerPlatform name such as `linux` or `windows`.
struct PlatformArgument: ExpressibleByArgument {
  /// The parsed platform.
  let platform: ServerPlatform

  private static let platforms: [(String, ServerPlatform)] = [
    ("unspecified", .unspecified), ("windows", .windows), ("osx", .osx), ("linux", .linux),
    ("android", .android), ("other", .other),
  ]

  init(_ platform: ServerPlatform) { self.platform = platform }

  init?(argument: String) {
    guard let entry = Self.platforms.first(where: { $0.0 == argument.lowercased() }) else { return nil }
    platform = entry.1
  }

  var defaultValueDescription: String { platform.description }

  static var allValueStrings: [String] { platforms.map(\.0) }
}
