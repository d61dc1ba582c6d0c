import ArgumentParser
import ResoniteIO
import ResoniteTestServer

/// `--not-ready SERVICE[,SERVICE...][=MESSAGE]`: the services whose stand-in answers
/// FAILED_PRECONDITION "not ready" to every RPC, and the message (each service's engine
/// message when absent).
struct NotReadyArgument: ExpressibleByArgument {
  /// A service with a not-ready switch.
  enum Service: String, CaseIterable {
    case display
    case cursor
    case grabber
    case contextMenu = "context-menu"

    /// The engine's message for it: the display's "settings not active", the others' "no
    /// focused world".
    var engineMessage: String {
      switch self {
      case .display: DisplayModel.settingsNotActiveMessage
      case .cursor: CursorModel.noFocusedWorldMessage
      case .grabber: GrabberModel.noFocusedWorldMessage
      case .contextMenu: ContextMenuModel.noFocusedWorldMessage
      }
    }
  }

  /// The services named.
  let services: [Service]
  /// The message given after `=`, if any.
  let message: String?

  init?(argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    let names = parts[0].split(separator: ",", omittingEmptySubsequences: false).map { $0.lowercased() }
    var services: [Service] = []
    for name in names {
      if name == "all" {
        services += Service.allCases
      } else if let service = Service(rawValue: name) {
        services.append(service)
      } else {
        return nil
      }
    }
    self.services = services
    message = parts.count == 2 ? String(parts[1]) : nil
  }

  static var allValueStrings: [String] { Service.allCases.map(\.rawValue) + ["all"] }

  /// Sets the not-ready switches of the named services in `switches`.
  func apply(to switches: inout StandInMod.Switches) {
    for service in services {
      let text = message ?? service.engineMessage
      switch service {
      case .display: switches.displayNotReady = text
      case .cursor: switches.cursorNotReady = text
      case .grabber: switches.grabberNotReady = text
      case .contextMenu: switches.contextMenuNotReady = text
      }
    }
  }
}

/// The `--primary-hand` value: `left` or `right`.
struct PrimaryHandArgument: ExpressibleByArgument {
  /// The parsed hand.
  let hand: Hand

  init(_ hand: Hand) { self.hand = hand }

  init?(argument: String) {
    switch argument.lowercased() {
    case "left": hand = .left
    case "right": hand = .right
    default: return nil
    }
  }

  var defaultValueDescription: String { hand.rawValue }

  static var allValueStrings: [String] { ["left", "right"] }
}
