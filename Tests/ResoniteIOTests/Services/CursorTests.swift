import ResoniteGRPC
import ResoniteIO
import ResoniteIOStubs
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Cursor service")
struct CursorTests {
  static let setPosition = ResoniteIo_V1_CursorStub.Methods.setPosition.path

  @Test("position reads the initial state: the centre, the display's window size, not held")
  func initialState() async throws {
    try await withMod { mod, _ async throws in
      let state = try await mod.cursor.position()
      #expect(state == CursorState(x: 0.5, y: 0.5, windowWidth: 1280, windowHeight: 720, held: false))
      #expect(state.pixel == (640, 360))
    }
  }

  @Test("setPosition holds until release; release is idempotent and keeps the position")
  func holdAndRelease() async throws {
    try await withMod { mod, server async throws in
      let held = try await mod.cursor.setPosition(x: 0.25, y: 0.75)
      #expect(held == CursorState(x: 0.25, y: 0.75, windowWidth: 1280, windowHeight: 720, held: true))
      #expect(try await mod.cursor.position() == held)
      #expect(server.mod.cursor.held)

      let moved = try await mod.cursor.setPosition(x: 1, y: 0)
      #expect(moved.x == 1 && moved.y == 0 && moved.held)

      let released = try await mod.cursor.release()
      #expect(released == CursorState(x: 1, y: 0, windowWidth: 1280, windowHeight: 720, held: false))
      #expect(try await mod.cursor.release() == released)
      #expect(!server.mod.cursor.held)
    }
  }

  @Test(
    "x or y outside [0, 1] or NaN: INVALID_ARGUMENT with the mod's message, nothing changes",
    arguments: [
      (Float(1.5), Float(0.5), "(1.5, 0.5)"), (-0.25, 0.5, "(-0.25, 0.5)"), (0.5, 2, "(0.5, 2)"),
      (.nan, 0.5, "(NaN, 0.5)"), (0.5, .infinity, "(0.5, ∞)"),
    ])
  func outOfRange(x: Float, y: Float, shown: String) async throws {
    try await withMod { mod, server async throws in
      let error = await expectRPCError { _ = try await mod.cursor.setPosition(x: x, y: y) }
      #expect(error?.code == .invalidArgument)
      #expect(error?.message == "Cursor position must be normalized within [0,1]; got \(shown).")
      #expect(server.callCount(path: Self.setPosition) == 1)  // sent as is: the mod checks
      #expect(server.mod.cursor.position == (0.5, 0.5))
      #expect(!server.mod.cursor.held)
    }
  }

  @Test("not ready: FAILED_PRECONDITION, but invalid coordinates are rejected first")
  func notReady() async throws {
    try await withMod { mod, server async throws in
      server.mod.cursor.notReadyMessage = CursorModel.noFocusedWorldMessage
      let invalid = await expectRPCError { _ = try await mod.cursor.setPosition(x: 3, y: 0) }
      #expect(invalid?.code == .invalidArgument)
      for call in [
        { _ = try await mod.cursor.setPosition(x: 0.5, y: 0.5) },
        { _ = try await mod.cursor.position() },
        { _ = try await mod.cursor.release() },
      ] as [() async throws -> Void] {
        let error = await expectRPCError(call)
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == CursorModel.noFocusedWorldMessage)
      }
    }
  }

  @Test("the window size follows Display.apply")
  func windowSizeFollowsDisplay() async throws {
    try await withMod { mod, _ async throws in
      try await mod.display.apply(width: 1920, height: 1200)
      let state = try await mod.cursor.setPosition(x: 0.5, y: 0.25)
      #expect(state.windowWidth == 1920 && state.windowHeight == 1200)
      #expect(state.pixel == (960, 300))
    }
  }

  @Test("a world focus change ends the hold: held reads false afterwards")
  func focusChangeEndsHold() async throws {
    try await withMod { mod, server async throws in
      _ = try await mod.cursor.setPosition(x: 0.1, y: 0.9)
      server.mod.cursor.endHoldByFocusChange()
      let state = try await mod.cursor.position()
      #expect(!state.held)
      #expect(state.x == 0.1 && state.y == 0.9)
    }
  }
}
