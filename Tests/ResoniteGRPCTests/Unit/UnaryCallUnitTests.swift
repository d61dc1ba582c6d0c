import ResoniteHTTP2
import ResoniteTransport
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

/// One event a fake connection delivers to a call, as `HTTP2Connection` would.
private enum UnitStreamEvent {
  case headers([HeaderField], endStream: Bool)
  case data([UInt8])
  case close(StreamCloseReason)
}

/// Drives a unary-mode `ClientCall` with no socket: `open` plays the connection, feeding the
/// events to the handler the way `HTTP2Connection` does (a handler that asks for a reset is
/// closed with `.cancelled`), then throws; the call has already finished, so that error is
/// ignored.
private func runUnary(
  _ events: [UnitStreamEvent], maxResponseMessageSize: Int = 1 << 20,
  deadline: ContinuousClock.Instant? = nil
) async -> (result: UnaryResult, resets: [HTTP2ErrorCode]) {
  let call = ClientCall(
    mode: .single, socketPath: "/unit.sock", maxResponseMessageSize: maxResponseMessageSize, deadline: deadline)
  var resets: [HTTP2ErrorCode] = []
  _ = call.start { (handler: ClientCall) throws(RPCError) -> HTTP2Stream in
    for event in events {
      switch event {
      case .headers(let fields, let endStream):
        if let code = handler.streamDidReceiveHeaders(fields, endStream: endStream) {
          resets.append(code)
          handler.streamDidClose(.cancelled)
          throw RPCError(code: .dataLoss, message: "ignored: the call finished already")
        }
      case .data(let bytes):
        if case .reset(let code) = bytes.withUnsafeBytes({ handler.streamDidReceiveData($0) }) {
          resets.append(code)
          handler.streamDidClose(.cancelled)
          throw RPCError(code: .dataLoss, message: "ignored: the call finished already")
        }
      case .close(let reason):
        handler.streamDidClose(reason)
      }
    }
    throw RPCError(code: .dataLoss, message: "ignored: the call finished already")
  }
  return (call.singleResponse(), resets)
}

private typealias UnaryResult = Result<UnaryResponse<[UInt8]>, RPCError>

private let okHeaders = [HeaderField(":status", "200"), HeaderField("content-type", "application/grpc")]
private let okTrailers = [HeaderField("grpc-status", "0"), HeaderField("x-t", "w")]

private func failure(_ result: UnaryResult) -> RPCError? {
  if case .failure(let error) = result { return error }
  return nil
}

@Suite("ClientCall unary status logic (no socket)")
struct UnaryCallUnitTests {
  @Test("headers, one message split over two DATA chunks, OK trailers: success with both metadata")
  func success() async throws {
    let framed = GRPCMessage(bytes: Array("reply".utf8)).framed
    let (result, resets) = await runUnary([
      .headers(okHeaders + [HeaderField("x-h", "v")], endStream: false),
      .data(Array(framed.prefix(3))),
      .data(Array(framed.dropFirst(3))),
      .headers(okTrailers, endStream: true),
      .close(.closed(.noError)),
    ])
    let response = try result.get()
    #expect(response.message == Array("reply".utf8))
    #expect(response.initialMetadata == ["x-h": "v"])
    #expect(response.trailingMetadata == ["x-t": "w"])
    #expect(resets.isEmpty)
  }

  @Test("Trailers-Only error status fails with the server's code, message and metadata")
  func trailersOnlyError() async throws {
    let (result, _) = await runUnary([
      .headers(
        okHeaders + [
          HeaderField("grpc-status", "9"), HeaderField("grpc-message", "not%20ready"), HeaderField("x-t", "w"),
        ], endStream: true),
      .close(.closed(.noError)),
    ])
    let error = try #require(failure(result))
    #expect(error.code == .failedPrecondition)
    #expect(error.message == "not ready")
    #expect(error.metadata == ["x-t": "w"])
  }

