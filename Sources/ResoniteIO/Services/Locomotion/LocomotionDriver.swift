import ResoniteGRPC

/// Sends commands on one scoped Drive stream, as ``LocomotionClient/drive(options:_:)`` hands it
/// to its body.
///
/// Each send waits while the call's send queue is full (the mod not reading), so a fast loop
/// cannot fill memory.
public struct LocomotionDriver: Sendable {
  let writer: RequestStreamWriter<[UInt8]>

  /// Sends a command with only the given controls present (see ``LocomotionCommand``);
  /// `unix_nanos` is stamped now.
  /// - Throws: `RPCError`: the call's end when it is over.
  public func send(
    moveForward: Float? = nil, moveRight: Float? = nil, moveUp: Float? = nil, yawRate: Float? = nil,
    pitchRate: Float? = nil, jump: Bool? = nil, velocity: Float? = nil, crouch: Float? = nil
  ) async throws {
    try await send(
      LocomotionCommand(
        moveForward: moveForward, moveRight: moveRight, moveUp: moveUp, yawRate: yawRate, pitchRate: pitchRate,
        jump: jump, velocity: velocity, crouch: crouch))
  }

  /// Sends `command`; `unix_nanos` is stamped now.
  /// - Throws: `RPCError`: the call's end when it is over.
  public func send(_ command: LocomotionCommand) async throws {
    try await writer.send(command.serialized())
  }

  /// Cancels the stream (RST_STREAM): the mod resets the avatar's controls to neutral, and
  /// ``LocomotionClient/drive(options:_:)`` throws `RPCError` CANCELLED.
  public func cancel() {
    writer.cancel()
  }
}
