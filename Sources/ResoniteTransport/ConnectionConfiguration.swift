#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How an ``HTTP2Connection`` sets up its HTTP/2 session.
public struct ConnectionConfiguration: Sendable, Hashable {
  /// SETTINGS_INITIAL_WINDOW_SIZE: how much one stream may send before we acknowledge it.
  /// Large by default so that messages of tens of MiB flow without waiting on WINDOW_UPDATE.
  public var initialStreamWindowSize: UInt32 = 16 << 20
  /// The connection-level receive window.
  public var connectionWindowSize: Int32 = 64 << 20
  /// SETTINGS_MAX_HEADER_LIST_SIZE announced to the peer: the largest header block we accept.
  public var maxHeaderListSize: UInt32 = 64 << 10
  /// SETTINGS_MAX_FRAME_SIZE: the largest DATA frame the peer may send us.
  public var maxFrameSize: UInt32 = 1 << 20
  /// How long ``HTTP2Connection/close(gracePeriod:)`` lets open streams finish by default.
  public var closeGracePeriod: Duration = .seconds(5)
  /// How long a caller may wait for its stream on its own thread, in
  /// ``HTTP2Stream/awaitClose()``, before it hands reading back to the I/O thread.
  ///
  /// A call that is alone on its connection reads its response itself, blocking its thread in
  /// `poll(2)` for about this long at most, and so finishes without a hop to the I/O thread and
  /// back: about a third of a local round trip. Back-to-back calls wait without a timer of
  /// their own, and the I/O thread ends the wait, so it may last up to the reader lease (2 ms)
  /// when that is longer; otherwise it is rounded up to a whole millisecond. That thread may be
  /// one of Swift concurrency's cooperative pool, so keep this short; the default is 1 ms.
  /// A response slower than this costs the wait, then the call goes on as with `.zero`, which
  /// turns inline reading off (every response is read by the I/O thread).
  public var inlineReadBudget: Duration = .milliseconds(1)
  /// How long the I/O thread leaves the socket to callers after one read its response inline,
  /// so that back-to-back sequential calls do not wake it: the longest an idle connection takes
  /// to notice what the peer sends (GOAWAY, PING, EOF). A call that will not read inline ends
  /// the lease at once. Internal: tests stretch it to make a missed hand-back visible.
  var readerLease: Duration = .milliseconds(2)
  /// Connect to a server even when it runs as another user. Off by default.
  ///
  /// Right after connecting, before sending anything, the connection reads the server's user
  /// from the kernel (`SO_PEERCRED`) and refuses it with ``PeerTrustError`` unless it is this
  /// process's effective user or root. That guards against a socket planted by another local
  /// user (in `/tmp`, or a shared `RESONITE_IO_SOCKET_DIR`) that would receive every request
  /// and could answer anything. Turn it on only when the server is known to run as another
  /// account on purpose, for example a mod started by a service user; every connection of
  /// this configuration then trusts whoever owns the socket's other end.
  ///
  /// The environment variable `RESONITE_IO_TRUST_ANY_PEER=1`
  /// (``trustAnyPeerEnvironmentVariable``) has the same effect for every connection of the
  /// process, without code changes (for example for the `resoio` CLI).
  public var trustAnyPeer: Bool = false

  /// `RESONITE_IO_TRUST_ANY_PEER`: when set to exactly `1`, every connection behaves as if
  /// ``trustAnyPeer`` were true. It is read at each connect.
  public static let trustAnyPeerEnvironmentVariable = "RESONITE_IO_TRUST_ANY_PEER"

  /// Whether a server of another user is accepted: ``trustAnyPeer``, or the environment
  /// variable set to `1`. The one place the variable is read.
  var trustsAnyPeer: Bool {
    if trustAnyPeer { return true }
    guard let value = getenv(Self.trustAnyPeerEnvironmentVariable) else { return false }
    return String(cString: value) == "1"
  }

  /// The default configuration.
  public init() {}
}
