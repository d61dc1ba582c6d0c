import ResoniteHTTP2

/// The gRPC-over-HTTP/2 mapping rules that turn what the peer sent into a status
/// (gRPC PROTOCOL-HTTP2.md and http-grpc-status-mapping.md). Pure functions, no state.
enum StatusInterpretation {
  /// Parses a `grpc-status` value: ASCII decimal, no sign, no leading zeros, 0 to 16.
  /// Anything else is UNKNOWN with a message quoting the bad value.
  static func parseStatus(_ value: String, message: String) -> Status {
    let digits = value.utf8
    let wellFormed =
      !digits.isEmpty && digits.count <= 2 && digits.allSatisfy { (48...57).contains($0) }
      && !(digits.count > 1 && digits.first == 48)
    if wellFormed, let number = Int(value), let code = StatusCode(rawValue: number) {
      return Status(code: code, message: message)
    }
    let detail = message.isEmpty ? "" : " (grpc-message: \(message))"
    return Status(code: .unknown, message: "the server sent an invalid grpc-status \"\(value)\"\(detail)")
  }

  /// The gRPC code for an HTTP status when no `grpc-status` was sent.
  static func code(forHTTPStatus status: Int) -> StatusCode {
    switch status {
    case 400, 431: .internalError
    case 401: .unauthenticated
    case 403: .permissionDenied
    case 404: .unimplemented
    case 429, 502, 503, 504: .unavailable
    default: .unknown
    }
  }

  /// The gRPC code for an RST_STREAM the server sent before any status (section F of the
  /// checklist, from the spec's table).
  static func code(forReset code: HTTP2ErrorCode) -> StatusCode {
    switch code {
    case .refusedStream: .unavailable
    case .cancel: .cancelled
    case .enhanceYourCalm: .resourceExhausted
    case .inadequateSecurity: .permissionDenied
    default: .internalError
    }
  }

  /// True for `application/grpc` and its `+suffix` and `;parameter` forms.
  static func isGRPCContentType(_ value: String) -> Bool {
    // What every gRPC server sends, checked without lower-casing a copy.
    if value == GRPCHeaderValue.contentType { return true }
    let lower = value.lowercased()
    guard lower.hasPrefix(GRPCHeaderValue.contentType) else { return false }
    let rest = lower.dropFirst(GRPCHeaderValue.contentType.count)
    return rest.isEmpty || rest.first == "+" || rest.first == ";"
  }
}