  @Test("two response messages: reset with CANCEL and UNIMPLEMENTED")
  func twoMessages() async throws {
    let (result, resets) = await runUnary([
      .headers(okHeaders, endStream: false),
      .data(GRPCMessage(bytes: [1]).framed + GRPCMessage(bytes: [2]).framed),
      .headers(okTrailers, endStream: true),
    ])
    #expect(try #require(failure(result)).code == .unimplemented)
    #expect(resets == [.cancel])
  }

  @Test("OK with no message: UNIMPLEMENTED")
  func noMessage() async throws {
    let (result, _) = await runUnary([
      .headers(okHeaders, endStream: false), .headers(okTrailers, endStream: true), .close(.closed(.noError)),
    ])
    let error = try #require(failure(result))
    #expect(error.code == .unimplemented)
    #expect(error.metadata == ["x-t": "w"])
  }

  @Test("an oversized message: reset, RESOURCE_EXHAUSTED stating max and actual")
  func oversized() async throws {
    let (result, resets) = await runUnary(
      [.headers(okHeaders, endStream: false), .data(GRPCMessage(bytes: Array(repeating: 0, count: 11)).framed)],
      maxResponseMessageSize: 10)
    let error = try #require(failure(result))
    #expect(error.code == .resourceExhausted)
    #expect(error.message.contains("max 10"))
    #expect(error.message.contains("actual 11"))
    #expect(resets == [.cancel])
  }

  @Test("a compressed message without an agreed encoding: INTERNAL")
  func compressed() async throws {
    let (result, resets) = await runUnary([
      .headers(okHeaders, endStream: false), .data(GRPCMessage(bytes: [1], compressed: true).framed),
    ])
    #expect(try #require(failure(result)).code == .internalError)
    #expect(resets == [.cancel])
  }

  @Test("an invalid flag byte: INTERNAL")
  func invalidFlag() async throws {
    let (result, _) = await runUnary([.headers(okHeaders, endStream: false), .data([7, 0, 0, 0, 0])])
    #expect(try #require(failure(result)).code == .internalError)
  }

  @Test("a non-gRPC content-type: reset, INTERNAL")
  func wrongContentType() async throws {
    let (result, resets) = await runUnary([
      .headers([HeaderField(":status", "200"), HeaderField("content-type", "text/html")], endStream: false)
    ])
    let error = try #require(failure(result))
    #expect(error.code == .internalError)
    #expect(error.message.contains("text/html"))
    #expect(resets == [.cancel])
  }

  @Test(
    "RST_STREAM before any status maps per section F",
    arguments: [
      (HTTP2ErrorCode.refusedStream, StatusCode.unavailable), (.cancel, .cancelled), (.protocolError, .internalError),
      (.internalError, .internalError), (.enhanceYourCalm, .resourceExhausted),
      (.inadequateSecurity, .permissionDenied),
    ] as [(HTTP2ErrorCode, StatusCode)])
  func resets(code: HTTP2ErrorCode, expected: StatusCode) async throws {
    let (result, _) = await runUnary([.headers(okHeaders, endStream: false), .close(.closed(code))])
    let error = try #require(failure(result))
    #expect(error.code == expected)
  }

  @Test("a status already received wins over a later reset")
  func statusBeforeReset() async throws {
    let (result, _) = await runUnary([
      .headers(okHeaders + [HeaderField("grpc-status", "5")], endStream: true), .close(.closed(.cancel)),
    ])
    #expect(try #require(failure(result)).code == .notFound)
  }

  @Test("a clean close without grpc-status: UNKNOWN after headers, INTERNAL before any")
  func cleanCloseWithoutStatus() async throws {
    let (afterHeaders, _) = await runUnary([
      .headers(okHeaders, endStream: false), .data(GRPCMessage(bytes: [1]).framed), .close(.closed(.noError)),
    ])
    #expect(try #require(failure(afterHeaders)).code == .unknown)
    let (noHeaders, _) = await runUnary([.close(.closed(.noError))])
    #expect(try #require(failure(noHeaders)).code == .internalError)
    let (http503, _) = await runUnary([
      .headers([HeaderField(":status", "503")], endStream: true), .close(.closed(.noError)),
    ])
    #expect(try #require(failure(http503)).code == .unavailable)
  }

