public import ResoniteGRPC

/// How a client-streaming call of the stand-in mod ended (a Locomotion Drive, a Microphone
/// stream), as its model records it.
public enum ClientStreamEnd: Sendable, Hashable {
  /// The client half-closed: the model kept its state (the avatar's controls, the ring) and
  /// the summary was sent.
  case halfClosed
  /// The client cancelled or disconnected: the model reset (neutral controls, a cleared ring).
  case cancelled
  /// The server ended it with this status (a knob); the model reset as for a cancel.
  case failed(StatusCode)
}
