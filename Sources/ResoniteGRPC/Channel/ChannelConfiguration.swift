package import ResoniteTransport

/// How a ``GRPCChannel`` connects and what it allows.
public struct ChannelConfiguration: Sendable, Hashable {
  /// The `:authority` of every request. `localhost` is what gRPC's C core and grpc-go send
  /// for Unix sockets, and what strict servers accept.
  public var authority: String = "localhost"
  /// The `user-agent` of every request.
  public var userAgent: String = "resonite-io-swift/\(ResoniteGRPCVersion.string)"
  /// The largest request message a call may send, in bytes; a larger one fails that call with
  /// RESOURCE_EXHAUSTED before anything is sent. Large by default: Resonite IO carries frames
  /// of tens of MiB per message.
  public var maxRequestMessageSize: Int = 256 << 20
  /// The largest response message accepted, in bytes; a larger one fails that call with
  /// RESOURCE_EXHAUSTED and resets its stream, leaving the connection usable.
  public var maxResponseMessageSize: Int = 256 << 20
  /// Streaming responses: how many received messages may wait untaken (not yet returned by the
  /// messages sequence) before the call stops giving the stream's flow-control window back, so
  /// that a consumer that falls behind holds the server back instead of buffering without end.
  /// A streaming call's stream window is about one message from the first length prefix on,
  /// so the client then holds about this many messages plus one per call, and a slow
  /// consumer's messages are about this many plus one of its periods old. At least 1; default 1.
  public var bufferedResponseMessages: Int = 1
  /// Streaming requests: `send` suspends while this many bytes (or more) wait to be sent, which
  /// is the case while the server's window is closed. A message is queued whole, so the client
  /// holds at most this plus one message. Default 1 MiB.
  public var maxQueuedRequestBytes: Int = 1 << 20
  /// The transport's settings of each connection, which the properties below show. Within
  /// this package only: the transport is no product, and callers configure it through these.
  package var connection = ConnectionConfiguration()

  /// SETTINGS_INITIAL_WINDOW_SIZE: how much one stream may send before this side acknowledges
  /// it. Large by default (16 MiB) so that unary responses of tens of MiB flow without waiting
  /// on WINDOW_UPDATE. A streaming call's window then follows its messages (about one, at least
  /// 1 MiB or this when smaller), but until its first message's length prefix the server has
  /// this much, which cannot be taken back: a consumer slow from the first message may find up
  /// to this much queued at its first hold. A smaller value (1 MiB) avoids that without slowing
  /// large streamed messages; unary responses above it then wait on WINDOW_UPDATE.
  public var initialStreamWindowSize: UInt32 {
    get { connection.initialStreamWindowSize }
    set { connection.initialStreamWindowSize = newValue }
  }
  /// The connection-level receive window (64 MiB by default).
  public var connectionWindowSize: Int32 {
    get { connection.connectionWindowSize }
    set { connection.connectionWindowSize = newValue }
  }
  /// SETTINGS_MAX_HEADER_LIST_SIZE announced to the server: the largest header block accepted
  /// (64 KiB by default). A larger response header block fails its call with RESOURCE_EXHAUSTED.
  public var maxHeaderListSize: UInt32 {
    get { connection.maxHeaderListSize }
    set { connection.maxHeaderListSize = newValue }
  }
  /// SETTINGS_MAX_FRAME_SIZE: the largest DATA frame the server may send (1 MiB by default).
  public var maxFrameSize: UInt32 {
    get { connection.maxFrameSize }
    set { connection.maxFrameSize = newValue }
  }
  /// How long ``GRPCChannel/close(gracePeriod:)`` lets open calls finish by default (5 s).
  public var closeGracePeriod: Duration {
    get { connection.closeGracePeriod }
    set { connection.closeGracePeriod = newValue }
  }
  /// How long a call alone on its connection may read its response on its own thread before
  /// it hands reading back to the connection's I/O thread (1 ms by default; `.zero` turns
  /// reading on the caller's thread off). Back-to-back calls wait without a timer of their own
  /// and the I/O thread ends the wait, so theirs may last up to its 2 ms reader lease. That
  /// thread may be one of Swift concurrency's cooperative pool, so keep this short.
  public var inlineReadBudget: Duration {
    get { connection.inlineReadBudget }
    set { connection.inlineReadBudget = newValue }
  }
  /// Connect to a server even when it runs as another user. Off by default.
  ///
  /// Right after connecting, before sending anything, the channel reads the server's user from
  /// the kernel (`SO_PEERCRED`) and refuses it (``StatusCode/permissionDenied``, cause
  /// ``ConnectionFailure/Kind/untrustedPeer(uid:pid:)``) unless it is this process's effective
  /// user or root: a socket planted by another local user (in `/tmp`, or a shared
  /// `RESONITE_IO_SOCKET_DIR`) would otherwise receive every request and could answer anything.
  /// Turn it on only when the server is known to run as another account on purpose.
  ///
  /// The environment variable `RESONITE_IO_TRUST_ANY_PEER=1`
  /// (``trustAnyPeerEnvironmentVariable``) has the same effect for every connection of the
  /// process, without code changes (for example for the `resoio` CLI).
  public var trustAnyPeer: Bool {
    get { connection.trustAnyPeer }
    set { connection.trustAnyPeer = newValue }
  }

  /// `RESONITE_IO_TRUST_ANY_PEER`: when set to exactly `1`, every connection behaves as if
  /// ``trustAnyPeer`` were true. It is read at each connect.
  public static var trustAnyPeerEnvironmentVariable: String { ConnectionConfiguration.trustAnyPeerEnvironmentVariable }

  /// The default configuration.
  public init() {}
}

/// This library's version, as sent in `user-agent`.
public enum ResoniteGRPCVersion {
  /// The version string, for example `0.1.0`.
  public static let string = "0.1.0"
}
