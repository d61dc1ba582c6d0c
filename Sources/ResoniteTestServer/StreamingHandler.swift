import ResoniteHTTP2

/// A streaming method implementation (server-, client- or bidirectional streaming), registered
/// by path on a ``TestServer`` (``TestServer/Configuration/streamingHandlers``,
/// ``TestServer/register(streamingPath:handler:)``): one handler object per call, made by its
/// ``StreamingHandlerFactory``.
///
/// Every method runs on the server's I/O thread, which serves every connection: be quick and
/// never block. Answer through the ``ServerStreamingCall`` (send messages, finish with a
/// status); to pace, use ``ServerStreamingCall/scheduleTimer(after:)``.
///
/// Flow control is real: messages queued with ``ServerStreamingCall/send(_:)`` go out only as
/// the client's window allows, and ``responseDrained(on:)`` tells when everything queued has
/// gone to the socket, which is where a producer of "latest" data (the camera) sends its next.
public protocol StreamingHandler: AnyObject {
  /// The request headers arrived; the response headers are on their way.
  func start(_ call: ServerStreamingCall)
  /// One request message arrived (never called once the call has finished: what the client
  /// sent before our status reached it is discarded, as the mod does).
  func received(_ message: [UInt8], on call: ServerStreamingCall)
  /// The client half-closed: no more request messages.
  func requestEnded(on call: ServerStreamingCall)
  /// Every response message queued so far has been handed to the socket.
  func responseDrained(on call: ServerStreamingCall)
  /// A timer set with ``ServerStreamingCall/scheduleTimer(after:)`` fired.
  func timerFired(on call: ServerStreamingCall)
  /// The call is over (finished, reset by the client, or its connection closed); the last event.
  func ended(on call: ServerStreamingCall)
}

extension StreamingHandler {
  public func start(_ call: ServerStreamingCall) {}
  public func received(_ message: [UInt8], on call: ServerStreamingCall) {}
  public func requestEnded(on call: ServerStreamingCall) {}
  public func responseDrained(on call: ServerStreamingCall) {}
  public func timerFired(on call: ServerStreamingCall) {}
  public func ended(on call: ServerStreamingCall) {}
}

/// Makes the handler object of one streaming call; called on the server's I/O thread.
public typealias StreamingHandlerFactory = @Sendable () -> any StreamingHandler
