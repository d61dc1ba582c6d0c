import ResoniteGRPC
import ResoniteIO
import ResoniteIOStubs
import ResoniteTestServer
import SwiftProtobuf
import Synchronization
import ResoniteTestSupport
import Testing

@Suite("ContextMenu service")
struct ContextMenuTests {
  typealias Methods = ResoniteIo_V1_ContextMenuStub.Methods

  static let closed = ContextMenuState(isOpen: false, items: [], highlightedIndex: nil)

  @Test("the menu starts closed: no items, nothing highlighted")
  func initiallyClosed() async throws {
    try await withMod { mod, _ async throws in
      #expect(try await mod.contextMenu.state() == Self.closed)
    }
  }

  @Test("open shows the main items with index, label, enabled, icon and colour; opening again is a no-op")
  func open() async throws {
    try await withMod { mod, server async throws in
      let menu = try await mod.contextMenu.open()
      #expect(menu.isOpen)
      #expect(menu.highlightedIndex == nil && menu.highlightedItem == nil)
      #expect(menu.items.map(\.index) == [0, 1, 2, 3])
      #expect(menu.items.map(\.label) == ["Locomotion", "Undo", "Redo", "Respawn"])
      #expect(menu.items.map(\.enabled) == [true, false, false, true])
      let allHaveIcons = menu.items.allSatisfy(\.hasIcon)
      #expect(allHaveIcons)
      #expect(
        menu.items[0]
          == ContextMenuItem(
            index: 0, label: "Locomotion", enabled: true, hasIcon: true,
            color: ContextMenuItem.Color(red: 0.36, green: 0.75, blue: 1.0, alpha: 1.0)))
      #expect(menu.items[3].color.rgba == (1.0, 0.55, 0.2, 1.0))

      _ = try await mod.contextMenu.highlight(2)
      let again = try await mod.contextMenu.open()
      #expect(again.highlightedIndex == 2)
      #expect(server.callCount(path: Methods.open.path) == 2)
    }
  }

  @Test("highlight previews an item and persists; close ends it all")
  func highlightAndClose() async throws {
    try await withMod { mod, server async throws in
      try await mod.contextMenu.open()
      let highlighted = try await mod.contextMenu.highlight(3)
      #expect(highlighted.highlightedIndex == 3)
      #expect(highlighted.highlightedItem?.label == "Respawn")
      #expect(try await mod.contextMenu.state().highlightedIndex == 3)
      #expect(server.mod.contextMenu.invoked == [])

      #expect(try await mod.contextMenu.close() == Self.closed)
      #expect(try await mod.contextMenu.state() == Self.closed)
      #expect(!server.mod.contextMenu.isOpen(.primary))
    }
  }

  @Test("invoke opens the Locomotion submenu, then a submenu item acts and closes the menu")
  func invokeSubmenu() async throws {
    try await withMod { mod, server async throws in
      try await mod.contextMenu.open()
      _ = try await mod.contextMenu.highlight(0)
      let submenu = try await mod.contextMenu.invoke(0)
      #expect(submenu.isOpen)
      #expect(submenu.items.map(\.label) == ["Walk/Run", "Fly", "Noclip"])
      #expect(submenu.highlightedIndex == nil)

      let after = try await mod.contextMenu.invoke(1)
      #expect(after == Self.closed)
      #expect(server.mod.contextMenu.locomotion == "Fly")
      #expect(server.mod.contextMenu.invoked == ["Locomotion", "Fly"])
    }
  }

  @Test("invoking a disabled item does nothing: the menu stays open")
  func invokeDisabled() async throws {
    try await withMod { mod, server async throws in
      try await mod.contextMenu.open()
      let state = try await mod.contextMenu.invoke(1)
      #expect(state.isOpen)
      #expect(state.items.map(\.label) == ["Locomotion", "Undo", "Redo", "Respawn"])
      #expect(server.mod.contextMenu.invoked == [])
    }
  }

  @Test("an index out of the menu's range: INVALID_ARGUMENT", arguments: [4, -1, Int(Int32.max)])
  func outOfRange(index: Int) async throws {
    try await withMod { mod, server async throws in
      try await mod.contextMenu.open()
      for call in [
        { _ = try await mod.contextMenu.highlight(index) }, { _ = try await mod.contextMenu.invoke(index) },
      ] as [() async throws -> Void] {
        let error = await expectRPCError(call)
        #expect(error?.code == .invalidArgument)
        #expect(
          error?.message == "index out of range; menu has 4 item(s). (Parameter 'index')\r\nActual value was \(index).")
      }
      #expect(server.mod.contextMenu.isOpen(.primary))
    }
  }

  @Test("highlight and invoke on a closed menu: FAILED_PRECONDITION, checked before the index")
  func notOpen() async throws {
    try await withMod { mod, _ async throws in
      for call in [
        { _ = try await mod.contextMenu.highlight(0) }, { _ = try await mod.contextMenu.invoke(99) },
      ] as [() async throws -> Void] {
        let error = await expectRPCError(call)
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == ContextMenuModel.notOpenMessage)
      }
    }
  }

  @Test("an index that does not fit 32 bits is refused before any RPC", arguments: [Int(Int32.max) + 1, Int.min])
  func indexGuard(index: Int) async throws {
    try await withMod { mod, server async throws in
      try await mod.contextMenu.open()
      await #expect(throws: ContextMenuIndexError(index: index)) { try await mod.contextMenu.highlight(index) }
      await #expect(throws: ContextMenuIndexError(index: index)) { try await mod.contextMenu.invoke(index) }
      #expect(server.callCount(path: Methods.highlight.path) == 0)
      #expect(server.callCount(path: Methods.invoke.path) == 0)
    }
  }

  @Test("each hand has its own menu; primary is the mod's primary hand")
  func hands() async throws {
    try await withMod { mod, server async throws in
      try await mod.contextMenu.open(hand: .left)
      #expect(server.mod.contextMenu.isOpen(.left))
      #expect(!server.mod.contextMenu.isOpen(.right))
      #expect(try await mod.contextMenu.state(hand: .right) == Self.closed)
      #expect(try await mod.contextMenu.state().isOpen == false)

      server.mod.contextMenu.primaryHand = .left
      #expect(try await mod.contextMenu.state().isOpen)
      #expect(try await mod.contextMenu.close(hand: .primary) == Self.closed)
      #expect(!server.mod.contextMenu.isOpen(.left))
    }
  }

  @Test("the hand is sent as PRIMARY, LEFT or RIGHT")
  func requestHand() async throws {
    try await withMod { mod, server async throws in
      let seen = Mutex<[ResoniteIo_V1_ContextMenuHand]>([])
      let reply: [UInt8] = try ResoniteIo_V1_ContextMenuState().serializedBytes()
      server.register(path: Methods.getState.path) { call in
        if let request = try? ResoniteIo_V1_ContextMenuGetStateRequest(serializedBytes: call.message) {
          seen.withLock { $0.append(request.hand) }
        }
        return .response(reply)
      }
      for hand in Hand.allCases { _ = try await mod.contextMenu.state(hand: hand) }
      #expect(seen.withLock { $0 } == [.primary, .left, .right])
    }
  }

  @Test("a reply's negative highlighted index reads as none; items map field by field")
  func replyMapping() async throws {
    try await withMod { mod, server async throws in
      var item = ResoniteIo_V1_ContextMenuItem()
      item.index = 7
      item.label = "Ünïcode ✓"
      item.enabled = false
      item.hasIcon_p = false
      item.colorR = 0.125
      item.colorG = -1
      item.colorB = 2
      item.colorA = 0
      var state = ResoniteIo_V1_ContextMenuState()
      state.isOpen = true
      state.items = [item]
      state.highlightedIndex = 7
      let highlighted: [UInt8] = try state.serializedBytes()
      state.highlightedIndex = -5
      let none: [UInt8] = try state.serializedBytes()
      server.register(path: Methods.getState.path) { _ in .response(highlighted) }
      server.register(path: Methods.close.path) { _ in .response(none) }

      let read = try await mod.contextMenu.state()
      #expect(
        read.items == [
          ContextMenuItem(
            index: 7, label: "Ünïcode ✓", enabled: false, hasIcon: false,
            color: ContextMenuItem.Color(red: 0.125, green: -1, blue: 2, alpha: 0))
        ])
      #expect(read.highlightedIndex == 7 && read.highlightedItem?.label == "Ünïcode ✓")
      #expect(try await mod.contextMenu.close().highlightedIndex == nil)
    }
  }

  @Test("not ready: every ContextMenu RPC answers FAILED_PRECONDITION with the engine's message")
  func notReady() async throws {
    try await withMod { mod, server async throws in
      server.mod.contextMenu.notReadyMessage = ContextMenuModel.noFocusedWorldMessage
      let calls: [() async throws -> Void] = [
        { try await mod.contextMenu.open() }, { try await mod.contextMenu.close() },
        { _ = try await mod.contextMenu.state() }, { try await mod.contextMenu.highlight(0) },
        { try await mod.contextMenu.invoke(0) },
      ]
      for call in calls {
        let error = await expectRPCError(call)
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == ContextMenuModel.noFocusedWorldMessage)
      }
      for method in Methods.all { #expect(server.callCount(path: method.path) == 1, "\(method)") }
    }
  }
}
