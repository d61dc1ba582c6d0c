import ResoniteIO
import ResoniteIOMessages

extension StandInMod {
  /// The five ContextMenu RPCs over ``contextMenu``.
  var contextMenuHandlers: [String: UnaryHandler] {
    let menu = self.contextMenu
    return [
      "/resonite_io.v1.ContextMenu/Open": ModHandler.unary(ResoniteIo_V1_ContextMenuOpenRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try menu.open(hand: Self.hand(request.hand)))
      },
      "/resonite_io.v1.ContextMenu/Close": ModHandler.unary(ResoniteIo_V1_ContextMenuCloseRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try menu.close(hand: Self.hand(request.hand)))
      },
      "/resonite_io.v1.ContextMenu/GetState": ModHandler.unary(ResoniteIo_V1_ContextMenuGetStateRequest.self) {
        (request, _) throws(CallFailure) in Self.wire(try menu.read(hand: Self.hand(request.hand)))
      },
      "/resonite_io.v1.ContextMenu/Highlight": ModHandler.unary(ResoniteIo_V1_ContextMenuHighlightRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try menu.highlight(hand: Self.hand(request.hand), index: request.index))
      },
      "/resonite_io.v1.ContextMenu/Invoke": ModHandler.unary(ResoniteIo_V1_ContextMenuInvokeRequest.self) {
        (request, _) throws(CallFailure) in
        Self.wire(try menu.invoke(hand: Self.hand(request.hand), index: request.index))
      },
    ]
  }

  /// The mod's reading of a requested hand: LEFT and RIGHT as such, anything else primary.
  private static func hand(_ wire: ResoniteIo_V1_ContextMenuHand) -> Hand {
    switch wire {
    case .left: .left
    case .right: .right
    default: .primary
    }
  }

  private static func wire(_ snapshot: ContextMenuModel.Snapshot) -> ResoniteIo_V1_ContextMenuState {
    var state = ResoniteIo_V1_ContextMenuState()
    state.isOpen = snapshot.isOpen
    state.highlightedIndex = Int32(snapshot.highlighted)
    state.items = snapshot.items.enumerated().map { index, item in
      var wire = ResoniteIo_V1_ContextMenuItem()
      wire.index = Int32(index)
      wire.label = item.label
      wire.enabled = item.enabled
      wire.hasIcon_p = item.hasIcon
      wire.colorR = item.color[0]
      wire.colorG = item.color[1]
      wire.colorB = item.color[2]
      wire.colorA = item.color[3]
      return wire
    }
    return state
  }
}
