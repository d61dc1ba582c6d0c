import ResoniteIOMessages

extension StandInMod {
  /// The `resonite_io.v1.Inventory` handlers, over ``inventory``.
  var inventoryHandlers: [String: UnaryHandler] {
    let inventory = self.inventory
    let service = "/resonite_io.v1.Inventory/"
    return [
      service + "List": ModHandler.unary(ResoniteIo_V1_InventoryListRequest.self) { request, _ throws(CallFailure) in
        try inventory.list(request.path)
      },
      service + "MakeDir": ModHandler.unary(ResoniteIo_V1_InventoryMakeDirRequest.self) {
        request, _ throws(CallFailure) in try inventory.mkdir(request.path)
      },
      service + "Copy": ModHandler.unary(inventory.copy),
      service + "Move": ModHandler.unary(inventory.move),
      service + "Remove": ModHandler.unary(inventory.remove),
      service + "Spawn": ModHandler.unary(ResoniteIo_V1_InventorySpawnRequest.self) {
        request, _ throws(CallFailure) in try inventory.spawn(request.path)
      },
      service + "FetchThumbnail": ModHandler.unary(ResoniteIo_V1_InventoryThumbnailRequest.self) {
        request, _ throws(CallFailure) in try inventory.fetchThumbnail(request.path)
      },
    ]
  }
}
