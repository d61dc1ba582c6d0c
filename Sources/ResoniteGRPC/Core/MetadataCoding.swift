import ResoniteHTTP2

/// Converts between ``Metadata`` and header fields, enforcing gRPC's metadata rules.
enum MetadataCoding {
  /// Header names that belong to the protocol, never to user metadata.
  private static let reserved: Set<String> = [
    GRPCHeaderName.contentType, GRPCHeaderName.te, GRPCHeaderName.userAgent, "connection", "keep-alive",
    "transfer-encoding", "upgrade", "host",
  ]

  /// Appends `metadata` to `fields`, validating each pair.
  /// - Throws: an ``RPCError`` (INTERNAL) naming the first invalid key or value.
  static func encode(_ metadata: Metadata, into fields: inout [HeaderField]) throws(RPCError) {
    for (key, value) in metadata {
      guard isValidKey(key) else {
        throw RPCError(
          code: .internalError,
          message:
            "invalid metadata key \"\(key)\": keys are lower-case 0-9 a-z _ - . and must not start with grpc- or be a reserved header"
        )
      }
      switch value {
      case .string(let text):
        guard !key.hasSuffix("-bin") else {
          throw RPCError(
            code: .internalError,
            message: "metadata key \"\(key)\" ends in -bin but has a text value; use Metadata.addBinary")
        }
        guard isValidTextValue(text) else {
          throw RPCError(
            code: .internalError,
            message:
              "metadata value for \"\(key)\" must be printable ASCII (0x20-0x7E) without leading or trailing spaces")
        }
        fields.append(HeaderField(key, text))
      case .binary(let bytes):
        guard key.hasSuffix("-bin") else {
          throw RPCError(code: .internalError, message: "binary metadata needs a key ending in -bin, not \"\(key)\"")
        }
        fields.append(HeaderField(key, Base64.encode(bytes)))
      }
    }
  }

  /// The custom metadata among `fields`: pseudo-headers, protocol headers, `grpc-status` and
  /// `grpc-message` are left out; `-bin` values are base64-decoded (a comma-joined value is
  /// split first; an undecodable one is kept as text).
  static func decode(_ fields: [HeaderField]) -> Metadata {
    var metadata = Metadata()
    for field in fields {
      let name = field.name
      // Byte checks, not `hasPrefix`/`hasSuffix` (Unicode-aware, and run for every field of
      // every response).
      if name.utf8.first == UInt8(ascii: ":") || name == GRPCHeaderName.contentType || name == GRPCHeaderName.grpcStatus
        || name == GRPCHeaderName.grpcMessage || name == GRPCHeaderName.encoding
        || name == GRPCHeaderName.acceptEncoding
      {
        continue
      }
      if name.utf8.suffix(4).elementsEqual("-bin".utf8) {
        for part in field.value.split(separator: ",", omittingEmptySubsequences: false) {
          if let bytes = Base64.decode(part) {
            metadata.addBinary(bytes, forKey: name)
          } else {
            metadata.addString(String(part), forKey: name)
          }
        }
      } else {
        metadata.addString(field.value, forKey: name)
      }
    }
    return metadata
  }

  static func isValidKey(_ key: String) -> Bool {
    guard !key.isEmpty, !key.hasPrefix("grpc-"), !reserved.contains(key) else { return false }
    return key.utf8.allSatisfy { c in
      (48...57).contains(c) || (97...122).contains(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        || c == UInt8(ascii: ".")
    }
  }

  static func isValidTextValue(_ value: String) -> Bool {
    let bytes = value.utf8
    guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return false }
    return bytes.first != 0x20 && bytes.last != 0x20
  }
}
