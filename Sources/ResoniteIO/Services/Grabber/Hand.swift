import ResoniteIOMessages

/// Which hand a ``GrabberClient`` or ``ContextMenuClient`` call acts on (the reference's
/// `"primary" | "left" | "right"`).
///
/// ``primary`` is the desktop user's main hand; the mod resolves it to ``left`` or ``right``
/// (right when the engine does not say), and Grabber states report the hand it resolved to.
/// The raw values are the reference client's strings.
public enum Hand: String, Sendable, Hashable, CaseIterable {
  /// The user's primary hand (resolved by the mod).
  case primary
  /// The left hand.
  case left
  /// The right hand.
  case right
}

extension Hand {
  var grabberWire: ResoniteIo_V1_GrabberHand {
    switch self {
    case .primary: .primary
    case .left: .left
    case .right: .right
    }
  }

  var contextMenuWire: ResoniteIo_V1_ContextMenuHand {
    switch self {
    case .primary: .primary
    case .left: .left
    case .right: .right
    }
  }

  /// The hand of a Grabber reply: UNSPECIFIED folds to ``primary`` (as the reference maps it);
  /// a value this contract does not know is an ``UnexpectedReplyError`` (the reference would
  /// silently call it primary).
  init(_ wire: ResoniteIo_V1_GrabberHand, method: String) throws(UnexpectedReplyError) {
    switch wire {
    case .unspecified, .primary: self = .primary
    case .left: self = .left
    case .right: self = .right
    case .UNRECOGNIZED(let value):
      throw UnexpectedReplyError(method: method, problem: "unknown GrabberHand \(value) in the reply")
    }
  }
}
