import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

@Suite("GRPCTimeout")
struct GRPCTimeoutUnitTests {
  @Test(
    "encodes in the finest unit that fits 8 digits, rounding up",
    arguments: [
      (Int64(1), "1n"),
      (99_999_999, "99999999n"),
      (100_000_000, "100000u"),
      (100_000_001, "100001u"),
      (99_999_999_000, "99999999u"),
      (99_999_999_001, "100000m"),
      (99_999_999_000_000, "99999999m"),
      (99_999_999_000_001, "100000S"),
      (99_999_999_000_000_000, "99999999S"),
      (99_999_999_000_000_001, "1666667M"),
      (5_999_999_940_000_000_000, "99999999M"),  // 99 999 999 minutes
      (5_999_999_940_000_000_001, "1666667H"),
      (Int64.max, "2562048H"),
    ] as [(Int64, String)])
  func encoding(nanoseconds: Int64, expected: String) throws {
    let timeout = try #require(GRPCTimeout(nanoseconds: nanoseconds))
    #expect(timeout.headerValue == expected)
    #expect(timeout.description == expected)
    #expect(timeout.amount >= 1 && timeout.amount <= 99_999_999)
    // Rounding up: the server never sees less time than the client has.
    #expect(timeout.nanoseconds >= nanoseconds)
  }

  @Test("non-positive remaining time gives nil", arguments: [Int64(0), -1, -1_000_000_000, Int64.min])
  func nonPositive(nanoseconds: Int64) {
    #expect(GRPCTimeout(nanoseconds: nanoseconds) == nil)
  }

  @Test("Duration init rounds sub-nanosecond parts up and rejects non-positive durations")
  func durations() {
    #expect(GRPCTimeout(.zero) == nil)
    #expect(GRPCTimeout(.nanoseconds(-5)) == nil)
    #expect(GRPCTimeout(.milliseconds(-1)) == nil)
    #expect(GRPCTimeout(Duration(secondsComponent: 0, attosecondsComponent: 1))?.headerValue == "1n")
    #expect(GRPCTimeout(.milliseconds(250))?.headerValue == "250000u")
    #expect(GRPCTimeout(.seconds(5))?.headerValue == "5000000u")
    #expect(GRPCTimeout(.seconds(3600 * 24))?.headerValue == "86400000m")
    #expect(GRPCTimeout(.seconds(Int64.max))?.headerValue == "2562048H")
    // Just below the multiplication overflow, the sub-second part must not wrap negative.
    #expect(
      GRPCTimeout(Duration(secondsComponent: 9_223_372_036, attosecondsComponent: 900_000_000_000_000_000))?.headerValue
        == "2562048H")
    // A hugely negative duration is expired, never a huge timeout.
    #expect(GRPCTimeout(.seconds(Int64.min)) == nil)
    #expect(GRPCTimeout(.seconds(-9_223_372_037)) == nil)
  }

  @Test("parsing round-trips every encoded value", arguments: ["1n", "99999999n", "100001u", "250m", "5S", "7M", "2H"])
  func roundTrip(value: String) throws {
    let parsed = try #require(GRPCTimeout(headerValue: value))
    #expect(parsed.headerValue == value)
    let again = try #require(GRPCTimeout(nanoseconds: parsed.nanoseconds))
    #expect(again.nanoseconds == parsed.nanoseconds)
  }

  @Test("parsed values stand for the right time")
  func parsedNanoseconds() {
    #expect(GRPCTimeout(headerValue: "5S")?.nanoseconds == 5_000_000_000)
    #expect(GRPCTimeout(headerValue: "250m")?.nanoseconds == 250_000_000)
    #expect(GRPCTimeout(headerValue: "3u")?.nanoseconds == 3_000)
    #expect(GRPCTimeout(headerValue: "2M")?.nanoseconds == 120_000_000_000)
    #expect(GRPCTimeout(headerValue: "1H")?.nanoseconds == 3_600_000_000_000)
    #expect(GRPCTimeout(headerValue: "99999999H")?.nanoseconds == Int64.max)  // saturates
  }

  @Test(
    "malformed header values are rejected",
    arguments: [
      "", "S", "5", "5x", "5s", "123456789S", "0S", "00000000m", "-5S", "+5S", " 5S", "5 S", "1.5S", "5SS", "٥S",
    ])
  func malformed(value: String) {
    #expect(GRPCTimeout(headerValue: value) == nil)
  }
}

@Suite("PercentEncoding")
struct PercentEncodingUnitTests {
  @Test(
    "encodes per the spec and round-trips",
    arguments: [
      ("hello, world! ~{}", "hello, world! ~{}"),
      ("100%", "100%25"),
      ("line1\nline2", "line1%0Aline2"),
      ("tab\there", "tab%09here"),
      ("caf\u{E9}", "caf%C3%A9"),
      ("\u{1F600}", "%F0%9F%98%80"),
      ("\u{7F}", "%7F"),
      ("", ""),
    ])
  func encodeAndRoundTrip(plain: String, wire: String) {
    #expect(PercentEncoding.encode(plain) == wire)
    #expect(PercentEncoding.decode(wire) == plain)
  }

