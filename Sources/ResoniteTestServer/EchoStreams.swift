import ResoniteGRPC

/// The `resonite_io.test.Echo` streaming methods (``TestServer/Path/echoServerStream``,
/// ``TestServer/Path/echoClientStream``, ``TestServer/Path/echoBidiStream``) and the message
/// formats they use, so that tests can build requests and check answers.
public enum EchoStreams {
  /// The request of `Echo/ServerStream`: `count` then `size`, big-endian `UInt32`s.
  public static func serverStreamRequest(count: Int, size: Int) -> [UInt8] {
    bigEndian(UInt32(truncatingIfNeeded: count)) + bigEndian(UInt32(truncatingIfNeeded: size))
  }

  /// Message `index` of `Echo/ServerStream`, `size` bytes: the index as a big-endian `UInt64`
  /// in the first 8 bytes (when `size` allows), then byte `j` = `(index + j) % 251`.
  public static func message(index: Int, size: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: size)
    bytes.withUnsafeMutableBufferPointer { out in
      for j in 0..<size { out[j] = UInt8(truncatingIfNeeded: (index &+ j) % 251) }
      if size >= 8 {
        var value = UInt64(index).bigEndian
        withUnsafeBytes(of: &value) { raw in
          for k in 0..<8 { out[k] = raw[k] }
        }
      }
    }
    return bytes
  }

  /// The answer of `Echo/ClientStream`: the request count, their total bytes and their FNV-1a
  /// 64 hash, as three big-endian `UInt64`s.
  public static func summary(count: Int, bytes: Int, hash: UInt64) -> [UInt8] {
    bigEndian(UInt64(count)) + bigEndian(UInt64(bytes)) + bigEndian(hash)
  }

  /// Reads an `Echo/ClientStream` answer.
  public static func parseSummary(_ bytes: [UInt8]) -> (count: Int, bytes: Int, hash: UInt64)? {
    guard bytes.count == 24 else { return nil }
    func word(_ at: Int) -> UInt64 { bytes[at..<(at + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
    return (Int(word(0)), Int(word(8)), word(16))
  }

  /// The FNV-1a 64 offset basis: the hash of nothing.
  public static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

  /// Folds `bytes` into an FNV-1a 64 hash.
  public static func fnv1a(_ bytes: [UInt8], into hash: inout UInt64) {
    var h = hash
    bytes.withUnsafeBufferPointer { buffer in
      for byte in buffer {
        h ^= UInt64(byte)
        h = h &* 0x0000_0100_0000_01b3
      }
    }
    hash = h
  }

  private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
  }
}

/// `Echo/ServerStream`: produces its messages as the client's window lets them go, about
/// 256 KiB at a time, so memory stays bounded however many are asked for.
final class EchoServerStreamHandler: StreamingHandler {
  private var count = 0
  private var size = 0
  private var next = 0
  private var started = false

  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    guard !started else { return }
    started = true
    guard message.count == 8 else {
      call.finish(
        Status(code: .invalidArgument, message: "Echo/ServerStream wants 8 bytes: count and size (UInt32 BE)"))
      return
    }
    count = Int(message[0..<4].reduce(0) { $0 << 8 | UInt32($1) })
    size = Int(message[4..<8].reduce(0) { $0 << 8 | UInt32($1) })
    produce(call)
  }

  func responseDrained(on call: ServerStreamingCall) {
    produce(call)
  }

  private func produce(_ call: ServerStreamingCall) {
    while next < count && call.queuedResponseBytes < 256 << 10 && !call.isFinished {
      call.send(EchoStreams.message(index: next, size: size))
      next += 1
    }
    if next == count { call.finish() }
  }
}

/// `Echo/ClientStream`: counts and hashes the requests, answers the summary on half-close.
final class EchoClientStreamHandler: StreamingHandler {
  private var count = 0
  private var bytes = 0
  private var hash = EchoStreams.fnvOffsetBasis

  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    count += 1
    bytes += message.count
    EchoStreams.fnv1a(message, into: &hash)
  }

  func requestEnded(on call: ServerStreamingCall) {
    call.send(EchoStreams.summary(count: count, bytes: bytes, hash: hash))
    call.finish()
  }
}

/// `Echo/BidiStream`: answers each request with its bytes; stops reading while 4 MiB of
/// answers wait for the client, so a client that does not read holds back its own sends.
final class EchoBidiStreamHandler: StreamingHandler {
  private static let backlogLimit = 4 << 20
  private var halfClosed = false

  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    call.send(message)
    if call.queuedResponseBytes >= Self.backlogLimit { call.pauseReading() }
  }

  func requestEnded(on call: ServerStreamingCall) {
    halfClosed = true
    call.finish()
  }

  func responseDrained(on call: ServerStreamingCall) {
    if call.isReadingPaused { call.resumeReading() }
  }
}
