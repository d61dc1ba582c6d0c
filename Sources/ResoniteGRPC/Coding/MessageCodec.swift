public import SwiftProtobuf

/// Turns messages into bytes and back. gRPC carries bytes; a codec gives them a type.
///
/// SwiftProtobuf messages use ``ProtobufCodec``; ``RawCodec`` passes bytes through.
public protocol MessageCodec<Message>: Sendable {
  /// The message type.
  associatedtype Message

  /// Serializes `message`.
  func serialize(_ message: Message) throws -> [UInt8]

  /// Parses `bytes`. A failure ends the call with ``StatusCode/internalError``.
  func deserialize(_ bytes: [UInt8]) throws -> Message
}

/// The codec of SwiftProtobuf messages (binary protobuf encoding).
public struct ProtobufCodec<Message: SwiftProtobuf.Message>: MessageCodec {
  /// Creates the codec.
  public init() {}

  public func serialize(_ message: Message) throws -> [UInt8] {
    try message.serializedBytes()
  }

  public func deserialize(_ bytes: [UInt8]) throws -> Message {
    try Message(serializedBytes: bytes)
  }
}

/// A codec that passes bytes through unchanged.
public struct RawCodec: MessageCodec {
  /// Creates the codec.
  public init() {}
  public func serialize(_ message: [UInt8]) throws -> [UInt8] { message }
  public func deserialize(_ bytes: [UInt8]) throws -> [UInt8] { bytes }
}
