import ResoniteHTTP2
import ResoniteTransport

/// How a call ends, decided once its stream closed: the gRPC status rules of PROTOCOL-HTTP2
/// (trailers, Trailers-Only, the HTTP status fallback, RST_STREAM mapping of section F) with
/// this side's own reasons (a local failure, the deadline, a cancel, a lost connection).
enum CallEnd {
  /// The end of a call whose stream closed for `reason`: its trailing metadata when the status
  /// is OK and no message is left half-received (`incompleteMessageBytes` nil: the deframer is
  /// idle; else the bytes of the partial message), else the error.
  ///
  /// `head` is `inout` only so that it is accessed in place: it is not changed. Passed by value
  /// from the call's stored property it was copied, which retains each of its fields, once per
  /// call on the unary hot path (`borrowing` did not avoid the copy).
  static func decide(
    _ reason: StreamCloseReason, head: inout ResponseHeadParser, localFailure: RPCError?,
    incompleteMessageBytes: Int?, deadline: ContinuousClock.Instant?, socketPath: String
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
      if let status = head.status {
        return completed(status, incompleteMessageBytes: incompleteMessageBytes, deadlinePassed: deadlinePassed)
      }
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
      if let status = head.status {
        return completed(status, incompleteMessageBytes: incompleteMessageBytes, deadlinePassed: deadlinePassed)
      }
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
    _ received: ResponseHeadParser.ReceivedStatus, incompleteMessageBytes: Int?, deadlinePassed: Bool
  ) -> ClientCall.End {
    guard received.code == .ok else {
      if received.code == .cancelled && deadlinePassed {
        return .failure(RPCError(code: .deadlineExceeded, message: received.message, metadata: received.metadata))
      }
      return .failure(RPCError(status: received.status, metadata: received.metadata))
    }
    if let incompleteMessageBytes {
      return .failure(
        RPCError(
          code: .internalError,
          message: "the stream ended inside a message (\(incompleteMessageBytes) bytes of an incomplete message)",
          metadata: received.metadata))
    }
    return .success(received.metadata)
  }
}
