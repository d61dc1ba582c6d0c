public import ResoniteGRPC
import ResoniteIOStubs

/// The `Grabber` service: grab and release objects with a hand, press and hold its buttons,
/// equip and dequip tools (the reference client's `GrabberClient`). Reach it as
/// ``ResoniteClient/grabber``.
///
/// A grab aims where the desktop cursor ray hits the world, so aim first with
/// ``CursorClient/setPosition(x:y:options:)``:
///
/// ```swift
/// try await mod.cursor.setPosition(x: 0.5, y: 0.5)
/// let result = try await mod.grabber.grab(radius: 0.2)
/// if result.grabbed { print("holding", result.state.objectNames) }
/// let state = try await mod.grabber.click()   // align what is held
/// try await mod.grabber.release()
/// ```
///
/// Every method takes a ``Hand`` (``Hand/primary`` by default, which the mod resolves to the
/// desktop user's main hand) and returns that hand's ``GrabState``. Every method throws
/// ``ResoniteClientError/notConnected`` when the client is not connected, ``UnexpectedReplyError``
/// when a reply names a hand or button this contract does not know, and `RPCError` with the
/// mod's status: `.failedPrecondition` while the hand is not ready (no focused world or local
/// user yet) and, for ``grab(hand:radius:options:)`` only, in VR mode; `.unavailable` or
/// `.internalError` as for every service.
public struct GrabberClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  /// Grabs what is grabbable within `radius` metres of the point the desktop cursor ray hits
  /// (Python: `grab(hand="primary", radius=0.0)`).
  ///
  /// - Parameters:
  ///   - hand: the hand that grabs.
  ///   - radius: the grab sphere's radius in metres, sent as given; ≤ 0 lets the mod use its
  ///     default, 0.1 m.
  ///   - options: timeout and metadata.
  /// - Returns: whether something was newly grabbed, and the hand's state after the call. A
  ///   miss is `grabbed == false`, not an error.
  /// - Throws: `RPCError` with `.failedPrecondition` in VR mode (grabbing needs the desktop
  ///   cursor) or while the hand is not ready; see ``GrabberClient`` for the rest.
  public func grab(hand: Hand = .primary, radius: Float = 0, options: CallOptions = CallOptions())
    async throws -> GrabResult
  {
    var request = ResoniteIo_V1_GrabberGrabRequest()
    request.hand = hand.grabberWire
    request.radius = radius
    return try GrabResult(try await stub().grab(request, options: options), method: "Grabber/Grab")
  }

  /// Releases everything the hand holds (Python: `release(hand="primary")`).
  ///
  /// - Parameters:
  ///   - hand: the hand that lets go.
  ///   - options: timeout and metadata.
  /// - Returns: the hand's state afterwards.
  /// - Throws: see ``GrabberClient``.
  @discardableResult
  public func release(hand: Hand = .primary, options: CallOptions = CallOptions()) async throws -> GrabState {
    var request = ResoniteIo_V1_GrabberReleaseRequest()
    request.hand = hand.grabberWire
    return try GrabState(try await stub().release(request, options: options), method: "Grabber/Release")
  }

  /// Reads the hand's state without changing anything (Python: `get_state(hand="primary")`).
  ///
  /// - Parameters:
  ///   - hand: the hand to read.
  ///   - options: timeout and metadata.
  /// - Throws: see ``GrabberClient``.
  public func state(hand: Hand = .primary, options: CallOptions = CallOptions()) async throws -> GrabState {
    var request = ResoniteIo_V1_GrabberGetStateRequest()
    request.hand = hand.grabberWire
    return try GrabState(try await stub().getState(request, options: options), method: "Grabber/GetState")
  }

  /// Presses `button` and holds it down until ``unuse(hand:button:options:)`` (Python:
  /// `use(hand="primary", button="primary", strength=1.0)`).
  ///
  /// While the hand grabs something, a primary press aligns it; while a tool is equipped, it
  /// activates the tool. The press is held (re-applied every engine frame), so a pen can be
  /// pressed, dragged with ``CursorClient/setPosition(x:y:options:)`` and released to draw a
  /// stroke. Using a held button again updates its strength.
  ///
  /// - Parameters:
  ///   - hand: the hand whose button to press.
  ///   - button: ``GrabberButton/primary`` (left click) or ``GrabberButton/secondary`` (right
  ///     click).
  ///   - strength: the primary button's analog strength, 0 to 1 (a pen's pressure), always
  ///     sent; the mod clamps it and ignores it for the secondary button.
  ///   - options: timeout and metadata.
  /// - Returns: the hand's state, with `button` in ``GrabState/heldButtons``.
  /// - Throws: see ``GrabberClient`` (works in desktop and VR mode).
  @discardableResult
  public func use(
    hand: Hand = .primary, button: GrabberButton = .primary, strength: Float = 1.0,
    options: CallOptions = CallOptions()
  ) async throws -> GrabState {
    var request = ResoniteIo_V1_GrabberUseRequest()
    request.hand = hand.grabberWire
    request.button = button.wire
    request.strength = strength
    return try GrabState(try await stub().use(request, options: options), method: "Grabber/Use")
  }

  /// Releases a button pressed with ``use(hand:button:strength:options:)`` (Python:
  /// `unuse(hand="primary", button="primary")`). A no-op when it is not held.
  ///
  /// - Parameters:
  ///   - hand: the hand whose button to release.
  ///   - button: the button to release.
  ///   - options: timeout and metadata.
  /// - Returns: the hand's state, without `button` in ``GrabState/heldButtons``.
  /// - Throws: see ``GrabberClient``.
  @discardableResult
  public func unuse(hand: Hand = .primary, button: GrabberButton = .primary, options: CallOptions = CallOptions())
    async throws -> GrabState
  {
    var request = ResoniteIo_V1_GrabberUnuseRequest()
    request.hand = hand.grabberWire
    request.button = button.wire
    return try GrabState(try await stub().unuse(request, options: options), method: "Grabber/Unuse")
  }

  /// Presses and releases `button` once: ``use(hand:button:strength:options:)`` then
  /// ``unuse(hand:button:options:)``, two RPCs (Python: `click(...)`). For one-shot
  /// interactions such as aligning a grabbed object.
  ///
  /// - Parameters:
  ///   - hand: the hand whose button to click.
  ///   - button: the button to click.
  ///   - strength: the press strength sent with the `use` call (the `unuse` has none).
  ///   - options: timeout and metadata, for each of the two calls.
  /// - Returns: the hand's state after the `unuse`.
  /// - Throws: see ``GrabberClient``; when the `use` fails, no `unuse` is sent.
  @discardableResult
  public func click(
    hand: Hand = .primary, button: GrabberButton = .primary, strength: Float = 1.0,
    options: CallOptions = CallOptions()
  ) async throws -> GrabState {
    try await use(hand: hand, button: button, strength: strength, options: options)
    return try await unuse(hand: hand, button: button, options: options)
  }

  /// Equips the first tool among what the hand grabs; afterwards ``use(hand:button:strength:options:)``
  /// activates it (Python: `equip(hand="primary")`). A no-op when the hand grabs no tool.
  ///
  /// - Parameters:
  ///   - hand: the hand that equips.
  ///   - options: timeout and metadata.
  /// - Returns: the hand's state, with ``GrabState/isToolEquipped`` and
  ///   ``GrabState/equippedToolName`` set when a tool was equipped.
  /// - Throws: see ``GrabberClient``.
  @discardableResult
  public func equip(hand: Hand = .primary, options: CallOptions = CallOptions()) async throws -> GrabState {
    var request = ResoniteIo_V1_GrabberEquipRequest()
    request.hand = hand.grabberWire
    return try GrabState(try await stub().equip(request, options: options), method: "Grabber/Equip")
  }

  /// Removes the tool equipped in the hand (Python: `dequip(hand="primary")`). A no-op when
  /// none is equipped.
  ///
  /// - Parameters:
  ///   - hand: the hand that dequips.
  ///   - options: timeout and metadata.
  /// - Returns: the hand's state afterwards.
  /// - Throws: see ``GrabberClient``.
  @discardableResult
  public func dequip(hand: Hand = .primary, options: CallOptions = CallOptions()) async throws -> GrabState {
    var request = ResoniteIo_V1_GrabberDequipRequest()
    request.hand = hand.grabberWire
    return try GrabState(try await stub().dequip(request, options: options), method: "Grabber/Dequip")
  }

  private func stub() throws -> ResoniteIo_V1_GrabberStub {
    ResoniteIo_V1_GrabberStub(channel: try client.channel())
  }
}
