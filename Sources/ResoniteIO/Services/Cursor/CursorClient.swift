public import ResoniteGRPC
import ResoniteIOStubs

/// The `Cursor` service: the engine's desktop cursor, in normalized window coordinates (the
/// reference client's `CursorClient`). Reach it as ``ResoniteClient/cursor``.
///
/// ``setPosition(x:y:options:)`` moves the in-engine cursor and holds it there until
/// ``release(options:)``; the operating system's pointer is never grabbed. A typical use is
/// aiming: hold the cursor where a grab or a context menu should happen, act, release.
///
/// ```swift
/// try await mod.cursor.setPosition(x: 0.5, y: 0.5)  // aim at the centre
/// let result = try await mod.grabber.grab()
/// try await mod.cursor.release()
/// ```
///
/// Every method throws ``ResoniteClientError/notConnected`` when the client is not connected,
/// and `RPCError` with the mod's status: `.failedPrecondition` while the engine is not ready
/// (no focused world or window yet), `.unavailable` or `.internalError` as for every service.
public struct CursorClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  /// Moves the cursor to normalized (`x`, `y`) and holds it there until ``release(options:)``
  /// (Python: `set_position(x, y)`).
  ///
  /// Calling it again while held moves the hold. While held, mouse movement does not reach the
  /// in-engine cursor but clicks fire at the held position. The values are sent as given: the
  /// mod checks them.
  ///
  /// - Parameters:
  ///   - x: 0 (left) to 1 (right).
  ///   - y: 0 (top) to 1 (bottom).
  ///   - options: timeout and metadata. The mod may take about 320 ms to let the position
  ///     settle before it answers.
  /// - Returns: the state after the move, with ``CursorState/held`` true.
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError` with `.invalidArgument` when `x`
  ///   or `y` is outside [0, 1] or NaN (checked by the mod before anything else), or
  ///   `.failedPrecondition` while the engine is not ready.
  @discardableResult
  public func setPosition(x: Float, y: Float, options: CallOptions = CallOptions()) async throws -> CursorState {
    var request = ResoniteIo_V1_CursorSetPositionRequest()
    request.x = x
    request.y = y
    return CursorState(try await stub().setPosition(request, options: options))
  }

  /// Reads the cursor position and hold state without changing anything (Python:
  /// `get_position()`).
  ///
  /// - Parameter options: timeout and metadata.
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError` (`.failedPrecondition` while
  ///   the engine is not ready).
  public func position(options: CallOptions = CallOptions()) async throws -> CursorState {
    CursorState(try await stub().getPosition(ResoniteIo_V1_CursorGetPositionRequest(), options: options))
  }

  /// Ends a ``setPosition(x:y:options:)`` hold, so the cursor follows the mouse again (Python:
  /// `release()`). Idempotent: releasing when nothing is held succeeds.
  ///
  /// - Parameter options: timeout and metadata.
  /// - Returns: the state after the release, with ``CursorState/held`` false.
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError` (`.failedPrecondition` while
  ///   the engine is not ready).
  @discardableResult
  public func release(options: CallOptions = CallOptions()) async throws -> CursorState {
    CursorState(try await stub().release(ResoniteIo_V1_CursorReleaseRequest(), options: options))
  }

  private func stub() throws -> ResoniteIo_V1_CursorStub {
    ResoniteIo_V1_CursorStub(channel: try client.channel())
  }
}

extension CursorState {
  init(_ wire: ResoniteIo_V1_CursorState) {
    self.init(
      x: wire.x, y: wire.y, windowWidth: Int(wire.windowWidth), windowHeight: Int(wire.windowHeight), held: wire.held)
  }
}
