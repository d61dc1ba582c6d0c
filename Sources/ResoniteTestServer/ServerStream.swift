import ResoniteGRPC
import ResoniteHTTP2

/// The server's state for one request stream, from its first header to its close.
final class ServerStream {
  /// The HTTP/2 stream id.
  let id: Int32
  /// The request header block, in arrival order.
  var headers: [HeaderField] = []
  /// The `:path`, once the header block is complete.
  var path = ""
  /// The incoming `grpc-timeout`, if any.
  var timeout: Duration?
  /// When the call's deadline passes (monotonic nanoseconds), if it has one.
  var deadline: UInt64?
  /// Splits the request DATA into messages.
  var deframer: MessageDeframer
  /// The request messages received so far.
  var messages: [GRPCMessage] = []
  /// True once the client ended its side (END_STREAM).
  var requestComplete = false
  /// True once an answer was submitted; later events for the stream are ignored.
  var answered = false
  /// A delayed answer, waiting for its timer.
  var pending: UnaryResult?
  /// The response body, kept alive until the stream closes (nghttp2 holds it unowned).
  var body: HTTP2BodySource?
  /// The streaming call on this stream, when its path has a streaming handler.
  var streaming: ServerStreamingCall?
  /// The stop-reading knob fired: request bytes are no longer given back to the client.
  var stoppedReading = false
  /// The send window was found closed at the last flush (counted once per closing).
  var windowStalled = false

  init(id: Int32, maxMessageSize: Int) {
    self.id = id
    self.deframer = MessageDeframer(maxMessageSize: maxMessageSize)
  }

  /// The first value of header `name`, if any.
  func header(_ name: String) -> String? {
    headers.first { $0.name == name }?.value
  }
}
