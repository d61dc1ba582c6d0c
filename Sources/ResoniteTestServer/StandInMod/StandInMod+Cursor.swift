import ResoniteIOMessages

extension StandInMod {
  /// `Cursor.SetPosition`, `GetPosition` and `Release` over ``cursor``, with the window size
  /// of ``display``.
  var cursorHandlers: [String: UnaryHandler] {
    let cursor = self.cursor
    let display = self.display
    @Sendable func reply(_ position: (x: Float, y: Float, held: Bool)) -> ResoniteIo_V1_CursorState {
      let size = display.size
      var state = ResoniteIo_V1_CursorState()
      state.x = position.x
      state.y = position.y
      state.windowWidth = Int32(clamping: size.width)
      state.windowHeight = Int32(clamping: size.height)
      state.held = position.held
      return state
    }
    return [
      "/resonite_io.v1.Cursor/SetPosition": ModHandler.unary(ResoniteIo_V1_CursorSetPositionRequest.self) {
        (request, _) throws(CallFailure) in reply(try cursor.setPosition(x: request.x, y: request.y))
      },
      "/resonite_io.v1.Cursor/GetPosition": ModHandler.unary(ResoniteIo_V1_CursorGetPositionRequest.self) {
        (_, _) throws(CallFailure) in
        reply(try cursor.read())
      },
      "/resonite_io.v1.Cursor/Release": ModHandler.unary(ResoniteIo_V1_CursorReleaseRequest.self) {
        (_, _) throws(CallFailure) in
        reply(try cursor.release())
      },
    ]
  }
}
