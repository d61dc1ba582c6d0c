import ResoniteHTTP2
import ResoniteTransport

/// The outcome of a unary call: the response message and the metadata around it.
public struct UnaryResponse<Message: Sendable>: Sendable {
  /// The response message.
  public var message: Message
  /// Custom metadata from the response headers.
  public var initialMetadata: Metadata
  /// Custom metadata from the trailers.
  public var trailingMetadata: Metadata
}

/// One unary call on one stream: receives the response's events (under the connection's
/// lock), deframes its message, decides its status, and hands the caller its result exactly
/// once: directly when the response was read on the caller's own thread
/// (``HTTP2Connection/readInline(streamID:)``), otherwise by resuming its continuation.
final class UnaryCall: HTTP2StreamHandler, @unchecked Sendable {
  typealias Result = Swift.Result<UnaryResponse<[UInt8]>, RPCError>

  private let deadline: ContinuousClock.Instant?
  private var head = ResponseHeadParser()
  private var deframer: MessageDeframer
  private var message: GRPCMessage?
  private var messageCount = 0
  /// A failure this side decided on while the stream was still open (it was then reset).
  private var localFailure: RPCError?

  // Guarded by `lock`: the start/cancel/finish hand-off between the caller and the I/O side.
  private let lock = Lock()
  private var continuation: CheckedContinuation<Result, Never>?
  /// The result, when the call finished before the caller waited for it.
  private var result: Result?
  private var connection: HTTP2Connection?
  private var streamID: Int32?
  private var cancelRequested = false
  private var finished = false

  init(maxResponseMessageSize: Int, deadline: ContinuousClock.Instant?) {
    self.deframer = MessageDeframer(maxMessageSize: maxResponseMessageSize)
    self.deadline = deadline
  }

  // MARK: Caller side

  /// Runs the call: `open` opens the stream (on the connection it picks) and returns it.
  ///
  /// Then the caller's thread reads the response itself for a short, bounded while when the
  /// call is alone on its connection (``HTTP2Connection/readInline(streamID:)``): a call
  /// answered within that budget returns without suspending; otherwise it suspends until the
  /// I/O thread finishes it.
  func run(
    open: (UnaryCall) throws(RPCError) -> (HTTP2Connection, Int32)
  ) async -> Result {
    await withTaskCancellationHandler {
      start(open: open)
      return await outcome()
    } onCancel: {
      cancel()
    }
  }

  /// Opens the stream and, when the connection lets this thread, reads the response inline.
  private func start(open: (UnaryCall) throws(RPCError) -> (HTTP2Connection, Int32)) {
    if lock.withLock({ cancelRequested }) {
      finish(.failure(RPCError(code: .cancelled, message: "the task was cancelled before the call started")))
      return
    }
    do throws(RPCError) {
      let (connection, streamID) = try open(self)
      let cancelNow: Bool = lock.withLock {
        self.connection = connection
        self.streamID = streamID
        return cancelRequested && !finished
      }
      if cancelNow {
        connection.cancelStream(streamID)
      } else {
        connection.readInline(streamID: streamID)
      }
    } catch {
      finish(.failure(error))
    }
  }

