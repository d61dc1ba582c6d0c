import ResoniteHTTP2
import ResoniteTransport
import Synchronization

/// A gRPC channel to one Unix socket: calls are multiplexed on one HTTP/2 connection, which is
/// opened on first use (or by ``connect()``) and replaced when it goes away.
///
/// - Many calls at once share the connection; beyond the server's
///   SETTINGS_MAX_CONCURRENT_STREAMS they queue rather than fail.
/// - After a GOAWAY the old connection finishes its calls and a new one takes later calls.
/// - A connection that breaks fails its calls at once with ``StatusCode/unavailable``; the next
///   call connects again.
/// - Connecting fails fast: a missing socket, a refused connection or a permission problem is
///   an ``RPCError`` with code ``StatusCode/unavailable`` whose ``RPCError/cause`` is a
///   ``ConnectionFailure`` keeping the kind, the path and the errno.
/// - A server running as another user than this process's effective user or root is refused
///   before anything is sent: ``StatusCode/permissionDenied``, whose cause is a
///   ``ConnectionFailure`` of kind ``ConnectionFailure/Kind/untrustedPeer(uid:pid:)`` (see
///   ``ChannelConfiguration/trustAnyPeer`` to opt out).
///
/// ```swift
/// let channel = GRPCChannel(socketPath: "/run/user/1000/resonite-1234.sock")
/// let reply = try await channel.unary(
///   MethodDescriptor(service: "resonite_io.v1.Connection", method: "Ping"), request: request,
///   requestCodec: ProtobufCodec<ResoniteIo_V1_PingRequest>(), responseCodec: ProtobufCodec<ResoniteIo_V1_PingResponse>())
/// await channel.close()
/// ```
public final class GRPCChannel: Sendable {
  /// The socket path calls go to.
  public let socketPath: String
  /// The configuration given at creation.
  public let configuration: ChannelConfiguration

  /// Under a pthread mutex (``PThreadMutex``; ``ConnectionLock`` says why not a `Mutex`).
  private let state = PThreadMutex(State())

  private struct State {
    var current: HTTP2Connection?
    var retired: [HTTP2Connection] = []
    var closed = false
  }

  /// Creates a channel; no connection is made until ``connect()`` or the first call.
  public init(socketPath: String, configuration: ChannelConfiguration = ChannelConfiguration()) {
    self.socketPath = socketPath
    self.configuration = configuration
  }

  /// Opens the connection now, if none is open, so that connection problems surface here.
  ///
  /// - Throws: ``RPCError`` with ``StatusCode/unavailable`` when the socket cannot be reached
  ///   (cause: ``ConnectionFailure``) or the channel is closed; with ``StatusCode/permissionDenied``
  ///   when the server runs as another user (cause: a ``ConnectionFailure`` of kind
  ///   ``ConnectionFailure/Kind/untrustedPeer(uid:pid:)``).
  public func connect() throws(RPCError) {
    _ = try connection()
  }

  /// True when the channel holds a connection that takes new calls.
  public var isConnected: Bool {
    state.withLock { state in state.current?.isAcceptingStreams ?? false }
  }

  /// Closes the channel: new calls fail with ``StatusCode/unavailable``; each connection sends
  /// GOAWAY and lets its calls finish for up to `gracePeriod` (default: the configuration's
  /// ``ChannelConfiguration/closeGracePeriod``), after which they fail with UNAVAILABLE.
  /// Idempotent; returns when every connection's socket and thread are gone.
  public func close(gracePeriod: Duration? = nil) async {
    let connections: [HTTP2Connection] = state.withLock { state in
      state.closed = true
      let all = (state.current.map { [$0] } ?? []) + state.retired
      state.current = nil
      state.retired = []
      return all
    }
    for connection in connections { await connection.close(gracePeriod: gracePeriod) }
  }

  /// Every connection the channel still holds (current and draining), for tests and
  /// diagnostics.
  var connections: [HTTP2Connection] {
    state.withLock { state in (state.current.map { [$0] } ?? []) + state.retired }
  }

  /// The connection to use for a new call, opening one when needed.
  ///
  /// The usual case takes only the channel's lock, and only to read `current`: whether the
  /// connection takes streams is read from its lock-free hint, not under its lock (which the
  /// I/O thread holds while it processes what arrived). With 64 calls in flight, the
  /// connection's lock taken inside the channel's made calls queue on both. A hint that lags
  /// behind is caught by ``open(headers:body:handler:deadline:)``, which retries.
  private func connection() throws(RPCError) -> HTTP2Connection {
    if let current = state.withLock({ state in state.closed ? nil : state.current }), current.mayAcceptStreams {
      return current
    }
    return try connectionReplacingCurrent()
  }

  /// ``connection()`` when there is no current connection that takes streams.
  private func connectionReplacingCurrent() throws(RPCError) -> HTTP2Connection {
    try state.withLock { (state: inout State) throws(RPCError) -> HTTP2Connection in
      guard !state.closed else {
        throw RPCError(code: .unavailable, message: "the channel to \(socketPath) is closed")
      }
      if let current = state.current {
        if current.isAcceptingStreams { return current }
        state.retired.append(current)
        state.current = nil
      }
      state.retired.removeAll { $0.openStreamCount == 0 && !$0.isAcceptingStreams && $0.lossReason != nil }
      do {
        let fresh = try HTTP2Connection.connect(path: socketPath, configuration: configuration.connection)
        state.current = fresh
        return fresh
      } catch let error as SocketError {
        throw RPCError(
          code: .unavailable, message: Self.connectFailureMessage(error),
          cause: ConnectionFailure(error, whileConnecting: true))
      } catch let error as PeerTrustError {
        // Not UNAVAILABLE: retrying cannot help, and the user has to decide.
        throw RPCError(code: .permissionDenied, message: error.description, cause: ConnectionFailure(error))
      } catch {
        throw RPCError(code: .unavailable, message: "could not start an HTTP/2 session on \(socketPath): \(error)")
      }
    }
  }

