/// What a ``TestServer`` has seen so far: a snapshot, safe to keep and compare.
public struct Observations: Sendable, Hashable {
  /// Received requests in arrival order: all of them, or once more than
  /// ``TestServer/Configuration/requestLogLimit`` arrived, at least the newest that many
  /// (older ones are dropped in batches).
  public var requests: [RecordedRequest] = []
  /// The number of requests per path, every one counted (not limited like ``requests``).
  public var callCounts: [String: Int] = [:]
  /// RST_STREAM frames received from clients, in arrival order.
  public var resets: [RecordedReset] = []
  /// Streaming calls in arrival order, updated as they go.
  public var streamingCalls: [RecordedStreamingCall] = []
  /// The number of connections accepted.
  public var connectionsAccepted: Int = 0
  /// The number of connections that have closed (by either side).
  public var connectionsClosed: Int = 0
  /// The number of GOAWAY frames the server sent on purpose (the GOAWAY-after-N knob).
  public var goAwaysSent: Int = 0
  /// The number of connections the server dropped on purpose (the die-mid-call knob).
  public var connectionsKilled: Int = 0
  /// True once the socket listens (after ``TestServer/Configuration/listenDelay``).
  public var isListening: Bool = false

  /// Creates an empty snapshot.
  public init() {}

  /// The number of requests received for `path`.
  public func callCount(path: String) -> Int { callCounts[path] ?? 0 }

  /// The record of the streaming call on `streamID` of connection `connectionID`, if any.
  public func streamingCall(connectionID: Int, streamID: Int32) -> RecordedStreamingCall? {
    streamingCalls.last { $0.connectionID == connectionID && $0.streamID == streamID }
  }

  /// The streaming calls to `path`.
  public func streamingCalls(path: String) -> [RecordedStreamingCall] {
    streamingCalls.filter { $0.path == path }
  }

  /// The total number of requests received.
  public var totalCalls: Int { callCounts.values.reduce(0, +) }
}
