import ResoniteIO
import ResoniteIOMessages

extension StandInMod {
  /// The seven Grabber RPCs over ``grabber``; Grab aims at ``cursor``'s position.
  var grabberHandlers: [String: UnaryHandler] {
    let grabber = self.grabber
    let cursor = self.cursor
    return [
      "/resonite_io.v1.Grabber/Grab": ModHandler.unary(ResoniteIo_V1_GrabberGrabRequest.self) {
        (request, _) throws(CallFailure) in
        let aim = cursor.position
        let outcome = try grabber.grab(
          hand: Self.hand(request.hand), radius: request.radius, cursorX: aim.x, cursorY: aim.y)
        var reply = ResoniteIo_V1_GrabberGrabResult()
        reply.grabbed = outcome.grabbed
        reply.state = Self.wire(outcome.state)
        return reply
      },
      "/resonite_io.v1.Grabber/Release": ModHandler.unary(ResoniteIo_V1_GrabberReleaseRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try grabber.release(hand: Self.hand(request.hand)))
      },
      "/resonite_io.v1.Grabber/GetState": ModHandler.unary(ResoniteIo_V1_GrabberGetStateRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try grabber.read(hand: Self.hand(request.hand)))
      },
      "/resonite_io.v1.Grabber/Use": ModHandler.unary(ResoniteIo_V1_GrabberUseRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(
          try grabber.use(
            hand: Self.hand(request.hand), button: Self.button(request.button),
            strength: request.hasStrength ? request.strength : nil))
      },
      "/resonite_io.v1.Grabber/Unuse": ModHandler.unary(ResoniteIo_V1_GrabberUnuseRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try grabber.unuse(hand: Self.hand(request.hand), button: Self.button(request.button)))
      },
      "/resonite_io.v1.Grabber/Equip": ModHandler.unary(ResoniteIo_V1_GrabberEquipRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try grabber.equip(hand: Self.hand(request.hand)))
      },
      "/resonite_io.v1.Grabber/Dequip": ModHandler.unary(ResoniteIo_V1_GrabberDequipRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try grabber.dequip(hand: Self.hand(request.hand)))
      },
    ]
  }

  /// The mod's reading of a requested hand: LEFT and RIGHT as such, anything else primary.
  private static func hand(_ wire: ResoniteIo_V1_GrabberHand) -> Hand {
    switch wire {
    case .left: .left
    case .right: .right
    default: .primary
    }
  }

  /// The mod's reading of a requested button: SECONDARY as such, anything else primary.
  private static func button(_ wire: ResoniteIo_V1_GrabberButton) -> GrabberButton {
    wire == .secondary ? .secondary : .primary
  }

  private static func wire(_ snapshot: GrabberModel.Snapshot) -> ResoniteIo_V1_GrabberGrabState {
    var state = ResoniteIo_V1_GrabberGrabState()
    state.hand = snapshot.hand == .left ? .left : .right
    state.isHolding = !snapshot.objectNames.isEmpty
    state.objectNames = snapshot.objectNames
    state.unixNanos = LoopClock.unixNanos()
    state.isToolEquipped = snapshot.tool != nil
    state.equippedToolName = snapshot.tool ?? ""
    state.heldButtons = snapshot.buttons.map { $0 == .secondary ? .secondary : .primary }
    return state
  }
}
