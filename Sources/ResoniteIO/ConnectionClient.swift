import Foundation
import ResoniteGRPC
import ResoniteIOStubs

/// A client of the Resonite IO `Connection` service: the liveness probe every use starts with.
///
/// The socket path is resolved when the client connects, not when it is created, so changes to
/// `RESONITE_IO_SOCKET` and friends in between are honoured and resolution errors surface at
/// the connect site (see ``resolveSocketPath(environment:homeDirectory:)``).
///
/// The scoped form connects, runs the body, and always closes:
/// ```swift
/// let reply = try await ConnectionClient.withConnection { client in
///   try await client.ping("hello")
/// }
/// print(reply.message, reply.serverUnixNanos)
/// ```
/// or explicitly:
/// ```swift
/// let client = ConnectionClient()
/// try await client.connect()
/// defer { Task { await client.close() } }
/// ```
///
/// The first successful connect in the process runs the version probe once
/// (``VersionProbe``): a warning is logged when the mod's version differs from
/// ``ResoniteIOContract/modVersion``. The probe never makes the connect fail.
public final class ConnectionClient: Sendable {
  private let session: ChannelSession

  /// Creates a client. Nothing is resolved or connected until ``connect(timeout:)``.
  ///
  /// - Parameters:
  ///   - socketPath: the socket to use; nil resolves it at connect time from the environment.
  ///   - configuration: channel settings (message size limits, HTTP/2 windows).
  ///   - environment: the environment socket resolution reads; nil reads the process's (another
  ///     one is for tests and embedding).
  ///   - homeDirectory: the home directory socket resolution uses; nil uses the process's.
  ///   - probeTimeout: how long the once-per-process version probe may take at connect.
  public init(
    socketPath: String? = nil, configuration: ChannelConfiguration = ChannelConfiguration(),
    environment: [String: String]? = nil, homeDirectory: String? = nil,
    probeTimeout: Duration = VersionProbe.defaultTimeout
  ) {
    session = ChannelSession(
      socketPath: socketPath, configuration: configuration, environment: environment, homeDirectory: homeDirectory,
      probeTimeout: probeTimeout)
  }

  /// nil before ``connect(timeout:)``; afterwards the socket path in use (the resolved one when none
  /// was given).
  public var socketPath: String? { session.socketPath }

  /// True between a successful ``connect(timeout:)`` and ``close()``.
  public var isConnected: Bool { session.isConnected }

  /// Resolves the socket (when no path was given), connects, and runs the once-per-process
  /// version probe. Calling it again while connected does nothing.
  ///
  /// - Parameter timeout: bounds the whole connect, version probe included; nil gives the
  ///   probe the client's `probeTimeout`.
  /// - Throws: ``SocketNotFoundError`` or ``AmbiguousSocketError`` when resolution fails;
  ///   `RPCError` with code `.unavailable` when the socket cannot be reached (its `cause` is a
  ///   `ConnectionFailure` with its kind, the path and the errno).
  public func connect(timeout: Duration? = nil) async throws {
    try await session.connect(timeout: timeout)
  }

  /// Closes the connection. Idempotent. In-flight calls finish, or fail with UNAVAILABLE after
  /// the grace period of the channel configuration.
  public func close() async {
    await session.close()
  }

  /// Connects, runs `body` with the client, and closes the client whether `body` returns or
  /// throws.
  ///
  /// - Parameters:
  ///   - socketPath: the socket to use; nil resolves it from the environment.
  ///   - configuration: channel settings.
  ///   - isolation: the actor `body` runs on: the caller's, so `body` may touch its state.
  ///   - body: what to do while connected.
  /// - Returns: what `body` returns.
  /// - Throws: what ``connect(timeout:)`` or `body` throws.
  public static func withConnection<Result>(
    socketPath: String? = nil, configuration: ChannelConfiguration = ChannelConfiguration(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (ConnectionClient) async throws -> Result
  ) async throws -> Result {
    try await ConnectionClient(socketPath: socketPath, configuration: configuration).scoped(isolation: isolation, body)
  }

  /// Calls `Connection.Ping`: the server echoes `message` with its wall clock.
  ///
  /// - Parameters:
  ///   - message: any text; a healthy server echoes it unchanged.
  ///   - timeout: how long to wait for the answer; nil waits as long as the connection lives.
  ///     When it passes the call fails with `RPCError` code `.deadlineExceeded`.
  /// - Returns: the echo and the server's timestamp.
  /// - Throws: ``ConnectionClientError/notConnected`` before ``connect(timeout:)``; `RPCError` for a
  ///   transport failure or a server status (for example `.failedPrecondition` while the engine
  ///   is still starting).
  public func ping(_ message: String = "", timeout: Duration? = nil) async throws -> PingResponse {
    var request = ResoniteIo_V1_PingRequest()
    request.message = message
    let reply = try await ResoniteIo_V1_ConnectionStub(channel: connectedChannel()).ping(
      request, options: CallOptions(timeout: timeout))
    return PingResponse(message: reply.message, serverUnixNanos: reply.serverUnixNanos)
  }

  /// Calls `Info.GetServerInfo` over this connection.
  ///
  /// - Parameter timeout: how long to wait; nil waits as long as the connection lives.
  /// - Returns: the mod's description of itself.
  /// - Throws: ``ConnectionClientError/notConnected`` before ``connect(timeout:)``; `RPCError`, with
  ///   code `.unimplemented` when the mod is older than the Info service.
  public func getServerInfo(timeout: Duration? = nil) async throws -> ServerInfo {
    try await ServerInfoQuery.fetch(on: connectedChannel(), timeout: timeout)
  }

  private func connectedChannel() throws -> GRPCChannel {
    try session.channel(orThrow: ConnectionClientError.notConnected)
  }
}
