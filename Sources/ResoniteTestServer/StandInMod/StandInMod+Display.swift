import ResoniteIOMessages

extension StandInMod {
  /// `Display.Apply` and `Display.Get` over ``display``.
  var displayHandlers: [String: UnaryHandler] {
    let display = self.display
    return [
      "/resonite_io.v1.Display/Apply": ModHandler.unary(ResoniteIo_V1_DisplayConfig.self) {
        (request, _) throws(CallFailure) in
        try display.apply(width: request.width, height: request.height, maxFPS: request.maxFps)
        return ResoniteIo_V1_DisplayApplyResponse()
      },
      "/resonite_io.v1.Display/Get": ModHandler.unary(ResoniteIo_V1_DisplayGetRequest.self) {
        (_, _) throws(CallFailure) in
        let settings = try display.get()
        var reply = ResoniteIo_V1_DisplayState()
        reply.width = UInt32(clamping: settings.width)
        reply.height = UInt32(clamping: settings.height)
        reply.maxFps = Float(settings.maxFPS)
        return reply
      },
    ]
  }
}
