// DesktopHands: the display, the cursor, a hand and the context menu of Resonite, from Swift.
//
// It reads the window size, aims the cursor at the centre, grabs what is there, clicks,
// lets go, opens the radial menu and highlights its first item, then puts everything back.
// With --demo it first starts the bundled test server (a stand-in for the mod), so it runs
// anywhere:
//
//   swift run DesktopHands --demo
import ExampleSupport
import ResoniteCommandLine
import ArgumentParser
import Foundation
import ResoniteIO

@main
struct DesktopHands: AsyncParsableCommand {
  /// Usage errors exit 2, as every executable of this package does.
  static func main() async { await mainExitingTwoOnUsageErrors() }

  static let configuration = CommandConfiguration(
    abstract: "Aim the cursor, grab, click and browse the context menu of a running Resonite.",
    discussion: """
      Without -s/--socket the socket is found the way the mod binds it: RESONITE_IO_SOCKET, \
      else resonite-<pid>.sock in RESONITE_IO_SOCKET_DIR or ~/.resonite-io/ (stale ones skipped).
      """)

  @Option(help: "Resize the window first, for example 1280x720 (the default leaves it alone).")
  var resize: String?

  @OptionGroup var target: ModOptions

  func run() async throws {
    let size = try resize.map(Self.parseSize)

    // 1. Pick the server (the running mod, or the bundled test server) and wait until it answers.
    try await target.withReadyMod(example: "DesktopHands") { ready in
      try await run(on: ready, resizingTo: size)
    }
  }

  func run(on ready: ReadyMod, resizingTo size: (width: Int, height: Int)?) async throws {
    let path = ready.socketPath
    // 2. One connection for every service; withConnection always closes it.
    try await ResoniteClient.withConnection(socketPath: path) { mod in
      // Display: 0 would mean "leave unchanged"; Apply answers nothing, so read it back.
      if let size { try await mod.display.apply(width: size.width, height: size.height) }
      let display = try await mod.display.get()
      print("Display:     \(display.width)x\(display.height), background cap \(Int(display.maxFPS)) fps")

      // Cursor: normalized window coordinates, held until released.
      let cursor = try await mod.cursor.setPosition(x: 0.5, y: 0.5)
      let pixel = cursor.pixel
      print("Cursor:      held at (0.50, 0.50), pixel (\(Int(pixel.x)), \(Int(pixel.y)))")

      // Grabber: a grab aims where the cursor ray hits; a miss is not an error.
      let grab = try await mod.grabber.grab()
      let hand = grab.state.hand.rawValue
      if grab.grabbed {
        print("Grab:        \(hand) hand holds \(grab.state.objectNames.joined(separator: ", "))")
      } else {
        print("Grab:        nothing in reach of the \(hand) hand")
      }
      let clicked = try await mod.grabber.click()
      print("Click:       primary pressed and released, held buttons now \(clicked.heldButtons.count)")
      let released = try await mod.grabber.release()
      print("Release:     \(released.isHolding ? "still holding" : "hand empty")")

      // Context menu: open it, list its items, highlight the first, close it.
      let menu = try await mod.contextMenu.open()
      let labels = menu.items.map { $0.enabled ? $0.label : "\($0.label) (disabled)" }
      print("Menu:        \(labels.joined(separator: ", "))")
      if let first = menu.items.first {
        let highlighted = try await mod.contextMenu.highlight(first.index)
        print("Highlighted: \(highlighted.highlightedItem?.label ?? "none")")
      }
      let closed = try await mod.contextMenu.close()
      print("Menu open:   \(closed.isOpen)")

      let free = try await mod.cursor.release()
      print("Cursor held: \(free.held)")
    }
  }

  /// `1280x720` as a size.
  static func parseSize(_ text: String) throws -> (width: Int, height: Int) {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
      throw ValidationError("--resize wants WIDTHxHEIGHT, for example 1280x720; got \(text)")
    }
    return (width, height)
  }
}
