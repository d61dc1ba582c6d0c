import ResoniteGRPC
import ResoniteIO
import ResoniteIOStubs
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Display service")
struct DisplayTests {
  static let apply = ResoniteIo_V1_DisplayStub.Methods.apply.path
  static let get = ResoniteIo_V1_DisplayStub.Methods.get.path

  @Test("get reads the stand-in's initial settings: 1280×720, background cap 30")
  func initialSettings() async throws {
    try await withMod { mod, _ async throws in
      let info = try await mod.display.get()
      #expect(info == DisplayInfo(width: 1280, height: 720, maxFPS: 30))
    }
  }

  @Test("apply then get: the settings persist, and 0 leaves a setting unchanged")
  func applyThenGet() async throws {
    try await withMod { mod, server async throws in
      try await mod.display.apply(width: 1920, height: 1080, maxFPS: 60)
      #expect(try await mod.display.get() == DisplayInfo(width: 1920, height: 1080, maxFPS: 60))

      try await mod.display.apply(width: 800)
      #expect(try await mod.display.get() == DisplayInfo(width: 800, height: 1080, maxFPS: 60))

      try await mod.display.apply(maxFPS: 15)
      #expect(try await mod.display.get() == DisplayInfo(width: 800, height: 1080, maxFPS: 15))

      try await mod.display.apply()
      #expect(try await mod.display.get() == DisplayInfo(width: 800, height: 1080, maxFPS: 15))
      #expect(server.mod.display.size == (800, 1080))
      #expect(server.callCount(path: Self.apply) == 4)
    }
  }

  @Test("maxFPS is stored as a whole number, and ≤ 0 leaves it unchanged")
  func maxFPSIsTruncated() async throws {
    try await withMod { mod, server async throws in
      try await mod.display.apply(maxFPS: 59.9)
      #expect(server.mod.display.maxFPS == 59)
      #expect(try await mod.display.get().maxFPS == 59)
      try await mod.display.apply(maxFPS: -5)
      #expect(try await mod.display.get().maxFPS == 59)
    }
  }

  @Test("a negative or too large size is refused before any RPC", arguments: [-1, Int(UInt32.max) + 1])
  func sizeGuard(value: Int) async throws {
    try await withMod { mod, server async throws in
      await #expect(throws: DisplayArgumentError(argument: "width", value: value)) {
        try await mod.display.apply(width: value)
      }
      await #expect(throws: DisplayArgumentError(argument: "height", value: value)) {
        try await mod.display.apply(width: 640, height: value)
      }
      #expect(server.callCount(path: Self.apply) == 0)
      #expect(server.mod.display.width == 1280)
    }
  }

  @Test("UInt32.max is the largest size that passes the guard")
  func largestSize() async throws {
    try await withMod { mod, server async throws in
      try await mod.display.apply(width: Int(UInt32.max))
      #expect(server.mod.display.width == Int(UInt32.max))
    }
  }

  @Test(
    "settings not active: FAILED_PRECONDITION with the engine's message; an all-zero apply touches nothing and succeeds"
  )
  func notReady() async throws {
    try await withMod { mod, server async throws in
      server.mod.display.notReadyMessage = DisplayModel.settingsNotActiveMessage
      let getError = await expectRPCError { _ = try await mod.display.get() }
      #expect(getError?.code == .failedPrecondition)
      #expect(getError?.message == DisplayModel.settingsNotActiveMessage)
      let applyError = await expectRPCError { try await mod.display.apply(height: 600) }
      #expect(applyError?.code == .failedPrecondition)
      #expect(server.mod.display.height == 720)
      try await mod.display.apply()
      #expect(server.mod.display.applyCount == 1)
    }
  }

  @Test("a status the server chooses surfaces unchanged (the fail-any-RPC knob)")
  func failureKnob() async throws {
    try await withMod({
      $0.failures[Self.get] = CallFailure(code: .unavailable, message: "Display bridge is not configured.")
    }) { mod, _ async throws in
      let error = await expectRPCError { _ = try await mod.display.get() }
      #expect(error?.code == .unavailable)
      #expect(error?.message == "Display bridge is not configured.")
    }
  }

  @Test("a client that is not connected throws notConnected and sends nothing")
  func notConnected() async throws {
    try await withServer { server, _ in
      let client = ResoniteClient(socketPath: server.socketPath, probeTimeout: .zero)
      await #expect(throws: ResoniteClientError.notConnected) { _ = try await client.display.get() }
      await #expect(throws: ResoniteClientError.notConnected) { try await client.cursor.release() }
      await #expect(throws: ResoniteClientError.notConnected) { try await client.grabber.release() }
      await #expect(throws: ResoniteClientError.notConnected) { try await client.contextMenu.close() }
      await #expect(throws: ResoniteClientError.notConnected) { _ = try await client.lifecycle.shutdown() }
      #expect(server.observations.requests.isEmpty)
    }
  }
}