  /// The result: at once when the call has finished, else once it does.
  private func outcome() async -> Result {
    if let result = lock.withLock({ self.result }) { return result }
    return await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
      let ready: Result? = lock.withLock {
        if let result { return result }
        self.continuation = continuation
        return nil
      }
      if let ready { continuation.resume(returning: ready) }
    }
  }

  /// Cancels the call (task cancellation): RST_STREAM(CANCEL) and CANCELLED.
  func cancel() {
    let target: (HTTP2Connection, Int32)? = lock.withLock {
      cancelRequested = true
      guard !finished, let connection, let streamID else { return nil }
      return (connection, streamID)
    }
    if let (connection, streamID) = target { connection.cancelStream(streamID) }
  }

  private func finish(_ result: Result) {
    let continuation: CheckedContinuation<Result, Never>? = lock.withLock {
      guard !finished else { return nil }
      finished = true
      guard let continuation = self.continuation else {
        self.result = result
        return nil
      }
      self.continuation = nil
      return continuation
    }
    continuation?.resume(returning: result)
  }

  // MARK: Stream events (connection lock held)

  func streamDidReceiveHeaders(_ fields: [HeaderField], endStream: Bool) -> HTTP2ErrorCode? {
    head.take(fields, endStream: endStream)
    guard let violation = head.violation else { return nil }
    localFailure = violation
    return .cancel
  }

  func streamDidReceiveData(_ bytes: UnsafeRawBufferPointer) -> HTTP2ErrorCode? {
    do {
      try deframer.process(bytes) { received in
        messageCount += 1
        if messageCount == 1 { message = received }
      }
    } catch {
      switch error {
      case .messageTooLarge:
        localFailure = RPCError(code: .resourceExhausted, message: "response \(error)", cause: error)
      case .invalidCompressionFlag:
        localFailure = RPCError(code: .internalError, message: "malformed response: \(error)", cause: error)
      }
      return .cancel
    }
    if messageCount > 1 {
      localFailure = RPCError(
        code: .unimplemented, message: "the server sent more than one message in response to a unary call")
      return .cancel
    }
    if let message, message.compressed {
      localFailure = RPCError(
        code: .internalError,
        message: "the server sent a compressed message, but this client offered no compression (grpc-encoding not agreed)")
      return .cancel
    }
    return nil
  }

  func streamDidClose(_ reason: StreamCloseReason) {
    finish(outcome(reason))
  }

  private func outcome(_ reason: StreamCloseReason) -> Result {
    let deadlinePassed = deadline.map { ContinuousClock.now >= $0 } ?? false
    switch reason {
    case .deadlineExceeded:
      return .failure(RPCError(code: .deadlineExceeded, message: "the call's deadline passed before the server answered"))
    case .cancelled:
      if let localFailure { return .failure(localFailure) }
      if deadlinePassed {
        return .failure(RPCError(code: .deadlineExceeded, message: "the call's deadline passed before the server answered"))
      }
      return .failure(RPCError(code: .cancelled, message: "the call was cancelled"))
    case .notSent(let error):
      return .failure(RPCError(
        code: .unavailable, message: "the call was not sent: the connection stopped taking new streams (GOAWAY)",
        cause: error))
    case .connectionLost(let error):
      return .failure(RPCError(code: .unavailable, message: "\(error)", cause: error))
    case .headerListTooLarge(let limit, let size):
      return .failure(RPCError(
        code: .resourceExhausted,
        message: "response header block larger than the limit (max \(limit) bytes, actual \(size) bytes, "
          + "SETTINGS_MAX_HEADER_LIST_SIZE)"))
    case .closed(let code):
      if let status = head.status {
        return completed(status.code, status.message, status.metadata, deadlinePassed: deadlinePassed)
      }
      if code == .noError || code == .streamClosed {
        return .failure(head.statusWithoutTrailers)
      }
      let mapped = StatusInterpretation.code(forReset: code)
      if mapped == .cancelled && deadlinePassed {
        return .failure(RPCError(code: .deadlineExceeded, message: "the call's deadline passed (the server reset the stream)"))
      }
      return .failure(RPCError(code: mapped, message: "the server reset the stream with \(code) before sending a status"))
    }
  }

  private func completed(_ code: StatusCode, _ text: String, _ trailers: Metadata, deadlinePassed: Bool) -> Result {
    guard code == .ok else {
      if code == .cancelled && deadlinePassed {
        return .failure(RPCError(code: .deadlineExceeded, message: text, metadata: trailers))
      }
      return .failure(RPCError(code: code, message: text, metadata: trailers))
    }
    guard deframer.isIdle else {
      return .failure(RPCError(
        code: .internalError,
        message: "the stream ended inside a message (\(deframer.bufferedByteCount) bytes of an incomplete message)",
        metadata: trailers))
    }
    guard let message, messageCount == 1 else {
      return .failure(RPCError(
        code: .unimplemented, message: "the server sent no message in response to a unary call", metadata: trailers))
    }
    return .success(UnaryResponse(
      message: message.bytes, initialMetadata: head.initialMetadata, trailingMetadata: trailers))
  }
}
