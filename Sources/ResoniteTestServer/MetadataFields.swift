import Foundation
import ResoniteGRPC
import ResoniteHTTP2

/// Converts between gRPC ``Metadata`` and header fields on the server side.
enum MetadataFields {
  /// Header names that are protocol, not custom metadata.
  private static let protocolNames: Set<String> = [
    GRPCHeaderName.contentType, GRPCHeaderName.te, GRPCHeaderName.userAgent, GRPCHeaderName.timeout,
    GRPCHeaderName.encoding, GRPCHeaderName.acceptEncoding, GRPCHeaderName.grpcStatus, GRPCHeaderName.grpcMessage,
    "connection", "keep-alive", "transfer-encoding", "upgrade", "host",
  ]

  /// Appends `metadata` to `fields`: text as is, binary values base64 without padding.
  static func append(_ metadata: Metadata, to fields: inout [HeaderField]) {
    for (key, value) in metadata {
      switch value {
      case .string(let text):
        fields.append(HeaderField(key, text))
      case .binary(let bytes):
        var encoded = Data(bytes).base64EncodedString()
        while encoded.hasSuffix("=") { encoded.removeLast() }
        fields.append(HeaderField(key, encoded))
      }
    }
  }

  /// The custom metadata among request `headers`; `-bin` values are base64-decoded when they can be.
  static func metadata(from headers: [HeaderField]) -> Metadata {
    var metadata = Metadata()
    for field in headers where !field.name.hasPrefix(":") && !protocolNames.contains(field.name) {
      if field.name.hasSuffix("-bin") {
        for part in field.value.split(separator: ",", omittingEmptySubsequences: false) {
          if let bytes = decodeBase64(part) {
            metadata.addBinary(bytes, forKey: field.name)
          } else {
            metadata.addString(String(part), forKey: field.name)
          }
        }
      } else {
        metadata.addString(field.value, forKey: field.name)
      }
    }
    return metadata
  }

  private static func decodeBase64(_ text: Substring) -> [UInt8]? {
    var padded = text.trimmingCharacters(in: .whitespaces)
    while padded.count % 4 != 0 { padded += "=" }
    return Data(base64Encoded: padded).map { Array($0) }
  }
}
