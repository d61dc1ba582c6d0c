import ResoniteHTTP2
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

extension Status {
  fileprivate var pair: (StatusCode, String) { (code, message) }
}

@Suite("StatusInterpretation")
struct StatusInterpretationUnitTests {
  @Test("grpc-status 0 to 16 parse to their codes, message untouched")
  func validStatuses() {
    for n in 0...16 {
      let (code, message) = StatusInterpretation.parseStatus(String(n), message: "m\(n)").pair
      #expect(code.rawValue == n)
      #expect(message == "m\(n)")
    }
  }

  @Test(
    "any other grpc-status is UNKNOWN, quoting the value",
    arguments: ["17", "-1", "01", "00", "", "abc", "1 ", " 1", "+1", "100", "1.0", "\u{0661}"])
  func invalidStatuses(value: String) {
    let (code, message) = StatusInterpretation.parseStatus(value, message: "").pair
    #expect(code == .unknown)
    #expect(message.contains("\"\(value)\""))
  }

  @Test("the server's grpc-message is kept in an invalid-status message")
  func invalidStatusKeepsMessage() {
    let (code, message) = StatusInterpretation.parseStatus("99", message: "it broke").pair
    #expect(code == .unknown)
    #expect(message.contains("\"99\""))
    #expect(message.contains("it broke"))
  }

  @Test(
    "HTTP status to gRPC code when there is no grpc-status",
    arguments: [
      (400, StatusCode.internalError), (401, .unauthenticated), (403, .permissionDenied), (404, .unimplemented),
      (429, .unavailable), (431, .internalError), (502, .unavailable), (503, .unavailable), (504, .unavailable),
      (500, .unknown), (200, .unknown), (302, .unknown), (418, .unknown),
    ] as [(Int, StatusCode)])
  func httpTable(status: Int, expected: StatusCode) {
    #expect(StatusInterpretation.code(forHTTPStatus: status) == expected)
  }

  @Test(
    "RST_STREAM code to gRPC code (checklist section F)",
    arguments: [
      (HTTP2ErrorCode.noError, StatusCode.internalError), (.protocolError, .internalError),
      (.internalError, .internalError), (.flowControlError, .internalError), (.settingsTimeout, .internalError),
      (.frameSizeError, .internalError), (.compressionError, .internalError), (.connectError, .internalError),
      (.refusedStream, .unavailable), (.cancel, .cancelled), (.enhanceYourCalm, .resourceExhausted),
      (.inadequateSecurity, .permissionDenied),
    ] as [(HTTP2ErrorCode, StatusCode)])
  func resetTable(code: HTTP2ErrorCode, expected: StatusCode) {
    #expect(StatusInterpretation.code(forReset: code) == expected)
  }

  @Test(
    "content-type acceptance",
    arguments: [
      ("application/grpc", true), ("application/grpc+proto", true), ("application/grpc+json", true),
      ("application/grpc;charset=utf-8", true), ("Application/GRPC", true), ("application/grpcx", false),
      ("application/grp", false), ("text/html", false), ("text/html; charset=utf-8", false),
      ("application/json", false), ("", false),
    ])
  func contentTypes(value: String, accepted: Bool) {
    #expect(StatusInterpretation.isGRPCContentType(value) == accepted)
  }
}

@Suite("ResponseHeadParser")
struct ResponseHeadParserUnitTests {
  static let okHeaders = [HeaderField(":status", "200"), HeaderField("content-type", "application/grpc")]

  @Test("normal headers then trailers: metadata split, grpc-status/grpc-message stripped, -bin decoded")
  func normal() throws {
    var parser = ResponseHeadParser()
    parser.take(Self.okHeaders + [HeaderField("x-h", "v"), HeaderField("h-bin", "AQI")], endStream: false)
    #expect(parser.sawHeaders)
    #expect(parser.violation == nil)
    #expect(parser.status == nil)
    var initial = Metadata()
    initial.addString("v", forKey: "x-h")
    initial.addBinary([1, 2], forKey: "h-bin")
    #expect(parser.initialMetadata == initial)

    parser.take(
      [
        HeaderField("grpc-status", "0"), HeaderField("grpc-message", "all%20good"), HeaderField("x-t", "w"),
        HeaderField("t-bin", "AwQ="),
      ], endStream: true)
    let status = try #require(parser.status)
    #expect(status.code == .ok)
    #expect(status.message == "all good")
    var trailing = Metadata()
    trailing.addString("w", forKey: "x-t")
    trailing.addBinary([3, 4], forKey: "t-bin")
    #expect(status.metadata == trailing)
    #expect(status.metadata["grpc-status"].isEmpty && status.metadata["grpc-message"].isEmpty)
    #expect(parser.violation == nil)
  }

  @Test("Trailers-Only: one block with END_STREAM carries the status")
  func trailersOnly() throws {
    var parser = ResponseHeadParser()
    parser.take(
      Self.okHeaders + [
        HeaderField("grpc-status", "5"), HeaderField("grpc-message", "no%20such%20thing%0A%F0%9F%98%80"),
        HeaderField("x-t", "w"),
      ], endStream: true)
    let status = try #require(parser.status)
    #expect(status.code == .notFound)
    #expect(status.message == "no such thing\n\u{1F600}")
    #expect(status.metadata == ["x-t": "w"])
    #expect(parser.violation == nil)
    #expect(parser.sawHeaders)
  }