  private static func connectFailureMessage(_ error: SocketError) -> String {
    if error.isNotFound {
      return "no socket at \(error.path) (is the server running?)"
    }
    if error.isRefused {
      return "connection refused on \(error.path) (a stale socket, or the server is not listening yet)"
    }
    if error.isNotASocket || error.isPathTooLong {
      return "cannot connect to \(error.path): \(error.reason)"
    }
    if error.isPermissionDenied {
      return "permission denied connecting to \(error.path) (check the socket's owner and mode)"
    }
    return "could not connect to \(error.path): \(error.reason)"
  }

  // MARK: Unary calls

  /// Makes a unary call with raw message bytes.
  ///
  /// - Parameters:
  ///   - method: the method to call.
  ///   - request: the serialized request message.
  ///   - options: timeout, metadata and size limits for this call.
  /// - Returns: the response bytes and the metadata around them.
  /// - Throws: ``RPCError``: the server's status when it is not OK; ``StatusCode/deadlineExceeded``
  ///   when the timeout passes (the stream is reset with CANCEL); ``StatusCode/cancelled`` when
  ///   the task is cancelled; ``StatusCode/unavailable`` when the socket cannot be reached or
  ///   the connection breaks; ``StatusCode/permissionDenied`` when the server runs as another
  ///   user (see ``ConnectionFailure/Kind/untrustedPeer(uid:pid:)``); ``StatusCode/resourceExhausted`` when a message is above a limit;
  ///   ``StatusCode/internalError`` or ``StatusCode/unknown`` for a malformed response;
  ///   ``StatusCode/unimplemented`` when the response holds other than one message.
  public func unaryRaw(
    _ method: MethodDescriptor, request: [UInt8], options: CallOptions = CallOptions()
  ) async throws(RPCError) -> UnaryResponse<[UInt8]> {
    let setup = try CallSetup(channel: self, method: method, options: options)
    try setup.checkRequestSize(request.count)
    let call = ClientCall(
      mode: .single, socketPath: socketPath, maxResponseMessageSize: setup.maxResponseMessageSize,
      deadline: setup.deadline)
    let body = MessageBody(messages: [GRPCMessage(bytes: request)])
    let result = await withTaskCancellationHandler {
      if let stream = call.start(open: { (call) throws(RPCError) -> HTTP2Stream in
        try open(headers: setup.headers, body: .fixed(body), handler: call, deadline: setup.deadline)
      }) {
        await stream.awaitClose()
      }
      return call.singleResponse()
    } onCancel: {
      call.cancel()
    }
    return try result.get()
  }

  /// Makes a unary call, serializing the request and parsing the response with codecs.
  ///
  /// - Throws: ``RPCError`` as ``unaryRaw(_:request:options:)`` does, and
  ///   ``StatusCode/internalError`` when the request cannot be serialized or the response
  ///   cannot be parsed.
  public func unary<RequestCodec: MessageCodec, ResponseCodec: MessageCodec>(
    _ method: MethodDescriptor, request: RequestCodec.Message, requestCodec: RequestCodec,
    responseCodec: ResponseCodec, options: CallOptions = CallOptions()
  ) async throws(RPCError) -> UnaryResponse<ResponseCodec.Message> where ResponseCodec.Message: Sendable {
    let bytes = try Self.serialize(request, with: requestCodec)
    let raw = try await unaryRaw(method, request: bytes, options: options)
    return try Self.deserialize(raw, with: responseCodec)
  }

  static func serialize<Codec: MessageCodec>(_ message: Codec.Message, with codec: Codec) throws(RPCError) -> [UInt8] {
    do {
      return try codec.serialize(message)
    } catch {
      throw RPCError(code: .internalError, message: "could not serialize the request: \(error)")
    }
  }

  static func deserialize<Codec: MessageCodec>(
    _ raw: UnaryResponse<[UInt8]>, with codec: Codec
  ) throws(RPCError) -> UnaryResponse<Codec.Message> where Codec.Message: Sendable {
    do {
      let message = try codec.deserialize(raw.message)
      return UnaryResponse(
        message: message, initialMetadata: raw.initialMetadata, trailingMetadata: raw.trailingMetadata)
    } catch {
      throw RPCError(
        code: .internalError, message: "could not parse the response message (\(raw.message.count) bytes): \(error)",
        metadata: raw.trailingMetadata)
    }
  }

  /// Opens a stream on the current connection; a connection that turned out to be going away
  /// is replaced once (the request was not sent, so this is safe).
  func open(
    headers: [HeaderField], body: HTTP2StreamBody, handler: any HTTP2StreamHandler, deadline: ContinuousClock.Instant?
  ) throws(RPCError) -> HTTP2Stream {
    var attempt = 0
    while true {
      attempt += 1
      let connection = try connection()
      do {
        return try connection.openStream(headers: headers, body: body, handler: handler, deadline: deadline)
      } catch {
        if attempt < 3, case .goingAway = error { continue }
        if attempt < 3, case .connectionClosed = error { continue }
        // A connection lost just before the stream opened reads as one lost just after: which
        // of the two a broken peer causes is a matter of timing.
        if case .connectionClosed(_, let lost?) = error {
          throw RPCError(code: .unavailable, message: "\(lost)", cause: ConnectionFailure(lost))
        }
        throw RPCError(code: .unavailable, message: "\(error)", cause: ConnectionFailure(error, path: socketPath))
      }
    }
  }
}
