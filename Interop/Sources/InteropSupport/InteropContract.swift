/// The methods the interop servers answer, and how their test-only requests are encoded.
///
/// The Resonite IO methods are the real contract (see WIRE.md). The `resonite_io.test.*`
/// methods exist only for these tests.
public enum InteropContract {
  /// `resonite_io.v1.Connection`.
  public static let connectionService = "resonite_io.v1.Connection"
  /// `resonite_io.v1.Info`.
  public static let infoService = "resonite_io.v1.Info"
  /// `resonite_io.test.Echo`: `Echo` answers with the request's bytes.
  public static let echoService = "resonite_io.test.Echo"
  /// `resonite_io.test.Interop`: `Digest`, `Generate`, `Fail`, `Sleep`, `Stall`, `EchoMetadata` and more (grpc-swift server only).
  public static let interopService = "resonite_io.test.Interop"

  /// The engine version the grpc-swift server reports from GetServerInfo.
  public static let engineVersion = "grpc-swift 2.4.3 interop server"
  /// The mod version the grpc-swift server reports from GetServerInfo.
  public static let modVersion = "0.7.0"

  /// The request of `Interop/Fail`: one byte of status code, then the status message as UTF-8.
  public static func failRequest(code: Int, message: String) -> [UInt8] {
    [UInt8(truncatingIfNeeded: code)] + Array(message.utf8)
  }

  /// Decodes a `Fail` request into its status code and message.
  public static func parseFailRequest(_ bytes: [UInt8]) -> (code: Int, message: String)? {
    guard let first = bytes.first else { return nil }
    return (Int(first), String(decoding: bytes.dropFirst(), as: UTF8.self))
  }

  /// The request of `Interop/Sleep` and `Interop/Stall`: how long to sleep, in milliseconds,
  /// as ASCII decimal.
  public static func sleepRequest(milliseconds: Int) -> [UInt8] {
    Array(String(milliseconds).utf8)
  }

  /// Decodes a `Sleep` request.
  public static func parseSleepRequest(_ bytes: [UInt8]) -> Int? {
    Int(String(decoding: bytes, as: UTF8.self))
  }

  /// The request of `Interop/Generate`: `"<count> <seed>"` in ASCII.
  public static func generateRequest(count: Int, seed: UInt64) -> [UInt8] {
    Array("\(count) \(seed)".utf8)
  }

  /// Decodes a `Generate` request.
  public static func parseGenerateRequest(_ bytes: [UInt8]) -> (count: Int, seed: UInt64)? {
    let parts = String(decoding: bytes, as: UTF8.self).split(separator: " ")
    guard parts.count == 2, let count = Int(parts[0]), count >= 0, let seed = UInt64(parts[1]) else { return nil }
    return (count, seed)
  }

  /// The metadata key whose value names the call, so that a test finds what the server saw.
  public static let callIDKey = "x-interop-call-id"

  // MARK: streaming (grpc-swift server)

  /// The message `index` of a generated stream: ``Payload/make(count:seed:)`` with seed
  /// `seed &+ index`.
  public static func streamMessage(size: Int, seed: UInt64, index: Int) -> [UInt8] {
    Payload.make(count: size, seed: seed &+ UInt64(index))
  }

  /// The request of `Interop/ServerStream` (server-streaming): `"<count> <size> <seed>"`, then
  /// optionally `" <code> <message>"`: the server sends `count` messages
  /// (``streamMessage(size:seed:index:)``), then ends with OK, or with that status when `code`
  /// is not 0.
  public static func serverStreamRequest(
    count: Int, size: Int, seed: UInt64, failCode: Int = 0, failMessage: String = ""
  ) -> [UInt8] {
    var text = "\(count) \(size) \(seed)"
    if failCode != 0 { text += " \(failCode) \(failMessage)" }
    return Array(text.utf8)
  }

  /// Decodes a `ServerStream` request.
  public static func parseServerStreamRequest(
    _ bytes: [UInt8]
  ) -> (count: Int, size: Int, seed: UInt64, failCode: Int, failMessage: String)? {
    let parts = String(decoding: bytes, as: UTF8.self).split(
      separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
    guard parts.count >= 3, let count = Int(parts[0]), count >= 0, let size = Int(parts[1]), size >= 0,
      let seed = UInt64(parts[2])
    else { return nil }
    var failCode = 0
    var failMessage = ""
    if parts.count >= 4 {
      guard let code = Int(parts[3]) else { return nil }
      failCode = code
      failMessage = parts.count == 5 ? String(parts[4]) : ""
    }
    return (count, size, seed, failCode, failMessage)
  }

  /// The request of `Interop/Endless` (server-streaming): `"<size> <interval-ms>"`: a message of
  /// `size` bytes every `interval-ms` until the RPC is cancelled (or its deadline passes).
  public static func endlessRequest(size: Int, intervalMilliseconds: Int) -> [UInt8] {
    Array("\(size) \(intervalMilliseconds)".utf8)
  }

  /// Decodes an `Endless` request.
  public static func parseEndlessRequest(_ bytes: [UInt8]) -> (size: Int, intervalMilliseconds: Int)? {
    let parts = String(decoding: bytes, as: UTF8.self).split(separator: " ")
    guard parts.count == 2, let size = Int(parts[0]), size >= 0, let interval = Int(parts[1]), interval >= 0 else {
      return nil
    }
    return (size, interval)
  }

  /// Metadata of `Interop/ClientStream` and `Interop/BidiEcho`: after this many request messages
  /// the server fails the RPC with ``failCodeKey`` and ``failMessageKey``.
  public static let failAfterKey = "x-interop-fail-after"
  /// The status code (decimal) of ``failAfterKey``.
  public static let failCodeKey = "x-interop-fail-code"
  /// The status message of ``failAfterKey``.
  public static let failMessageKey = "x-interop-fail-message"

  /// The response of `Interop/ClientStream` for the given request messages: their
  /// ``Payload/digest(_:)``s, 16 bytes each, in order.
  public static func clientStreamResponse(_ messages: [[UInt8]]) -> [UInt8] {
    messages.flatMap(Payload.digest)
  }
}