  @Test("the stream ending inside a message: INTERNAL even with OK trailers")
  func endsInsideMessage() async throws {
    let (result, _) = await runUnary([
      .headers(okHeaders, endStream: false), .data([0, 0, 0, 0, 9, 1, 2]), .headers(okTrailers, endStream: true),
      .close(.closed(.noError)),
    ])
    let error = try #require(failure(result))
    #expect(error.code == .internalError)
    #expect(error.message.contains("incomplete"))
  }

  @Test("not sent (GOAWAY) and a lost connection are UNAVAILABLE")
  func unavailable() async throws {
    let notSent = NGHTTP2Error(code: NGHTTP2Error.startStreamNotAllowed, function: "nghttp2_session_mem_send")
    let (a, _) = await runUnary([.close(.notSent(notSent))])
    let errorA = try #require(failure(a))
    #expect(errorA.code == .unavailable)
    let causeA = try #require(errorA.cause as? ConnectionFailure)
    #expect(causeA.kind == .goingAway)
    #expect(causeA.path == "/unit.sock")
    #expect(causeA.description == notSent.description)
    let (b, _) = await runUnary([
      .headers(okHeaders, endStream: false), .close(.connectionLost(.peerClosed(path: "/tmp/x.sock"))),
    ])
    let errorB = try #require(failure(b))
    #expect(errorB.code == .unavailable)
    #expect(errorB.message.contains("/tmp/x.sock"))
    let causeB = try #require(errorB.cause as? ConnectionFailure)
    #expect(causeB.kind == .closedByPeer)
    #expect(!causeB.whileConnecting)
    #expect(causeB.path == "/tmp/x.sock")
  }

  @Test("deadlines: the local timer, and CANCELLED after the deadline, report DEADLINE_EXCEEDED")
  func deadlines() async throws {
    let (timer, _) = await runUnary([.close(.deadlineExceeded)])
    #expect(try #require(failure(timer)).code == .deadlineExceeded)

    let past = ContinuousClock.now - .seconds(1)
    let (serverCancel, _) = await runUnary(
      [.headers(okHeaders, endStream: false), .close(.closed(.cancel))], deadline: past)
    #expect(try #require(failure(serverCancel)).code == .deadlineExceeded)
    let (statusCancelled, _) = await runUnary(
      [.headers(okHeaders + [HeaderField("grpc-status", "1")], endStream: true), .close(.closed(.noError))],
      deadline: past)
    #expect(try #require(failure(statusCancelled)).code == .deadlineExceeded)
    let (localCancel, _) = await runUnary([.close(.cancelled)], deadline: past)
    #expect(try #require(failure(localCancel)).code == .deadlineExceeded)

    let future = ContinuousClock.now + .seconds(3600)
    let (cancelled, _) = await runUnary([.close(.cancelled)], deadline: future)
    #expect(try #require(failure(cancelled)).code == .cancelled)
  }

  @Test("an error thrown by open fails the call with that error")
  func openFails() async throws {
    let call = ClientCall(mode: .single, socketPath: "/unit.sock", maxResponseMessageSize: 100, deadline: nil)
    _ = call.start { (_: ClientCall) throws(RPCError) -> HTTP2Stream in
      throw RPCError(code: .unavailable, message: "no socket")
    }
    let result = call.singleResponse()
    #expect(failure(result) == RPCError(code: .unavailable, message: "no socket"))
  }

  @Test("a call cancelled before it starts fails with CANCELLED without opening")
  func cancelledBeforeStart() async throws {
    let call = ClientCall(mode: .single, socketPath: "/unit.sock", maxResponseMessageSize: 100, deadline: nil)
    call.cancel()
    var opened = false
    _ = call.start { (_: ClientCall) throws(RPCError) -> HTTP2Stream in
      opened = true
      throw RPCError(code: .unavailable, message: "should not open")
    }
    let result = call.singleResponse()
    #expect(try #require(failure(result)).code == .cancelled)
    #expect(!opened)
  }
}
