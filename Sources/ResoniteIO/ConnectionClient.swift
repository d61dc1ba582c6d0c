import Foundation
import ResoniteGRPC
import Synchronization

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
  private let requestedPath: String?
  private let configuration: ChannelConfiguration
  private let environment: [String: String]?
  private let homeDirectory: String?
  private let state = Mutex<State>(State())

  private struct State: ~Copyable {
    var channel: GRPCChannel?
    var resolvedPath: String?
  }

  /// Creates a client. Nothing is resolved or connected until ``connect()``.
  ///
  /// - Parameters:
  ///   - socketPath: the socket to use; nil resolves it at connect time from the environment.
  ///   - configuration: channel settings (message size limits, HTTP/2 windows).
  public convenience init(socketPath: String? = nil, configuration: ChannelConfiguration = ChannelConfiguration()) {
    self.init(socketPath: socketPath, configuration: configuration, environment: nil, homeDirectory: nil)
  }

  /// Creates a client whose socket resolution reads `environment` and `homeDirectory` instead of
  /// the process's (for tests and embedding).
  public init(
    socketPath: String?, configuration: ChannelConfiguration = ChannelConfiguration(),
    environment: [String: String]?, homeDirectory: String?
  ) {
    self.requestedPath = socketPath
    self.configuration = configuration
    self.environment = environment
    self.homeDirectory = homeDirectory
  }

  /// nil before ``connect()``; afterwards the socket path in use (the resolved one when none
  /// was given).
  public var socketPath: String? { state.withLock { $0.resolvedPath } }

  /// True between a successful ``connect()`` and ``close()``.
  public var isConnected: Bool { state.withLock { $0.channel != nil } }

  /// Resolves the socket (when no path was given), connects, and runs the once-per-process
  /// version probe. Calling it again while connected does nothing.
  ///
  /// - Throws: ``SocketNotFoundError`` or ``AmbiguousSocketError`` when resolution fails;
  ///   `RPCError` with code `.unavailable` when the socket cannot be reached (its `cause` is a
  ///   `SocketError` with the path and the errno).
  public func connect() async throws {
    if isConnected { return }
    let path = try requestedPath ?? resolveSocketPath(
      environment: environment ?? ProcessInfo.processInfo.environment, homeDirectory: homeDirectory)
    let channel = GRPCChannel(socketPath: path, configuration: configuration)
    try channel.connect()
    let installed: Bool = state.withLock { state in
      guard state.channel == nil else { return false }
      state.channel = channel
      state.resolvedPath = path
      return true
    }
    guard installed else {
      await channel.close()
      return
    }
    await VersionProbe.shared.runIfArmed(on: channel)
  }

  /// Closes the connection. Idempotent. In-flight calls finish, or fail with UNAVAILABLE after
  /// the grace period of the channel configuration.
  public func close() async {
    let channel = state.withLock { state in
      defer { state.channel = nil }
      return state.channel
    }
    await channel?.close()
  }

  /// Connects, runs `body` with the client, and closes the client whether `body` returns or
  /// throws.
  ///
  /// - Parameters:
  ///   - socketPath: the socket to use; nil resolves it from the environment.
  ///   - body: what to do while connected.
  /// - Returns: what `body` returns.
  /// - Throws: what ``connect()`` or `body` throws.
  public static func withConnection<Result: Sendable>(
    socketPath: String? = nil, _ body: (ConnectionClient) async throws -> Result
  ) async throws -> Result {
    let client = ConnectionClient(socketPath: socketPath)
    try await client.connect()
    do {
      let result = try await body(client)
      await client.close()
      return result
    } catch {
      await client.close()
      throw error
    }
  }

  /// Calls `Connection.Ping`: the server echoes `message` with its wall clock.
  ///
  /// - Parameters:
  ///   - message: any text; a healthy server echoes it unchanged.
  ///   - timeout: how long to wait for the answer; nil waits as long as the connection lives.
  ///     When it passes the call fails with `RPCError` code `.deadlineExceeded`.
  /// - Returns: the echo and the server's timestamp.
  /// - Throws: ``ConnectionClientError/notConnected`` before ``connect()``; `RPCError` for a
  ///   transport failure or a server status (for example `.failedPrecondition` while the engine
  ///   is still starting).
  public func ping(_ message: String = "", timeout: Duration? = nil) async throws -> PingResponse {
    var request = ResoniteIo_V1_PingRequest()
    request.message = message
    let response = try await connectedChannel().unary(
      ResoniteMethods.ping, request: request, requestCodec: ProtobufCodec<ResoniteIo_V1_PingRequest>(),
      responseCodec: ProtobufCodec<ResoniteIo_V1_PingResponse>(), options: CallOptions(timeout: timeout))
    return PingResponse(message: response.message.message, serverUnixNanos: response.message.serverUnixNanos)
  }

  /// Calls `Info.GetServerInfo` over this connection.
  ///
  /// - Parameter timeout: how long to wait; nil waits as long as the connection lives.
  /// - Returns: the mod's description of itself.
  /// - Throws: ``ConnectionClientError/notConnected`` before ``connect()``; `RPCError`, with
  ///   code `.unimplemented` when the mod is older than the Info service.
  public func getServerInfo(timeout: Duration? = nil) async throws -> ServerInfo {
    try await ServerInfoQuery.fetch(on: connectedChannel(), timeout: timeout)
  }

  private func connectedChannel() throws -> GRPCChannel {
    guard let channel = state.withLock({ $0.channel }) else { throw ConnectionClientError.notConnected }
    return channel
  }
}
