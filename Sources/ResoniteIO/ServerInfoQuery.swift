import ResoniteGRPC
import ResoniteIOStubs

/// Connects to the mod, asks `Info.GetServerInfo` once, and closes.
///
/// - Parameters:
///   - socketPath: the socket to use; nil resolves it from the environment
///     (``resolveSocketPath(environment:homeDirectory:)``).
///   - timeout: how long the call may take; nil waits as long as the connection lives.
/// - Returns: the mod's description of itself.
/// - Throws: ``SocketNotFoundError`` or ``AmbiguousSocketError`` when resolution fails;
///   `RPCError` otherwise, with code `.unimplemented` when the mod is older than the Info
///   service (update the mod).
public func getServerInfo(socketPath: String? = nil, timeout: Duration? = nil) async throws -> ServerInfo {
  let path = try socketPath ?? resolveSocketPath()
  let channel = GRPCChannel(socketPath: path)
  do {
    let info = try await ServerInfoQuery.fetch(on: channel, timeout: timeout)
    await channel.close()
    return info
  } catch {
    await channel.close()
    throw error
  }
}

enum ServerInfoQuery {
  static func fetch(on channel: GRPCChannel, timeout: Duration?) async throws(RPCError) -> ServerInfo {
    ServerInfo(
      try await ResoniteIo_V1_InfoStub(channel: channel).getServerInfo(
        ResoniteIo_V1_GetServerInfoRequest(), options: CallOptions(timeout: timeout)))
  }
}
