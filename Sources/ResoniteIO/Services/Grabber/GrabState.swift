import ResoniteIOMessages

/// What a hand holds and operates (the reference client's `GrabState`).
public struct GrabState: Sendable, Hashable {
  /// The hand the mod acted on. A call for ``Hand/primary`` reports the hand it resolved to
  /// (``Hand/left`` or ``Hand/right``); a reply that names no hand reads as ``Hand/primary``.
  public var hand: Hand
  /// True while the hand holds something.
  public var isHolding: Bool
  /// The names of the held objects, best effort: may be empty even while ``isHolding``.
  public var objectNames: [String]
  /// When the mod took this snapshot, in nanoseconds since the Unix epoch (the mod's clock).
  public var unixNanos: Int64
  /// True while a tool is equipped in the hand.
  public var isToolEquipped: Bool
  /// The equipped tool's name; empty when nothing is equipped.
  public var equippedToolName: String
  /// The buttons held down by ``GrabberClient/use(hand:button:strength:options:)`` and not yet
  /// released by ``GrabberClient/unuse(hand:button:options:)``, in the mod's order.
  public var heldButtons: [GrabberButton]

  /// Creates a state.
  public init(
    hand: Hand, isHolding: Bool, objectNames: [String], unixNanos: Int64, isToolEquipped: Bool,
    equippedToolName: String, heldButtons: [GrabberButton]
  ) {
    self.hand = hand
    self.isHolding = isHolding
    self.objectNames = objectNames
    self.unixNanos = unixNanos
    self.isToolEquipped = isToolEquipped
    self.equippedToolName = equippedToolName
    self.heldButtons = heldButtons
  }
}

extension GrabState {
  init(_ wire: ResoniteIo_V1_GrabberGrabState, method: String) throws(UnexpectedReplyError) {
    var buttons: [GrabberButton] = []
    buttons.reserveCapacity(wire.heldButtons.count)
    for button in wire.heldButtons { buttons.append(try GrabberButton(button, method: method)) }
    self.init(
      hand: try Hand(wire.hand, method: method), isHolding: wire.isHolding, objectNames: wire.objectNames,
      unixNanos: wire.unixNanos, isToolEquipped: wire.isToolEquipped, equippedToolName: wire.equippedToolName,
      heldButtons: buttons)
  }
}
