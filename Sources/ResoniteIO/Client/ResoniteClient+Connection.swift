import ResoniteGRPC
import ResoniteIOStubs

extension ResoniteClient {
  /// Calls `Connection.Ping`: the server echoes `message` with its wall clock.
  ///
  /// - Parameters:
  ///   - message: any text; a healthy server echoes it unchanged.
  ///   - options: timeout and metadata; no timeout waits as long as the connection lives.
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError`.
  public func ping(_ message: String = "", options: CallOptions = CallOptions()) async throws -> PingResponse {
    var request = ResoniteIo_V1_PingRequest()
    request.message = message
    let reply = try await ResoniteIo_V1_ConnectionStub(channel: channel()).ping(request, options: options)
    return PingResponse(message: reply.message, serverUnixNanos: reply.serverUnixNanos)
  }

  /// Calls `Info.GetServerInfo`: the mod's and engine's versions, platform and process ids.
  ///
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError`, with code `.unimplemented`
  ///   when the mod is older than the Info service.
  public func getServerInfo(options: CallOptions = CallOptions()) async throws -> ServerInfo {
    ServerInfo(
      try await ResoniteIo_V1_InfoStub(channel: channel()).getServerInfo(
        ResoniteIo_V1_GetServerInfoRequest(), options: options))
  }
}
