import ResoniteGRPC
import ResoniteHTTP2
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// Responses a correct gRPC server never sends, written to a real socket by the test server's
/// scripted mode, and what the client makes of them.
@Suite("Malformed and unusual responses over a real socket")
struct MalformedResponseTests {
  static let method = MethodDescriptor(service: "t.Script", method: "Run")

  /// Runs one call against a server that answers with `script`.
  func outcome(_ script: ScriptedResponse) async throws -> Result<[UInt8], RPCError> {
    try await withServer { server, channel in
      server.register(path: Self.method.path) { _ in .scripted(script) }
      do throws(RPCError) {
        let reply = try await channel.unaryRaw(Self.method, request: [], options: CallOptions(timeout: noHangBound))
        return .success(reply.message)
      } catch {
        return .failure(error)
      }
    }
  }

  func error(_ script: ScriptedResponse) async throws -> RPCError? {
    guard case .failure(let error) = try await outcome(script) else {
      Issue.record("the call succeeded")
      return nil
    }
    return error
  }

  static func status(_ code: String, _ message: String? = nil) -> [HeaderField] {
    [HeaderField("grpc-status", code)] + (message.map { [HeaderField("grpc-message", $0)] } ?? [])
  }

  @Test(
    "a non-200 :status without grpc-status maps to the spec's code",
    arguments: [
      (400, StatusCode.internalError), (401, .unauthenticated), (403, .permissionDenied), (404, .unimplemented),
      (429, .unavailable), (502, .unavailable), (503, .unavailable), (504, .unavailable), (500, .unknown),
    ])
  func httpStatus(status: Int, expected: StatusCode) async throws {
    let e = try await error(
      ScriptedResponse(headers: [HeaderField(":status", "\(status)"), HeaderField("content-type", "text/plain")]))
    #expect(e?.code == expected)
    #expect(e?.message.contains("\(status)") == true)
  }

  @Test("grpc-status wins over the HTTP status")
  func grpcStatusWins() async throws {
    let e = try await error(
      ScriptedResponse(
        headers: [HeaderField(":status", "503"), HeaderField("content-type", "application/grpc")]
          + Self.status("5", "gone")))
    #expect(e?.code == .notFound)
    #expect(e?.message == "gone")
  }

  @Test("a non-gRPC content-type with a body is INTERNAL, and the body is not decoded")
  func foreignContentType() async throws {
    let e = try await error(
      ScriptedResponse(
        headers: [HeaderField(":status", "200"), HeaderField("content-type", "text/html")],
        body: Array("<html>hello</html>".utf8), trailers: Self.status("0")))
    #expect(e?.code == .internalError)
    #expect(e?.message.contains("text/html") == true)
  }

  @Test("a message split over many DATA frames arrives whole")
  func splitFrames() async throws {
    let payload = pattern(1000)
    let result = try await outcome(
      ScriptedResponse(
        body: ScriptedResponse.framed([payload]), maxFrameBytes: 7, trailers: Self.status("0")))
    #expect(try result.get() == payload)
  }

  @Test("a 1xx header block is skipped")
  func informational() async throws {
    let result = try await outcome(
      ScriptedResponse(
        informational: [HeaderField(":status", "100")], body: ScriptedResponse.framed([[1, 2]]),
        trailers: Self.status("0")))
    #expect(try result.get() == [1, 2])
  }

  @Test("Trailers-Only OK carries no message: UNIMPLEMENTED (cardinality)")
  func trailersOnlyOK() async throws {
    let e = try await error(ScriptedResponse(headers: ScriptedResponse.okHeaders + Self.status("0")))
    #expect(e?.code == .unimplemented)
  }

  @Test("two messages in one frame on a unary call: UNIMPLEMENTED")
  func twoMessages() async throws {
    let e = try await error(ScriptedResponse(body: ScriptedResponse.framed([[1], [2]]), trailers: Self.status("0")))
    #expect(e?.code == .unimplemented)
  }

  @Test("no message and OK trailers: UNIMPLEMENTED")
  func zeroMessages() async throws {
    let e = try await error(ScriptedResponse(body: [], trailers: Self.status("0")))
    #expect(e?.code == .unimplemented)
  }

  @Test("trailers without grpc-status: UNKNOWN, not success")
  func missingStatus() async throws {
    let e = try await error(
      ScriptedResponse(body: ScriptedResponse.framed([[1]]), trailers: [HeaderField("x-other", "1")]))
    #expect(e?.code == .unknown)
    #expect(e?.metadata.firstString(forKey: "x-other") == "1")
  }

  @Test("the stream ends after the message with no trailers at all: UNKNOWN")
  func noTrailers() async throws {
    let e = try await error(ScriptedResponse(body: ScriptedResponse.framed([[1]]), trailers: nil))
    #expect(e?.code == .unknown)
  }

  @Test("an unparsable grpc-status is UNKNOWN quoting it", arguments: ["abc", "17", "-1", "01", ""])
  func badStatus(value: String) async throws {
    let e = try await error(ScriptedResponse(body: ScriptedResponse.framed([[1]]), trailers: Self.status(value)))
    #expect(e?.code == .unknown)
    #expect(e?.message.contains("\"\(value)\"") == true)
  }

  @Test("a grpc-message with invalid UTF-8 and broken escapes decodes without crashing")
  func brokenMessage() async throws {
    let e = try await error(
      ScriptedResponse(headers: ScriptedResponse.okHeaders + Self.status("9", "bad %FF%FE bytes %zz and %4")))
    #expect(e?.code == .failedPrecondition)
    #expect(e?.message.hasPrefix("bad ") == true)
    #expect(e?.message.hasSuffix("%zz and %4") == true)
  }

  @Test("a compressed message with no agreed encoding is INTERNAL")
  func compressed() async throws {
    let e = try await error(
      ScriptedResponse(body: ScriptedResponse.framed([[1, 2, 3]], compressed: true), trailers: Self.status("0")))
    #expect(e?.code == .internalError)
    #expect(e?.message.contains("compress") == true)
  }

  @Test("a message cut short before the trailers is INTERNAL")
  func truncatedMessage() async throws {
    let e = try await error(
      ScriptedResponse(body: Array(ScriptedResponse.framed([pattern(100)]).prefix(50)), trailers: Self.status("0")))
    #expect(e?.code == .internalError)
  }

  @Test(
    "RST_STREAM from the server maps to the spec's code",
    arguments: [
      (HTTP2ErrorCode.refusedStream, StatusCode.unavailable), (.cancel, .cancelled), (.internalError, .internalError),
      (.protocolError, .internalError), (.enhanceYourCalm, .resourceExhausted),
      (.inadequateSecurity, .permissionDenied),
      (.noError, .internalError),
    ])
  func reset(code: HTTP2ErrorCode, expected: StatusCode) async throws {
    let e = try await error(.reset(code))
    #expect(e?.code == expected, "\(code)")
  }
}
