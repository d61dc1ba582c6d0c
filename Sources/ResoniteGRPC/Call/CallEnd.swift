import ResoniteHTTP2
import ResoniteTransport

/// How a call ends, decided once its stream closed: the gRPC status rules of PROTOCOL-HTTP2
/// (trailers, Trailers-Only, the HTTP status fallback, RST_STREAM mapping of section F) with
/// this side's own reasons (a local failure, the deadline, a cancel, a lost connection).
enum CallEnd {
  /// The end of a call whose stream closed for `reason`: its trailing metadata when the status
  /// is OK and no message is left half-received, else the error.
  static func decide(
    _ reason: StreamCloseReason, head: ResponseHeadParser, localFailure: RPCError?, deframer: MessageDeframer,
    deadline: ContinuousClock.Instant?, socketPath: String
  ) -> ClientCall.End {
    let deadlinePassed = deadline.map { ContinuousClock.now >= $0 } ?? false
    switch reason {
    case .deadlineExceeded:
      return .failure(
        RPCError(code: .deadlineExceeded, message: "the call's deadline passed before the server answered"))
    case .cancelled:
      if let localFailure { return .failure(localFailure) }
      // The status came before the stream was reset (the reset only ended a request stream
      // the call no longer needed): the status stands.
      if let status = head.status { return completed(status, deframer: deframer, deadlinePassed: deadlinePassed) }
      if deadlinePassed {
        return .failure(
          RPCError(code: .deadlineExceeded, message: "the call's deadline passed before the server answered"))
      }
      return .failure(RPCError(code: .cancelled, message: "the call was cancelled"))
    case .notSent(let error):
      return .failure(
        RPCError(
          code: .unavailable, message: "the call was not sent: the connection stopped taking new streams (GOAWAY)",
          cause: ConnectionFailure(notSent: error, path: socketPath)))
    case .connectionLost(let error):
      return .failure(RPCError(code: .unavailable, message: "\(error)", cause: ConnectionFailure(error)))
    case .headerListTooLarge(let limit, let size):
      return .failure(
        RPCError(
          code: .resourceExhausted,
          message: "response header block larger than the limit (max \(limit) bytes, actual \(size) bytes, "
            + "SETTINGS_MAX_HEADER_LIST_SIZE)"))
    case .closed(let code):
      if let status = head.status { return completed(status, deframer: deframer, deadlinePassed: deadlinePassed) }
      if code == .noError || code == .streamClosed {
        return .failure(head.statusWithoutTrailers)
      }
      let mapped = StatusInterpretation.code(forReset: code)
      if mapped == .cancelled && deadlinePassed {
        return .failure(
          RPCError(code: .deadlineExceeded, message: "the call's deadline passed (the server reset the stream)"))
      }
      return .failure(
        RPCError(code: mapped, message: "the server reset the stream with \(code) before sending a status"))
    }
  }

  private static func completed(
    _ received: ResponseHeadParser.ReceivedStatus, deframer: MessageDeframer, deadlinePassed: Bool
  ) -> ClientCall.End {
    guard received.code == .ok else {
      if received.code == .cancelled && deadlinePassed {
        return .failure(RPCError(code: .deadlineExceeded, message: received.message, metadata: received.metadata))
      }
      return .failure(RPCError(status: received.status, metadata: received.metadata))
    }
    guard deframer.isIdle else {
      return .failure(
        RPCError(
          code: .internalError,
          message: "the stream ended inside a message (\(deframer.bufferedByteCount) bytes of an incomplete message)",
          metadata: received.metadata))
    }
    return .success(received.metadata)
  }
}
