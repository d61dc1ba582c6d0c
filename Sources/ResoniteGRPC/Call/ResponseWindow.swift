/// The receive window of a streaming call's stream: about one message, whatever its size.
///
/// A held stream (``ClientCall/Mode/streaming(bufferedMessages:)``, once that many complete
/// messages wait untaken) gives nothing back, so the peer may go on sending only what it was
/// granted before. That grant cannot be taken back (RFC 9113: a WINDOW_UPDATE only grows a
/// window; only SETTINGS_INITIAL_WINDOW_SIZE shrinks one, and it moves every stream of the
/// connection), so it has to be small before the stream holds, not once it does. Hence a
/// streaming call keeps its stream's window at the length of the message being assembled
/// (its prefix included) from the first length prefix on, and never gives more back: a held
/// stream then lets through at most that one message, a slow consumer's messages are at most
/// about `bufferedMessages + 1` of its periods old, and the call holds about
/// `bufferedMessages + 1` messages. A consumer that keeps up loses nothing: every byte is given
/// back as it arrives, so the peer always has between half a message and a message to send
/// (nghttp2 sends WINDOW_UPDATE once half the window was given back), and a message larger
/// than the connection's initial window (a 33 MB camera frame against 16 MiB) gets a larger
/// window, at once.
///
/// Small messages get at least ``minimum`` (or the connection's initial window when it is
/// smaller), so that a stream of many small ones does not stall on WINDOW_UPDATE; up to that
/// many bytes of them may wait behind a held stream.
enum ResponseWindow {
  /// The smallest window a streaming call asks for: 1 MiB.
  static let minimum = 1 << 20

  /// The window for a stream whose current message is `messageLength` bytes long: the message
  /// with its prefix, at least `minimum`, at most HTTP/2's largest window (2^31 - 1).
  static func target(messageLength: Int, minimum: Int) -> Int {
    min(max(messageLength + GRPCMessage.prefixLength, minimum), Int(Int32.max))
  }
}
