import ResoniteGRPC

/// Decides the answer to each complete call: protocol checks first, then the knobs
/// (fail-all, not-ready pings), then the registered or built-in handler. Lives on the I/O
/// thread, so its counters need no lock.
struct CallDispatcher {
  private let shared: ServerShared
  /// Kept, not read through `shared` per call: a computed copy of the whole configuration
  /// (its dictionaries, closures and strings retained and released) on every call was a
  /// measurable part of the server's time per Ping.
  private let configuration: TestServer.Configuration
  /// Complete calls seen so far, server-wide (the die-mid-call index).
  private var callsSeen = 0
  /// Ping calls that reached the knobs so far (the not-ready count).
  private var pingsSeen = 0

  init(shared: ServerShared) {
    self.shared = shared
    self.configuration = shared.configuration
  }

  /// Counts a complete call and says whether the die-mid-call knob drops its connection.
  mutating func nextCallDrops() -> Bool {
    defer { callsSeen += 1 }
    return configuration.dieMidCall?.drops(callIndex: callsSeen) ?? false
  }

  /// The answer to a complete call whose request messages are `messages`.
  mutating func answer(
    path: String, messages: [GRPCMessage], makeRequest: ([UInt8]) -> UnaryRequest
  ) -> UnaryResult {
    if let compressed = messages.first(where: \.compressed) {
      return .status(
        .unimplemented,
        "compressed request messages are not supported by this server (\(compressed.bytes.count) compressed bytes); send them uncompressed"
      )
    }
    // The failure knobs answer any call on their path, a client stream (Microphone, Drive) of
    // any length included.
    if let failure = configuration.failAll { return .failure(failure) }
    if let failure = configuration.failures[path] { return .failure(failure) }
    guard messages.count == 1 else {
      return .status(
        .internalError,
        messages.isEmpty
          ? "a unary call needs one request message; the stream ended with none"
          : "a unary call needs one request message; received \(messages.count)")
    }
    if path == TestServer.Path.ping {
      pingsSeen += 1
      if pingsSeen <= configuration.failFirstPings {
        return .status(.failedPrecondition, configuration.notReadyMessage)
      }
    }
    let handler =
      shared.handler(for: path) ?? BuiltinHandlers.handler(for: path, configuration: configuration)
      ?? shared.modHandlers[path]
    guard let handler else { return .status(.unimplemented, "Method not found: \(path)") }
    return handler(makeRequest(messages[0].bytes))
  }
}
