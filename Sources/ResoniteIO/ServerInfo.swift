/// The platform the Resonite engine runs on, as the mod reports it.
public enum ServerPlatform: Sendable, Hashable, CustomStringConvertible {
  /// SERVER_PLATFORM_UNSPECIFIED (0).
  case unspecified
  /// SERVER_PLATFORM_WINDOWS (1).
  case windows
  /// SERVER_PLATFORM_OSX (2).
  case osx
  /// SERVER_PLATFORM_LINUX (3).
  case linux
  /// SERVER_PLATFORM_ANDROID (4).
  case android
  /// SERVER_PLATFORM_OTHER (5).
  case other
  /// A value this client does not know (a newer mod).
  case unrecognized(Int)

  /// The lower-case name the CLI prints, for example `linux`.
  public var description: String {
    switch self {
    case .unspecified: "unspecified"
    case .windows: "windows"
    case .osx: "osx"
    case .linux: "linux"
    case .android: "android"
    case .other: "other"
    case .unrecognized(let value): "unrecognized(\(value))"
    }
  }

  init(_ proto: ResoniteIo_V1_ServerPlatform) {
    switch proto {
    case .unspecified: self = .unspecified
    case .windows: self = .windows
    case .osx: self = .osx
    case .linux: self = .linux
    case .android: self = .android
    case .other: self = .other
    case .UNRECOGNIZED(let value): self = .unrecognized(value)
    }
  }
}

/// What the mod says about itself (`Info.GetServerInfo`).
public struct ServerInfo: Sendable, Hashable {
  /// The mod's version, for example `0.7.0`.
  public var modVersion: String
  /// The Resonite engine's version string.
  public var engineVersion: String
  /// The engine's platform.
  public var platform: ServerPlatform
  /// True when the engine runs under Wine or Proton.
  public var isWine: Bool
  /// The engine's host process id, 0 if unknown.
  public var resonitePID: Int32
  /// The renderer's host process id, 0 if none.
  public var rendererPID: Int32

  /// Creates a value.
  public init(
    modVersion: String, engineVersion: String, platform: ServerPlatform, isWine: Bool, resonitePID: Int32,
    rendererPID: Int32
  ) {
    self.modVersion = modVersion
    self.engineVersion = engineVersion
    self.platform = platform
    self.isWine = isWine
    self.resonitePID = resonitePID
    self.rendererPID = rendererPID
  }

  init(_ proto: ResoniteIo_V1_ServerInfo) {
    self.init(
      modVersion: proto.modVersion, engineVersion: proto.engineVersion, platform: ServerPlatform(proto.platform),
      isWine: proto.isWine, resonitePID: proto.resonitePid, rendererPID: proto.rendererPid)
  }
}
