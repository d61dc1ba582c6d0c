import ResoniteIOMessages

/// A world open in this engine (joined or started), addressed by its local ``handle``.
///
/// The reference client returns the wire `OpenWorld`; this is the same data as a Swift value.
public struct OpenWorld: Sendable, Hashable {
  /// The engine-local handle: what ``WorldClient/focus(_:options:)`` and
  /// ``WorldClient/leave(_:options:)`` take. Valid while the world stays open.
  public var handle: Int32
  /// The session id of the world's session.
  public var sessionID: String
  /// The world's name.
  public var name: String
  /// True for the focused world (the one the user is in).
  public var isFocused: Bool
  /// Users in the world.
  public var userCount: Int
  /// The access level as the mod names it (for example `Anyone`, `Private`).
  public var accessLevel: String

  /// Creates an open world.
  public init(handle: Int32, sessionID: String, name: String, isFocused: Bool, userCount: Int, accessLevel: String) {
    self.handle = handle
    self.sessionID = sessionID
    self.name = name
    self.isFocused = isFocused
    self.userCount = userCount
    self.accessLevel = accessLevel
  }
}

extension OpenWorld {
  init(_ message: ResoniteIo_V1_OpenWorld) {
    self.init(
      handle: message.handle, sessionID: message.sessionID, name: message.name, isFocused: message.focused,
      userCount: Int(message.userCount), accessLevel: message.accessLevel)
  }
}