  @Test("a 1xx block is skipped; the 200 after it counts")
  func informationalThenOK() throws {
    var parser = ResponseHeadParser()
    parser.take([HeaderField(":status", "100")], endStream: false)
    #expect(!parser.sawHeaders)
    #expect(parser.violation == nil)
    #expect(parser.status == nil)
    parser.take(Self.okHeaders + [HeaderField("x-h", "v")], endStream: false)
    #expect(parser.sawHeaders)
    #expect(parser.violation == nil)
    #expect(parser.initialMetadata == ["x-h": "v"])
    parser.take([HeaderField("grpc-status", "0")], endStream: true)
    #expect(parser.status?.code == .ok)
  }

  @Test(
    "non-200 without grpc-status maps the HTTP status",
    arguments: [(503, StatusCode.unavailable), (404, .unimplemented), (401, .unauthenticated), (500, .unknown)]
      as [(Int, StatusCode)])
  func non200WithoutStatus(http: Int, expected: StatusCode) throws {
    var trailersOnly = ResponseHeadParser()
    trailersOnly.take([HeaderField(":status", "\(http)"), HeaderField("content-type", "text/html")], endStream: true)
    let status = try #require(trailersOnly.status)
    #expect(status.code == expected)
    #expect(status.message.contains("\(http)"))

    // The same headers without END_STREAM: a violation (the call is reset) with the same code.
    var withBody = ResponseHeadParser()
    withBody.take([HeaderField(":status", "\(http)")], endStream: false)
    #expect(withBody.violation?.code == expected)
    #expect(withBody.statusWithoutTrailers.code == expected)
  }

  @Test("grpc-status wins over a non-200 HTTP status")
  func grpcStatusWins() throws {
    var parser = ResponseHeadParser()
    parser.take(
      [
        HeaderField(":status", "503"), HeaderField("content-type", "application/grpc"),
        HeaderField("grpc-status", "7"), HeaderField("grpc-message", "nope"),
      ], endStream: true)
    let status = try #require(parser.status)
    #expect(status.code == .permissionDenied)
    #expect(status.message == "nope")

    var ok = ResponseHeadParser()
    ok.take([HeaderField(":status", "500"), HeaderField("grpc-status", "0")], endStream: true)
    #expect(ok.status?.code == .ok)
  }

  @Test("a wrong content-type is not gRPC: INTERNAL naming it")
  func wrongContentType() throws {
    var parser = ResponseHeadParser()
    parser.take([HeaderField(":status", "200"), HeaderField("content-type", "text/html")], endStream: false)
    let violation = try #require(parser.violation)
    #expect(violation.code == .internalError)
    #expect(violation.message.contains("text/html"))

    var trailersOnly = ResponseHeadParser()
    trailersOnly.take([HeaderField(":status", "200"), HeaderField("content-type", "text/html")], endStream: true)
    #expect(trailersOnly.status?.code == .internalError)

    var missing = ResponseHeadParser()
    missing.take([HeaderField(":status", "200")], endStream: false)
    #expect(missing.violation?.code == .internalError)
    #expect(missing.violation?.message.contains("content-type") == true)
  }

  @Test("trailers without grpc-status: UNKNOWN, metadata kept")
  func missingStatusInTrailers() throws {
    var parser = ResponseHeadParser()
    parser.take(Self.okHeaders, endStream: false)
    parser.take([HeaderField("x-t", "w")], endStream: true)
    let status = try #require(parser.status)
    #expect(status.code == .unknown)
    #expect(status.message.contains("grpc-status"))
    #expect(status.metadata == ["x-t": "w"])
  }

  @Test("Trailers-Only 200 without grpc-status is UNKNOWN")
  func trailersOnlyWithoutStatus() {
    var parser = ResponseHeadParser()
    parser.take(Self.okHeaders, endStream: true)
    #expect(parser.status?.code == .unknown)
    #expect(parser.status?.message.contains("grpc-status") == true)
  }

  @Test("an invalid grpc-status in trailers is UNKNOWN quoting it")
  func invalidStatusInTrailers() {
    var parser = ResponseHeadParser()
    parser.take(Self.okHeaders, endStream: false)
    parser.take([HeaderField("grpc-status", "17")], endStream: true)
    #expect(parser.status?.code == .unknown)
    #expect(parser.status?.message.contains("\"17\"") == true)
  }

  @Test("protocol violations: no :status, or a second header block that does not end the stream")
  func violations() {
    var noStatus = ResponseHeadParser()
    noStatus.take([HeaderField("content-type", "application/grpc")], endStream: false)
    #expect(noStatus.violation?.code == .internalError)

    var second = ResponseHeadParser()
    second.take(Self.okHeaders, endStream: false)
    second.take([HeaderField("x", "y")], endStream: false)
    #expect(second.violation?.code == .internalError)
    #expect(second.status == nil)
  }

  @Test("the status synthesized when the stream ends without trailers")
  func statusWithoutTrailers() {
    let before = ResponseHeadParser()
    #expect(before.statusWithoutTrailers.code == .internalError)
    var after = ResponseHeadParser()
    after.take(Self.okHeaders, endStream: false)
    #expect(after.statusWithoutTrailers.code == .unknown)
  }
}
