import ResoniteIOMessages

extension StandInMod {
  /// The `resonite_io.v1.World` handlers, over ``world``.
  var worldHandlers: [String: UnaryHandler] {
    let world = self.world
    let service = "/resonite_io.v1.World/"
    return [
      service + "ListSessions": ModHandler.unary(world.listSessions),
      service + "ListRecords": ModHandler.unary(ResoniteIo_V1_ListRecordsRequest.self) { request, _ in
        world.listRecords(request)
      },
      service + "Join": ModHandler.unary(world.join),
      service + "StartWorld": ModHandler.unary(world.startWorld),
      service + "ListOpenWorlds": ModHandler.unary(ResoniteIo_V1_ListOpenWorldsRequest.self) { _, _ in
        world.listOpenWorlds()
      },
      service + "Focus": ModHandler.unary(ResoniteIo_V1_FocusRequest.self) { request, _ throws(CallFailure) in
        try world.focus(request.handle)
      },
      service + "Leave": ModHandler.unary(ResoniteIo_V1_LeaveRequest.self) { request, _ throws(CallFailure) in
        try world.leave(request.handle)
      },
      service + "GetCurrent": ModHandler.unary(ResoniteIo_V1_GetCurrentRequest.self) { _, _ in world.current() },
      service + "FetchThumbnail": ModHandler.unary(ResoniteIo_V1_FetchThumbnailRequest.self) {
        request, _ throws(CallFailure) in try world.fetchThumbnail(request.uri)
      },
    ]
  }
}
