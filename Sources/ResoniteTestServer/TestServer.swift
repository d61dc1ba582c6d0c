#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
public import Foundation
public import ResoniteTransport
import Synchronization

/// An in-process gRPC server on a Unix domain socket that plays the Resonite IO mod, built on
/// nghttp2: the stand-in for trying and testing clients without Resonite.
///
/// It answers `Connection.Ping`, `Info.GetServerInfo`, a raw `Echo` and its streaming forms,
/// and a synthetic `Camera.StreamFrames` (see ``CameraFrames``) by itself, takes custom unary
/// and streaming handlers by path, misbehaves on request (see ``Configuration``), and records what
/// clients sent (see ``Observations``).
///
/// ```swift
/// var configuration = TestServer.Configuration(socketPath: "/tmp/resoio-test.sock")
/// configuration.failFirstPings = 2
/// let server = try TestServer.start(configuration)
/// defer { server.stop() }
/// // ... connect a client to server.socketPath ...
/// #expect(server.callCount(path: TestServer.Path.ping) == 3)
/// ```
///
/// One I/O thread serves every connection with `poll(2)`; handlers run on it. Starting is
/// cheap (one socket, one pipe, one thread), so a test can start its own server.
public final class TestServer: Sendable {
  private let shared: ServerShared

  /// The path of the listening socket.
  public var socketPath: String { shared.socketPath }
  /// The configuration the server started with.
  public var configuration: Configuration { shared.configuration }

  /// The stand-in mod this server plays: its state, readable (and settable) while it runs.
  public var mod: StandInMod { shared.configuration.mod }

  private init(shared: ServerShared) {
    self.shared = shared
  }

  deinit { stop() }

  // MARK: Life cycle

  /// Binds the socket, listens (at once, or after ``Configuration/listenDelay``) and starts the
  /// I/O thread. Returns as soon as the socket is bound; without a listen delay, connections
  /// are accepted from then on.
  ///
  /// - Throws: `SocketError` when the socket path cannot be made, bound or listened on.
  public static func start(_ configuration: Configuration = Configuration()) throws(SocketError) -> TestServer {
    let path: String
    if let explicit = configuration.socketPath {
      path = explicit
    } else {
      path = try defaultSocketPath()
    }
    let listener = try ListeningSocket.bind(path: path)
    let listensNow = configuration.listenDelay.clampedNanoseconds == 0
    let wakeup: WakeupPipe
    do {
      if listensNow { try listener.listen() }
      wakeup = try WakeupPipe(path: path)
    } catch {
      listener.closeAndUnlink()
      throw error
    }
    if configuration.cameraWidth != nil || configuration.cameraHeight != nil {
      configuration.mod.display.set(width: configuration.cameraWidth, height: configuration.cameraHeight)
    }
    if let log = configuration.sensesLog { configuration.mod.sensesLogPath = log }
    let shared = ServerShared(configuration: configuration, socketPath: path, wakeup: wakeup)
    if listensNow { shared.log.update { $0.isListening = true } }

    let thread = Thread {
      let loop = ServerLoop(shared: shared, listener: listener, listening: listensNow)
      loop.run()
      shared.finished.signal()
    }
    thread.name = "resoio-test-server"
    thread.start()
    return TestServer(shared: shared)
  }

  /// Stops the server: closes every connection and the listener, ends the I/O thread and
  /// removes the socket file. Idempotent and callable from any thread but the server's own
  /// (not from a handler); returns once the thread has ended.
  public func stop() {
    if !shared.stopStarted.exchange(true, ordering: .acquiringAndReleasing) {
      shared.stopRequested.store(true, ordering: .releasing)
      shared.wakeup.wake()
    }
    shared.finished.wait()
  }

  /// Where the mod would bind for this process: `RESONITE_IO_SOCKET` if set and non-empty,
  /// else `RESONITE_IO_SOCKET_DIR/resonite-<pid>.sock`, else
  /// `~/.resonite-io/resonite-<pid>.sock`. Creates the directory of the last two.
  ///
  /// - Throws: `SocketError` (operation `mkdir`) when the directory cannot be created.
  public static func defaultSocketPath(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(SocketError) -> String {
    try SocketPlacement.defaultPath(environment: environment, pid: getpid())
  }

  // MARK: Handlers

  /// Registers (or replaces) the unary handler for `path`, for example
  /// `/resonite_io.v1.Connection/Ping`. Registered handlers win over the built-in ones and take
  /// effect for calls that complete after this returns.
  public func register(path: String, handler: @escaping UnaryHandler) {
    shared.handlers.withLock { $0[path] = handler }
  }

  /// Registers (or replaces) the streaming handler for `path`: `handler` makes one
  /// ``StreamingHandler`` per call. Takes effect for calls whose headers arrive after this
  /// returns; wins over the built-in streaming methods.
  public func register(streamingPath path: String, handler: @escaping StreamingHandlerFactory) {
    shared.streamingHandlers.withLock { $0[path] = handler }
  }

  /// Removes the handler registered for `path` (a built-in one answers again, if any).
  public func unregister(path: String) {
    shared.handlers.withLock { _ = $0.removeValue(forKey: path) }
  }

  // MARK: Observability

  /// A snapshot of everything observed so far.
  public var observations: Observations { shared.log.read { $0 } }
  /// The requests received, in arrival order (the newest ones; see ``Configuration/requestLogLimit``).
  public var receivedRequests: [RecordedRequest] { shared.log.read { $0.requests } }
  /// The number of requests received for `path`.
  public func callCount(path: String) -> Int { shared.log.read { $0.callCount(path: path) } }
  /// The RST_STREAM frames received from clients, in arrival order.
  public var resetsReceived: [RecordedReset] { shared.log.read { $0.resets } }
  /// The number of connections accepted so far.
  public var connectionsAccepted: Int { shared.log.read { $0.connectionsAccepted } }
  /// True while the socket listens.
  public var isListening: Bool { shared.log.read { $0.isListening } }

  /// Blocks until `condition` holds for the observations or `timeout` passes.
  /// - Returns: whether the condition holds.
  @discardableResult
  public func waitUntil(timeout: Duration, _ condition: (Observations) -> Bool) -> Bool {
    shared.log.wait(timeout: timeout, until: condition)
  }

  /// Suspends until `condition` holds for the observations or `timeout` passes, checking every
  /// millisecond without blocking a thread. A cancelled task checks once and returns (its
  /// sleeps would end at once: the wait would spin).
  /// - Returns: whether the condition holds.
  @discardableResult
  public func waitUntil(timeout: Duration, _ condition: (Observations) -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
      if shared.log.read(condition) { return true }
      if clock.now >= deadline || Task.isCancelled { return false }
      try? await Task.sleep(for: .milliseconds(1))
    }
  }

  /// Blocks until at least `count` RST_STREAM frames were received or `timeout` passes.
  /// - Returns: whether that many arrived.
  @discardableResult
  public func waitForResets(count: Int, timeout: Duration) -> Bool {
    waitUntil(timeout: timeout) { $0.resets.count >= count }
  }

  /// Suspends until at least `count` RST_STREAM frames were received or `timeout` passes.
  /// - Returns: whether that many arrived.
  @discardableResult
  public func waitForResets(count: Int, timeout: Duration) async -> Bool {
    await waitUntil(timeout: timeout) { $0.resets.count >= count }
  }

  /// Blocks until the socket listens (after ``Configuration/listenDelay``) or `timeout` passes.
  /// - Returns: whether it listens.
  @discardableResult
  public func waitUntilListening(timeout: Duration) -> Bool {
    waitUntil(timeout: timeout) { $0.isListening }
  }
}
