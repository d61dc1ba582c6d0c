import ResoniteGRPC
public import ResoniteHTTP2

/// A response written to the wire exactly as given, right or wrong: for testing how a client
/// copes with answers a correct gRPC server never sends (a non-200 `:status`, a foreign
/// content-type, a missing or malformed `grpc-status`, two messages, a compressed flag, a
/// message cut short, a reset instead of an answer).
public struct ScriptedResponse: Sendable, Hashable {
  /// A 1xx header block sent before ``headers``, when set (for example `[":status": "100"]`).
  public var informational: [HeaderField]?
  /// The response header block, `:status` first.
  public var headers: [HeaderField]
  /// The raw DATA bytes: message prefixes are not added, include them (see ``ScriptedResponse/framed(_:compressed:)``).
  public var body: [UInt8]
  /// The largest DATA frame payload to send, to split the body over many frames; nil lets
  /// nghttp2 choose.
  public var maxFrameBytes: Int?
  /// Padding for the DATA frames, when set (see ``FramePadding``).
  public var padding: FramePadding?
  /// The trailers; nil ends the stream with the last DATA frame (or with the headers when the
  /// body is empty).
  public var trailers: [HeaderField]?
  /// When set, the stream is reset with this code instead of answered.
  public var resetCode: HTTP2ErrorCode?

  /// Creates a scripted response.
  public init(
    informational: [HeaderField]? = nil, headers: [HeaderField] = ScriptedResponse.okHeaders, body: [UInt8] = [],
    maxFrameBytes: Int? = nil, padding: FramePadding? = nil, trailers: [HeaderField]? = nil,
    resetCode: HTTP2ErrorCode? = nil
  ) {
    self.informational = informational
    self.headers = headers
    self.body = body
    self.maxFrameBytes = maxFrameBytes
    self.padding = padding
    self.trailers = trailers
    self.resetCode = resetCode
  }

  /// Padded DATA frames: the frame carries a pad-length byte and `bytes - 1` zeros after its
  /// payload. A frame gets padding only when its payload leaves room for it (below the frame
  /// size and the flow-control window): set ``ScriptedResponse/maxFrameBytes`` too.
  public struct FramePadding: Sendable, Hashable {
    /// The padding per padded frame, the pad-length byte included (1 to 256).
    public var bytes: Int
    /// Every `every`-th DATA frame is padded, the first one included (1: all of them).
    public var every: Int

    /// Pads every `every`-th DATA frame, the first included, with `bytes` bytes.
    public init(bytes: Int, every: Int = 1) {
      self.bytes = bytes
      self.every = max(1, every)
    }
  }

  /// `:status 200` and `content-type: application/grpc`.
  public static let okHeaders = [HeaderField(":status", "200"), HeaderField("content-type", "application/grpc")]

  /// A reset with `code` and nothing else.
  public static func reset(_ code: HTTP2ErrorCode) -> Self { Self(resetCode: code) }

  /// `messages` each with its 5-byte prefix, the compressed flag set when `compressed`.
  public static func framed(_ messages: [[UInt8]], compressed: Bool = false) -> [UInt8] {
    messages.flatMap { GRPCMessage(bytes: $0, compressed: compressed).framed }
  }
}

/// Serves a ``ScriptedResponse``'s body bytes, in frames of at most `maxFrameBytes`, then its
/// trailers if it has any.
final class ScriptedBody: HTTP2BodySource {
  private let bytes: [UInt8]
  private let maxFrameBytes: Int
  private let trailers: [HeaderField]?
  private let padding: ScriptedResponse.FramePadding?
  private var offset = 0
  /// DATA frames planned so far.
  private var frames = 0

  init(_ response: ScriptedResponse) {
    self.bytes = response.body
    self.maxFrameBytes = max(1, response.maxFrameBytes ?? Int.max)
    self.trailers = response.trailers
    self.padding = response.padding
  }

  /// The padding for the frame planned last (nghttp2 asks right after planning it).
  var paddingOfLastFrame: Int {
    guard let padding, frames > 0, (frames - 1) % padding.every == 0 else { return 0 }
    return padding.bytes
  }

  override func readBody(into buffer: UnsafeMutableRawBufferPointer, streamID: Int32, session: HTTP2Session)
    -> HTTP2BodyRead
  {
    let n = min(bytes.count - offset, buffer.count, maxFrameBytes)
    frames += 1
    if n > 0 {
      bytes.withUnsafeBytes { source in
        buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
      }
      offset += n
    }
    let done = offset == bytes.count
    guard done else { return .bytes(count: n, endOfBody: false, endStream: false) }
    if let trailers {
      do {
        try session.submitTrailer(streamID: streamID, headers: trailers)
      } catch {
        return .fail
      }
      return .bytes(count: n, endOfBody: true, endStream: false)
    }
    return .bytes(count: n, endOfBody: true, endStream: true)
  }
}