  @Test(
    "decoding is lenient: invalid sequences are kept as they are",
    arguments: [
      ("%4", "%4"),
      ("abc%4", "abc%4"),
      ("%zz", "%zz"),
      ("%4g", "%4g"),
      ("trailing%", "trailing%"),
      ("%", "%"),
      ("%%41", "%A"),
      ("%41%", "A%"),
      ("%c3%a9", "\u{E9}"),
      ("plain", "plain"),
    ])
  func lenientDecode(wire: String, expected: String) {
    #expect(PercentEncoding.decode(wire) == expected)
  }

  @Test("bytes that are not UTF-8 after decoding become U+FFFD instead of crashing")
  func invalidUTF8() {
    #expect(PercentEncoding.decode("%FF") == "\u{FFFD}")
    #expect(PercentEncoding.decode("a%C3") == "a\u{FFFD}")
    #expect(PercentEncoding.decode("%80%80ok").hasSuffix("ok"))
    #expect(PercentEncoding.decode("%80%80ok").unicodeScalars.first == "\u{FFFD}")
  }
}

@Suite("Base64")
struct Base64UnitTests {
  @Test(
    "encodes without padding (RFC 4648 vectors)",
    arguments: [
      ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
      ("foobar", "Zm9vYmFy"),
    ])
  func encode(plain: String, encoded: String) {
    #expect(Base64.encode(Array(plain.utf8)) == encoded)
    #expect(!Base64.encode(Array(plain.utf8)).contains("="))
  }

  @Test("decodes with and without padding")
  func decode() {
    #expect(Base64.decode("Zg==") == Array("f".utf8))
    #expect(Base64.decode("Zg") == Array("f".utf8))
    #expect(Base64.decode("Zm8=") == Array("fo".utf8))
    #expect(Base64.decode("Zm8") == Array("fo".utf8))
    #expect(Base64.decode("Zm9vYmFy") == Array("foobar".utf8))
    #expect(Base64.decode("") == [])
    #expect(Base64.decode("-_8") == [0xFB, 0xFF])  // URL-safe alphabet
    #expect(Base64.decode("+/8") == [0xFB, 0xFF])
  }

  @Test("rejects characters outside the alphabet")
  func rejects() {
    #expect(Base64.decode("Zm9v!") == nil)
    #expect(Base64.decode("Zm\u{E9}") == nil)
    #expect(Base64.decode("Zm\n9v") == nil)
  }

  @Test("every byte value round-trips, at every length modulo 3")
  func roundTrip() {
    let all = (0...255).map { UInt8($0) }
    for n in [0, 1, 2, 3, 254, 255, 256] {
      let bytes = Array(all.prefix(n))
      #expect(Base64.decode(Substring(Base64.encode(bytes))) == bytes)
    }
  }
}

@Suite("StatusCode and RPCError")
struct StatusCodeUnitTests {
  @Test("all 17 codes, in wire order, with their canonical names")
  func names() {
    #expect(StatusCode.allCases.count == 17)
    #expect(
      StatusCode.allCases.map(\.name) == [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
      ])
    #expect(StatusCode.allCases.map(\.rawValue) == Array(0...16))
    #expect(StatusCode.internalError.name == "INTERNAL")
    #expect(StatusCode.unauthenticated.rawValue == 16)
    #expect(StatusCode.unavailable.description == "UNAVAILABLE")
    #expect(StatusCode(rawValue: 17) == nil)
    #expect(StatusCode(rawValue: -1) == nil)
    #expect(StatusCode(rawValue: 9) == .failedPrecondition)
    #expect(StatusCode.ok < StatusCode.cancelled)
  }

  struct Boom: Error, Sendable, CustomStringConvertible {
    var description: String { "connect(/tmp/x.sock) failed: ENOENT" }
  }

  @Test("RPCError's description carries the code name, the message and the cause")
  func rpcErrorDescription() {
    let error = RPCError(code: .unavailable, message: "socket missing", cause: Boom())
    #expect(error.description.contains("UNAVAILABLE"))
    #expect(error.description.contains("socket missing"))
    #expect(error.description.contains("connect(/tmp/x.sock) failed: ENOENT"))
    #expect(error.description == "UNAVAILABLE: socket missing (cause: connect(/tmp/x.sock) failed: ENOENT)")
    let plain = RPCError(code: .notFound, message: "nope")
    #expect(plain.description == "NOT_FOUND: nope")
    #expect(plain != error)
    #expect(plain == RPCError(code: .notFound, message: "nope"))
    #expect(plain != RPCError(code: .notFound, message: "nope", metadata: ["k": "v"]))
  }

  @Test("MethodDescriptor builds the case-sensitive path")
  func methodPath() {
    let method = MethodDescriptor(service: "resonite_io.v1.Connection", method: "Ping")
    #expect(method.path == "/resonite_io.v1.Connection/Ping")
    #expect(method.description == method.path)
  }
}
