// libFuzzer target: what a call makes of the response's header blocks — the response head
// parser (1xx, :status, content-type, Trailers-Only, trailers), grpc-status parsing, the
// grpc-message percent-decoding, metadata decoding (-bin base64 included) — and the
// round trips of the codecs involved.
//
// Input: text, one header field per line as `name: value` (the name may start with `:`; the
// first `:` after the name's first character splits). A line `.` ends a block with
// END_STREAM, an empty line ends a block without it; trailing fields form a last block with
// END_STREAM. A line `RST n` makes the stream close with HTTP/2 error code n instead of
// NO_ERROR. Bytes that are not UTF-8 become U+FFFD, as they do coming out of nghttp2.
@_spi(Fuzzing) import ResoniteGRPC
import ResoniteHTTP2

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponseHead(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let (blocks, closeCode) = HeaderBlockText.parse(UnsafeBufferPointer(start: start, count: count))
  guard blocks.count <= 64 else { return 0 }

  let outcome = FuzzEntryPoints.interpretResponseHead(blocks, closeCode: closeCode)
  check(outcome.blocksTaken <= blocks.count, "took more blocks than given")
  check(StatusCode(rawValue: outcome.code.rawValue) == outcome.code, "status code out of range")
  if outcome.code == .ok {
    // OK only comes from an explicit grpc-status: 0 in a block that ended the stream.
    check(
      blocks.prefix(outcome.blocksTaken).contains { block in
        block.endStream && block.fields.contains { $0.name == "grpc-status" && $0.value == "0" }
      }, "OK without grpc-status: 0 in an END_STREAM block")
  }
  for (key, _) in outcome.metadata { check(!key.hasPrefix(":"), "pseudo-header \(key) in metadata") }
  for (key, _) in outcome.initialMetadata { check(!key.hasPrefix(":"), "pseudo-header \(key) in metadata") }

  for block in blocks {
    let metadata = FuzzEntryPoints.decodeMetadata(block.fields)
    checkMetadataRoundTrip(metadata)
    for field in block.fields {
      checkCodecs(field.value)
      checkCodecs(field.name)
    }
  }
  return 0
}

/// Per-value properties of the codecs a response goes through.
func checkCodecs(_ value: String) {
  // grpc-message: encode then decode is the identity; a value without % decodes to itself.
  let encoded = PercentEncoding.encode(value)
  check(encoded.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "percent-encoding left a byte outside 0x20-0x7E")
  check(PercentEncoding.decode(encoded) == value, "percent-encoding round trip failed for \(value.debugDescription)")
  let decoded = PercentEncoding.decode(value)
  if !value.utf8.contains(UInt8(ascii: "%")) { check(decoded == value, "decode changed a value without %") }

  // grpc-status: only the canonical decimal forms 0...16 are codes; everything else is UNKNOWN.
  let code = FuzzEntryPoints.parseStatus(value, message: decoded).code
  if code != .unknown || value == "2" {
    check(String(code.rawValue) == value, "grpc-status \(value.debugDescription) read as \(code)")
  }

  // content-type
  if FuzzEntryPoints.isGRPCContentType(value) {
    check(value.lowercased().hasPrefix("application/grpc"), "\(value.debugDescription) taken for application/grpc")
  }

  // -bin values: base64 round trip, with and without padding.
  let bytes = Array(value.utf8)
  let b64 = FuzzEntryPoints.base64Encode(bytes)
  check(FuzzEntryPoints.base64Decode(Substring(b64)) == bytes, "base64 round trip failed")
  let padded = b64 + String(repeating: "=", count: (4 - b64.utf8.count % 4) % 4)
  check(FuzzEntryPoints.base64Decode(Substring(padded)) == bytes, "padded base64 round trip failed")
  _ = FuzzEntryPoints.base64Decode(Substring(value))

  // grpc-timeout (read by servers): what parses prints back the same and converts without trapping.
  if let timeout = GRPCTimeout(headerValue: value) {
    check(GRPCTimeout(headerValue: timeout.headerValue) == timeout, "grpc-timeout round trip failed")
    check(timeout.nanoseconds > 0, "grpc-timeout \(value) is not positive")
  }
}

/// Metadata a response carried, when it is valid to send, encodes and decodes to itself.
func checkMetadataRoundTrip(_ metadata: Metadata) {
  guard let fields = try? FuzzEntryPoints.encodeMetadata(metadata) else { return }
  check(FuzzEntryPoints.decodeMetadata(fields) == metadata, "metadata round trip failed: \(metadata)")
}

/// The input format described at the top of this file.
enum HeaderBlockText {
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ([FuzzEntryPoints.HeaderBlock], HTTP2ErrorCode) {
    var blocks: [FuzzEntryPoints.HeaderBlock] = []
    var fields: [HeaderField] = []
    var closeCode = HTTP2ErrorCode.noError
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      let text = String(decoding: line, as: UTF8.self)
      if text.isEmpty || text == "." {
        blocks.append(FuzzEntryPoints.HeaderBlock(fields: fields, endStream: text == "."))
        fields = []
      } else if text.hasPrefix("RST "), let code = UInt32(text.dropFirst(4)) {
        closeCode = HTTP2ErrorCode(rawValue: code)
      } else {
        fields.append(field(text))
      }
    }
    if !fields.isEmpty { blocks.append(FuzzEntryPoints.HeaderBlock(fields: fields, endStream: true)) }
    return (blocks, closeCode)
  }

  static func field(_ line: String) -> HeaderField {
    let search = line.index(after: line.startIndex)
    guard let colon = line[search...].firstIndex(of: ":") else { return HeaderField(line, "") }
    var value = line[line.index(after: colon)...]
    if value.first == " " { value = value.dropFirst() }
    return HeaderField(String(line[..<colon]), String(value))
  }
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError("FuzzResponseHead invariant broken: \(message())") }
}
