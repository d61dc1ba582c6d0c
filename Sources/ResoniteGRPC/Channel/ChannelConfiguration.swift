import ResoniteTransport

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
  /// HTTP/2 settings of each connection (windows, frame size, close grace period).
  public var connection = ConnectionConfiguration()

  /// The default configuration.
  public init() {}
}

/// This library's version, as sent in `user-agent`.
public enum ResoniteGRPCVersion {
  /// The version string, for example `0.1.0`.
  public static let string = "0.1.0"
}
