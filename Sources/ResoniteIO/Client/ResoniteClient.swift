public import ResoniteGRPC

/// One connection to the Resonite IO mod, shared by a client per service.
///
/// The socket is resolved when the client connects, not when it is created (see
/// ``resolveSocketPath(environment:homeDirectory:)``), and the first successful connect in the
/// process runs the version probe (``VersionProbe``), which only ever logs a warning. Every
/// service client (``display``, ``cursor``, ``world``...) calls over the same HTTP/2
/// connection; calls made at once are multiplexed on it.
///
/// ```swift
/// try await ResoniteClient.withConnection { mod in
///   let display = try await mod.display.get()
///   print(display.width, display.height)
///   try await mod.cursor.setPosition(x: 0.5, y: 0.5)
/// }
/// ```
///
/// Calls made before ``connect(timeout:)`` or after ``close()`` throw
/// ``ResoniteClientError/notConnected``; every failure of a call itself is an `RPCError`.
public final class ResoniteClient: Sendable {
  let channelSession: ChannelSession
  /// The long-lived Drive stream of ``LocomotionClient/send(_:options:)``.
  let driveSession = LocomotionDriveSession()

  /// Creates a client. Nothing is resolved or connected until ``connect(timeout:)``.
  ///
  /// - Parameters:
  ///   - socketPath: the socket to use; nil resolves it at connect time from the environment.
  ///   - configuration: channel settings (message size limits, HTTP/2 windows).
  ///   - environment: the environment socket resolution reads; nil reads the process's (another
  ///     one is for tests and embedding).
  ///   - homeDirectory: the home directory socket resolution uses; nil uses the process's.
  ///   - probeTimeout: how long the once-per-process version probe may take at connect; it
  ///     never fails the connect, and a connect's own timeout bounds it further.
  public init(
    socketPath: String? = nil, configuration: ChannelConfiguration = ChannelConfiguration(),
    environment: [String: String]? = nil, homeDirectory: String? = nil,
    probeTimeout: Duration = VersionProbe.defaultTimeout
  ) {
    channelSession = ChannelSession(
      socketPath: socketPath, configuration: configuration, environment: environment, homeDirectory: homeDirectory,
      probeTimeout: probeTimeout)
  }

  /// nil before ``connect(timeout:)``; afterwards the socket path in use.
  public var socketPath: String? { channelSession.socketPath }

  /// True between a successful ``connect(timeout:)`` and ``close()``.
  public var isConnected: Bool { channelSession.isConnected }

  /// Resolves the socket (when no path was given), connects, and runs the once-per-process
  /// version probe. Calling it again while connected does nothing.
  ///
  /// - Parameter timeout: bounds the whole connect, version probe included; nil gives the
  ///   probe the client's `probeTimeout`.
  /// - Throws: ``SocketNotFoundError`` or ``AmbiguousSocketError`` when resolution fails;
  ///   `RPCError` with code `.unavailable` when the socket cannot be reached, or
  ///   `.permissionDenied` when the server runs as another user.
  public func connect(timeout: Duration? = nil) async throws {
    try await channelSession.connect(timeout: timeout)
  }

  /// Closes the connection. Idempotent. A long-lived Locomotion Drive stream
  /// (``LocomotionClient/send(_:options:)``) is finished first (half-close: the avatar keeps
  /// the last command, as the reference client's exit does; its summary is then in
  /// ``LocomotionClient/driveSummary``), or cancelled when the mod has not answered within the
  /// channel configuration's `closeGracePeriod`. Other in-flight calls finish, or fail with
  /// UNAVAILABLE after that grace period.
  public func close() async {
    await driveSession.finish(within: channelSession.closeGracePeriod)
    await channelSession.close()
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
    _ body: (ResoniteClient) async throws -> Result
  ) async throws -> Result {
    try await ResoniteClient(socketPath: socketPath, configuration: configuration).scoped(isolation: isolation, body)
  }

  /// The connected channel, for calls through the generated stubs (`ResoniteIOStubs`).
  ///
  /// - Throws: ``ResoniteClientError/notConnected`` before ``connect(timeout:)`` or after
  ///   ``close()``.
  public func channel() throws(ResoniteClientError) -> GRPCChannel {
    do {
      return try channelSession.channel(orThrow: ResoniteClientError.notConnected)
    } catch {
      throw .notConnected
    }
  }
}
