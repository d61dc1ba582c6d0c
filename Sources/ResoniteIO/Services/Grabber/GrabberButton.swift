import ResoniteIOMessages

/// A button that ``GrabberClient/use(hand:button:strength:options:)`` presses (the
/// reference's `"primary" | "secondary"`).
///
/// The raw values are the reference client's strings.
public enum GrabberButton: String, Sendable, Hashable, CaseIterable {
  /// The primary button, a left click: aligns a grabbed object, or activates an equipped tool.
  /// It carries an analog strength (for example a pen's pressure).
  case primary
  /// The secondary button, a right click (digital: no strength).
  case secondary
}

extension GrabberButton {
  var wire: ResoniteIo_V1_GrabberButton {
    switch self {
    case .primary: .primary
    case .secondary: .secondary
    }
  }

  /// A button of a reply: UNSPECIFIED folds to ``primary`` (as the reference maps it); a
  /// value this contract does not know is an ``UnexpectedReplyError``.
  init(_ wire: ResoniteIo_V1_GrabberButton, method: String) throws(UnexpectedReplyError) {
    switch wire {
    case .unspecified, .primary: self = .primary
    case .secondary: self = .secondary
    case .UNRECOGNIZED(let value):
      throw UnexpectedReplyError(method: method, problem: "unknown GrabberButton \(value) in the reply")
    }
  }
}
