import ResoniteIOMessages

extension StandInMod {
  /// The `resonite_io.v1.Dash` handlers, over ``dash``.
  var dashHandlers: [String: UnaryHandler] {
    let dash = self.dash
    let service = "/resonite_io.v1.Dash/"
    return [
      service + "Open": ModHandler.unary(ResoniteIo_V1_DashOpenRequest.self) { _, _ in dash.setOpenState(true) },
      service + "Close": ModHandler.unary(ResoniteIo_V1_DashCloseRequest.self) { _, _ in dash.setOpenState(false) },
      service + "GetState": ModHandler.unary(ResoniteIo_V1_DashGetStateRequest.self) { _, _ in dash.dashState() },
      service + "ListTabs": ModHandler.unary(ResoniteIo_V1_DashListTabsRequest.self) { _, _ in dash.listTabs() },
      service + "SetTab": ModHandler.unary(dash.setTab),
      service + "ListControls": ModHandler.unary(ResoniteIo_V1_DashListControlsRequest.self) { request, _ in
        dash.listControls(includeDisabled: request.includeDisabled)
      },
      service + "Invoke": ModHandler.unary(ResoniteIo_V1_DashInvokeRequest.self) { request, _ in
        dash.invoke(request.refID)
      },
      service + "Scroll": ModHandler.unary(dash.scroll),
      service + "Highlight": ModHandler.unary(ResoniteIo_V1_DashHighlightRequest.self) { request, _ in
        dash.highlight(request.refID)
      },
    ]
  }
}
