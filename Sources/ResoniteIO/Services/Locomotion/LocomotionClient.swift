public import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs
import SwiftProtobuf

/// The `Locomotion` service: move, turn, look, jump and crouch the local avatar (the reference
/// client's `LocomotionClient`). Reach it as ``ResoniteClient/locomotion``.
///
/// Two ways to drive, over the same client-streaming `Drive` RPC:
/// - **scoped**: ``drive(options:_:)`` runs a body with a ``LocomotionDriver``. Returning from
///   it half-closes the stream: the mod *keeps* the last command (the avatar goes on walking or
///   turning). Throwing or cancelling the task resets the stream (RST_STREAM): the mod returns
///   the avatar's controls to neutral.
/// - **long-lived**: ``send(_:options:)`` opens one Drive stream on first use and keeps it for
///   the connection (like the Python client's lazily opened stream).
///   ``finishDrive()`` half-closes it and returns the summary, ``cancelDrive()`` resets it, and
///   ``ResoniteClient/close()`` finishes it gracefully, as the Python client's exit does.
///
/// ```swift
/// try await mod.locomotion.drive { driver in
///   try await driver.send(moveForward: 1)           // walk
///   try await Task.sleep(for: .seconds(2))
///   try await driver.send(moveForward: 0, yawRate: 90)  // stop, turn right
///   try await Task.sleep(for: .seconds(1))
///   try await driver.send(yawRate: 0)
/// }
/// ```
///
/// The mod never fails a Drive for readiness: commands wait until an avatar exists.
public struct LocomotionClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  // MARK: Long-lived stream

  /// Sends a partial command on the connection's long-lived Drive stream, opening it first if
  /// none is open (Python: `send(move_forward=..., ...)`). Only the given controls are present
  /// on the wire; `unix_nanos` is stamped now.
  ///
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError` when the stream cannot be
  ///   opened or has ended (the next send then opens a new one).
  public func send(
    moveForward: Float? = nil, moveRight: Float? = nil, moveUp: Float? = nil, yawRate: Float? = nil,
    pitchRate: Float? = nil, jump: Bool? = nil, velocity: Float? = nil, crouch: Float? = nil,
    options: CallOptions = CallOptions()
  ) async throws {
    try await send(
      LocomotionCommand(
        moveForward: moveForward, moveRight: moveRight, moveUp: moveUp, yawRate: yawRate, pitchRate: pitchRate,
        jump: jump, velocity: velocity, crouch: crouch),
      options: options)
  }

  /// Sends `command` on the long-lived Drive stream (see
  /// ``send(moveForward:moveRight:moveUp:yawRate:pitchRate:jump:velocity:crouch:options:)``).
  /// A send waits while the stream's send queue is full: it applies backpressure, it never
  /// queues without bound. `options` apply when the send opens the stream (its timeout covers
  /// the stream's whole life).
  public func send(_ command: LocomotionCommand, options: CallOptions = CallOptions()) async throws {
    try await client.driveSession.send(command, channel: client.channel(), options: options)
  }

  /// Half-closes the long-lived Drive stream: the avatar keeps the last command. Returns the
  /// mod's summary, or nil when no stream was open.
  /// - Throws: `RPCError` when the stream had failed.
  @discardableResult
  public func finishDrive() async throws -> LocomotionDriveSummary? {
    try await client.driveSession.finish()
  }

  /// Cancels the long-lived Drive stream (RST_STREAM): the mod resets the controls to neutral.
  /// Does nothing when no stream is open.
  public func cancelDrive() async {
    await client.driveSession.cancel()
  }

  /// The summary of the last long-lived Drive stream that finished (Python: `drive_summary`);
  /// nil before one did.
  public var driveSummary: LocomotionDriveSummary? {
    get async { await client.driveSession.lastSummary }
  }

  // MARK: Scoped stream

  /// Opens a Drive stream for the duration of `body`.
  ///
  /// Returning from `body` **finishes** (half-close): the avatar keeps doing the last command,
  /// and the summary comes back. ``LocomotionDriver/cancel()``, an error thrown from `body`, or
  /// cancelling the task **cancels** (RST_STREAM): the mod resets the controls to neutral (its
  /// safety reset), and this throws.
  ///
  /// - Parameters:
  ///   - options: timeout (for the whole stream), metadata, send-queue size.
  ///   - body: sends the commands.
  /// - Returns: the summary (received count, dropped count 0, the server's time).
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError` (CANCELLED after a cancel,
  ///   INTERNAL for a faulted bridge); what `body` threw.
  @discardableResult
  public func drive(
    options: CallOptions = CallOptions(), _ body: (LocomotionDriver) async throws -> Void
  ) async throws -> LocomotionDriveSummary {
    let response = try await client.channel().clientStreamingRaw(
      ResoniteIo_V1_LocomotionStub.Methods.drive, options: options
    ) { writer in
      try await body(LocomotionDriver(writer: writer))
    }
    let summary = try ResoniteIo_V1_LocomotionDriveSummary(serializedBytes: response.message)
    return LocomotionDriveSummary(
      receivedCount: summary.receivedCount, droppedCount: summary.droppedCount, unixNanos: summary.unixNanos)
  }

  // MARK: Reset

  /// Resets parts of the held state (Python: `reset(move=False, look=False, crouch=False,
  /// jump=False)`); all false (the default) resets everything. Safe while a Drive is open: it
  /// does not end it.
  ///
  /// - Parameters:
  ///   - move: move_forward, move_right, move_up to 0 and velocity to 1.
  ///   - look: yaw and pitch rates to 0.
  ///   - crouch: crouch to 0.
  ///   - jump: drop a pending jump pulse.
  ///   - options: timeout and metadata.
  /// - Returns: the flags as the mod applied them (all true for an all-false request).
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError` (INTERNAL for a bridge fault).
  @discardableResult
  public func reset(
    move: Bool = false, look: Bool = false, crouch: Bool = false, jump: Bool = false,
    options: CallOptions = CallOptions()
  ) async throws -> LocomotionResetSummary {
    var request = ResoniteIo_V1_LocomotionResetRequest()
    request.move = move
    request.look = look
    request.crouch = crouch
    request.jump = jump
    request.unixNanos = wallClockUnixNanos()
    let reply = try await ResoniteIo_V1_LocomotionStub(channel: client.channel()).reset(request, options: options)
    return LocomotionResetSummary(
      move: reply.move, look: reply.look, crouch: reply.crouch, jump: reply.jump, unixNanos: reply.unixNanos)
  }
}
