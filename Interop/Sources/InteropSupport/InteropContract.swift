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
}
