import ResoniteIOMessages

extension StandInMod {
  /// `Lifecycle.Shutdown` over ``lifecycle``.
  var lifecycleHandlers: [String: UnaryHandler] {
    let lifecycle = self.lifecycle
    return [
      "/resonite_io.v1.Lifecycle/Shutdown": ModHandler.unary(ResoniteIo_V1_ShutdownRequest.self) {
        (_, _) throws(CallFailure) in
        var reply = ResoniteIo_V1_ShutdownResponse()
        reply.accepted = lifecycle.requestShutdown()
        return reply
      }
    ]
  }
}
