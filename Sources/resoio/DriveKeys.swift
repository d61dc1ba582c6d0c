import Foundation
import PythonCompatibility
import ResoniteIO

/// The held state of `resoio drive`'s keyboard controls, as the reference's `_DriveState`: what
/// each key toggles, and the full command sent after each change.
///
/// Opposing keys cancel before they flip: `w` then `s` stops (a second `s` goes back). Space is
/// a one-shot jump pulse, sent once. `t` toggles sprint (velocity `sprint` instead of 1), `c`
/// crouch, `x` or `0` resets every axis, `q` quits.
struct DriveState: Equatable {
  var forward = 0.0
  var right = 0.0
  var up = 0.0
  var yawRate = 0.0
  var pitchRate = 0.0
  var sprintOn = false
  var crouchOn = false
  var jumpPending = false

  /// What a key did.
  enum Effect: Equatable {
    /// The state changed: send it.
    case changed
    /// Not a key of the map: nothing to send.
    case ignored
    /// `q`.
    case quit
  }

  /// Applies `key` (a printable character, or `UP`, `DOWN`, `LEFT`, `RIGHT`).
  mutating func apply(_ key: String, lookRate: Double) -> Effect {
    switch key {
    case "w": forward = forward == 0 ? 1 : 0
    case "s": forward = forward == 0 ? -1 : 0
    case "a": right = right == 0 ? -1 : 0
    case "d": right = right == 0 ? 1 : 0
    case "r": up = up == 0 ? 1 : 0
    case "f": up = up == 0 ? -1 : 0
    case "LEFT": yawRate = yawRate == 0 ? -lookRate : 0
    case "RIGHT": yawRate = yawRate == 0 ? lookRate : 0
    case "UP": pitchRate = pitchRate == 0 ? lookRate : 0
    case "DOWN": pitchRate = pitchRate == 0 ? -lookRate : 0
    case " ": jumpPending = true
    case "t": sprintOn.toggle()
    case "c": crouchOn.toggle()
    case "x", "0": self = DriveState()
    case "q": return .quit
    default: return .ignored
    }
    return .changed
  }

  /// The full command (every control present), as the reference's `emit` sends it.
  func command(sprint: Double) -> LocomotionCommand {
    LocomotionCommand(
      moveForward: Float(forward), moveRight: Float(right), moveUp: Float(up), yawRate: Float(yawRate),
      pitchRate: Float(pitchRate), jump: jumpPending, velocity: Float(sprintOn ? sprint : 1), crouch: crouchOn ? 1 : 0)
  }

  /// The status line (no `\r`, no newline), as the reference's `_format_status`.
  func status(sprint: Double) -> String {
    func signed(_ value: Double) -> String { String(format: "%+.1f", value) }
    let velocity = String(format: "%.2f", sprintOn ? sprint : 1.0)
    return "move=(fwd\(signed(forward)),right\(signed(right)),up\(signed(up))) "
      + "look=(\(signed(yawRate)),\(signed(pitchRate))) velocity=\(velocity) crouch=\(crouchOn ? "on" : "off")"
  }
}

/// Turns stdin bytes into key names as the reference's `_KeyParser`: printable bytes as
/// themselves, `ESC [ A/B/C/D` as `UP`/`DOWN`/`RIGHT`/`LEFT`; any other escape sequence is
/// dropped (a bare ESC waits for the next byte, so it is no key).
struct DriveKeyParser {
  private enum Phase { case ground, escape, csi }
  private var phase = Phase.ground

  /// The key `byte` completes, if any.
  mutating func feed(_ byte: UInt8) -> String? {
    switch phase {
    case .ground:
      if byte == 0x1B {
        phase = .escape
        return nil
      }
      return String(UnicodeScalar(byte))
    case .escape:
      phase = byte == UInt8(ascii: "[") ? .csi : .ground
      return nil
    case .csi:
      phase = .ground
      switch byte {
      case UInt8(ascii: "A"): return "UP"
      case UInt8(ascii: "B"): return "DOWN"
      case UInt8(ascii: "C"): return "RIGHT"
      case UInt8(ascii: "D"): return "LEFT"
      default: return nil
      }
    }
  }
}

/// The keymap `resoio drive` prints on stderr at the start, as the reference's `_print_help`.
enum DriveHelp {
  static func text(sprint: Double, lookRate: Double) -> String {
    """
    resoio drive — interactive controls
      w / s : forward / back toggle (mutually exclusive)
      a / d : strafe left / right toggle (mutually exclusive)
      r / f : 上昇 / 下降 (fly/noclip 中のみ有効)
      LEFT/RIGHT arrows : yaw left / right toggle
      UP/DOWN arrows    : look up / down toggle
      Space : jump pulse (one tick)
      t : sprint toggle (velocity 1.0 <-> \(PythonText.float(sprint)))
      c : crouch toggle
      x / 0 : stop all (reset every axis)
      q : quit
    settings: look_rate=\(PythonText.float(lookRate)) deg/s, sprint=\(PythonText.float(sprint))
    """
  }
}
