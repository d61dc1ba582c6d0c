import ResoniteIOMessages
import SwiftProtobuf

/// A partial locomotion update: only the controls that are set (non-nil) go on the wire
/// (proto3 optional presence); the mod keeps its held value for every other one.
///
/// The mod is a "stateful repeater": it re-applies the held state every engine tick, so send a
/// command only when something changes.
public struct LocomotionCommand: Sendable, Hashable {
  /// Forward (+) or back (−), −1…+1 (not clamped), relative to the view yaw; times ``velocity``.
  public var moveForward: Float?
  /// Right (+) or left (−), −1…+1; times ``velocity``.
  public var moveRight: Float?
  /// World up (+) or down (−); only while flying or in noclip (ignored while walking).
  public var moveUp: Float?
  /// Turn rate in degrees per second: positive turns right, negative left.
  public var yawRate: Float?
  /// Look rate in degrees per second: positive looks up (the engine clamps the pitch to ±89°).
  public var pitchRate: Float?
  /// `true` latches one jump, taken on the next tick; `false` never cancels a pending jump.
  public var jump: Bool?
  /// Speed multiplier: 1 is normal (the initial value), 2 the engine's sprint.
  public var velocity: Float?
  /// Crouch amount, 0…1.
  public var crouch: Float?

  /// Creates a command with the given controls present.
  public init(
    moveForward: Float? = nil, moveRight: Float? = nil, moveUp: Float? = nil, yawRate: Float? = nil,
    pitchRate: Float? = nil, jump: Bool? = nil, velocity: Float? = nil, crouch: Float? = nil
  ) {
    self.moveForward = moveForward
    self.moveRight = moveRight
    self.moveUp = moveUp
    self.yawRate = yawRate
    self.pitchRate = pitchRate
    self.jump = jump
    self.velocity = velocity
    self.crouch = crouch
  }

  /// The wire message with `unix_nanos` = now, serialized.
  func serialized() throws -> [UInt8] {
    var wire = ResoniteIo_V1_LocomotionCommand()
    if let moveForward { wire.moveForward = moveForward }
    if let moveRight { wire.moveRight = moveRight }
    if let moveUp { wire.moveUp = moveUp }
    if let yawRate { wire.yawRate = yawRate }
    if let pitchRate { wire.pitchRate = pitchRate }
    if let jump { wire.jump = jump }
    if let velocity { wire.velocity = velocity }
    if let crouch { wire.crouch = crouch }
    wire.unixNanos = wallClockUnixNanos()
    return try wire.serializedBytes()
  }
}
