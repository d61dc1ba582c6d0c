/// A gRPC status: a code and a message. What a call ends with; an error status also travels
/// inside ``RPCError``.
///
/// ```swift
/// let status = Status(code: .notFound, message: "no such world")
/// print(status)  // NOT_FOUND: no such world
/// ```
public struct Status: Sendable, Hashable, CustomStringConvertible {
  /// The code.
  public var code: StatusCode
  /// The message: the server's decoded `grpc-message`, or one this library wrote; may be empty.
  public var message: String

  /// Creates a status.
  public init(code: StatusCode, message: String = "") {
    self.code = code
    self.message = message
  }

  /// OK with no message.
  public static let ok = Status(code: .ok)

  /// True for ``StatusCode/ok``.
  public var isOK: Bool { code == .ok }

  /// Reads like `NOT_FOUND: no such world`, or just `OK`.
  public var description: String { message.isEmpty ? code.name : "\(code.name): \(message)" }
}

extension RPCError {
  /// An error with `status`'s code and message.
  public init(status: Status, metadata: Metadata = Metadata(), cause: (any Error & Sendable)? = nil) {
    self.init(code: status.code, message: status.message, metadata: metadata, cause: cause)
  }

  /// The error's code and message as a ``Status``.
  public var status: Status { Status(code: code, message: message) }
}
