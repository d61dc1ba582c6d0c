import ResoniteHTTP2
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

@Suite("MetadataCoding")
struct MetadataCodingUnitTests {
  private func encode(_ metadata: Metadata) throws(RPCError) -> [HeaderField] {
    var fields: [HeaderField] = []
    try MetadataCoding.encode(metadata, into: &fields)
    return fields
  }

  private func encodeError(_ metadata: Metadata) -> RPCError? {
    do {
      _ = try encode(metadata)
      return nil
    } catch {
      return error
    }
  }

  @Test("valid text and binary metadata is encoded in order, binary as unpadded base64")
  func encodesValid() throws {
    var metadata: Metadata = ["x-request-id": "42", "a.b_c-d": "in side spaces ~"]
    metadata.addBinary([1, 2], forKey: "trace-bin")
    metadata.addString("", forKey: "empty")
    #expect(
      try encode(metadata) == [
        HeaderField("x-request-id", "42"),
        HeaderField("a.b_c-d", "in side spaces ~"),
        HeaderField("trace-bin", "AQI"),
        HeaderField("empty", ""),
      ])
  }

  @Test("keys: lower-case 0-9 a-z _ - . only; never grpc- or a reserved header")
  func keyRules() {
    #expect(MetadataCoding.isValidKey("x-trace.id_2"))
    for bad in [
      "X-Trace", "Abc", "", "a b", "a/b", "a:b", "ключ", "grpc-foo", "grpc-status", "content-type", "te", "user-agent",
      "connection", "keep-alive", "transfer-encoding", "upgrade", "host",
    ] {
      #expect(!MetadataCoding.isValidKey(bad), "\(bad) should be rejected")
    }
    // Metadata itself lower-cases keys, so an upper-case key reaches the wire lower-cased.
    var upper = Metadata()
    upper.addString("v", forKey: "X-Upper")
    #expect((try? encode(upper)) == [HeaderField("x-upper", "v")])
  }

  @Test(
    "encoding rejects grpc- prefixed and reserved keys, naming the key",
    arguments: ["grpc-foo", "te", "content-type", "connection", "host"])
  func rejectsReservedKeys(key: String) throws {
    var metadata = Metadata()
    metadata.addString("v", forKey: key)
    let error = try #require(encodeError(metadata))
    #expect(error.code == .internalError)
    #expect(error.message.contains("\"\(key)\""))
  }

  @Test(
    "encoding rejects non-printable, non-ASCII and space-padded text values",
    arguments: ["a\nb", "tab\t", "caf\u{E9}", "\u{7F}", " lead", "trail ", " "])
  func rejectsBadValues(value: String) throws {
    var metadata = Metadata()
    metadata.addString(value, forKey: "x-key")
    let error = try #require(encodeError(metadata))
    #expect(error.code == .internalError)
    #expect(error.message.contains("x-key"))
  }

  @Test("text under a -bin key and binary under a text key are rejected")
  func binTypeMismatch() throws {
    var text = Metadata()
    text.addString("abc", forKey: "x-bin")
    let textError = try #require(encodeError(text))
    #expect(textError.message.contains("-bin"))
    var binary = Metadata()
    binary.addBinary([1], forKey: "x-raw")
    let binaryError = try #require(encodeError(binary))
    #expect(binaryError.message.contains("x-raw"))
  }

  @Test("decode drops protocol headers and splits comma-joined -bin values")
  func decode() {
    let fields = [
      HeaderField(":status", "200"),
      HeaderField("content-type", "application/grpc"),
      HeaderField("grpc-status", "0"),
      HeaderField("grpc-message", "ok"),
      HeaderField("grpc-encoding", "identity"),
      HeaderField("grpc-accept-encoding", "identity"),
      HeaderField("x-a", "1"),
      HeaderField("trace-bin", "AQI,AwQ="),
      HeaderField("pad-bin", "AQI=, AwQ"),
      HeaderField("bad-bin", "!!"),
    ]
    var expected = Metadata()
    expected.addString("1", forKey: "x-a")
    expected.addBinary([1, 2], forKey: "trace-bin")
    expected.addBinary([3, 4], forKey: "trace-bin")
    expected.addBinary([1, 2], forKey: "pad-bin")
    expected.addBinary([3, 4], forKey: "pad-bin")
    expected.addString("!!", forKey: "bad-bin")
    let decoded = MetadataCoding.decode(fields)
    #expect(decoded == expected)
    #expect(decoded["trace-bin"] == [.binary([1, 2]), .binary([3, 4])])
    #expect(decoded.firstString(forKey: "X-A") == "1")
    #expect(decoded["grpc-status"].isEmpty)
  }
}

@Suite("RequestHead")
struct RequestHeadUnitTests {
  @Test("pseudo-headers first, then grpc-timeout, then call headers, then custom metadata")
  func order() throws {
    var metadata: Metadata = ["x-request-id": "42"]
    metadata.addBinary([0xFF], forKey: "blob-bin")
    let fields = try RequestHead.fields(
      path: "/pkg.Service/Method", authority: "localhost", userAgent: "resonite-io-swift/0.1",
      timeout: GRPCTimeout(nanoseconds: 5_000_000_000), metadata: metadata)
    #expect(
      fields == [
        HeaderField(":method", "POST"),
        HeaderField(":scheme", "http"),
        HeaderField(":path", "/pkg.Service/Method"),
        HeaderField(":authority", "localhost"),
        HeaderField("grpc-timeout", "5000000u"),
        HeaderField("content-type", "application/grpc"),
        HeaderField("te", "trailers"),
        HeaderField("user-agent", "resonite-io-swift/0.1"),
        HeaderField("x-request-id", "42"),
        HeaderField("blob-bin", "/w"),
      ])
  }

  @Test("no deadline, no grpc-timeout; no metadata, nothing after user-agent")
  func minimal() throws {
    let fields = try RequestHead.fields(
      path: "/a.B/C", authority: "example", userAgent: "ua", timeout: nil, metadata: Metadata())
    #expect(fields.map(\.name) == [":method", ":scheme", ":path", ":authority", "content-type", "te", "user-agent"])
    #expect(!fields.contains { $0.name == "grpc-timeout" })
    #expect(fields[3].value == "example")
  }

  @Test("invalid metadata fails the request head")
  func invalidMetadata() {
    #expect(throws: RPCError.self) {
      try RequestHead.fields(
        path: "/a.B/C", authority: "localhost", userAgent: "ua", timeout: nil, metadata: ["grpc-x": "1"])
    }
  }
}
