import ResoniteGRPC
import ResoniteIO
import ResoniteIOStubs
import ResoniteTestServer
import SwiftProtobuf
import Synchronization
import ResoniteTestSupport
import Testing

@Suite("Grabber service")
struct GrabberTests {
  typealias Methods = ResoniteIo_V1_GrabberStub.Methods

  @Test("grab at the centre gets the Cube with the primary (right) hand; release drops it back")
  func grabAndRelease() async throws {
    try await withMod { mod, server async throws in
      let before = wallClockNanos()
      let result = try await mod.grabber.grab()
      #expect(result.grabbed)
      #expect(result.state.hand == .right)
      #expect(result.state.isHolding)
      #expect(result.state.objectNames == ["Cube"])
      #expect(!result.state.isToolEquipped && result.state.equippedToolName == "" && result.state.heldButtons == [])
      #expect(result.state.unixNanos >= before && result.state.unixNanos <= wallClockNanos())
      #expect(server.mod.grabber.heldObjects(.right) == ["Cube"])
      #expect(!server.mod.grabber.worldObjects.contains { $0.name == "Cube" })

      #expect(try await mod.grabber.state().objectNames == ["Cube"])

      let released = try await mod.grabber.release()
      #expect(!released.isHolding && released.objectNames == [])
      #expect(server.mod.grabber.worldObjects.contains { $0.name == "Cube" })
    }
  }

  @Test("a grab just out of range misses (grabbed = false, not an error); a larger radius hits")
  func missThenHit() async throws {
    try await withMod { mod, server async throws in
      _ = try await mod.cursor.setPosition(x: 0.55, y: 0.5)  // 0.2 m from the Cube
      let miss = try await mod.grabber.grab()
      #expect(!miss.grabbed)
      #expect(!miss.state.isHolding && miss.state.objectNames == [])
      #expect(server.mod.grabber.grabs.last?.hit == true)

      let hit = try await mod.grabber.grab(radius: 0.25)
      #expect(hit.grabbed)
      #expect(hit.state.objectNames == ["Cube"])
    }
  }

  @Test("aiming at the sky: the ray hits nothing, grabbed = false")
  func skyMiss() async throws {
    try await withMod { mod, server async throws in
      _ = try await mod.cursor.setPosition(x: 0.5, y: 0.1)
      let result = try await mod.grabber.grab(radius: 10)
      #expect(!result.grabbed)
      #expect(server.mod.grabber.grabs.last?.hit == false)
      #expect(server.mod.grabber.worldObjects.count == 3)
    }
  }

  @Test("a radius ≤ 0 is sent as is, and the mod uses 0.1 m", arguments: [Float(0), -1])
  func defaultRadius(radius: Float) async throws {
    try await withMod { mod, server async throws in
      _ = try await mod.grabber.grab(radius: radius)
      let attempt = try #require(server.mod.grabber.grabs.last)
      #expect(attempt.requestedRadius == radius)
      #expect(attempt.radius == GrabberModel.defaultRadius)
    }
  }

  @Test("hands are separate; primary resolves to the mod's primary hand and the state says which")
  func hands() async throws {
    try await withMod { mod, server async throws in
      let left = try await mod.grabber.grab(hand: .left)
      #expect(left.state.hand == .left && left.state.objectNames == ["Cube"])
      #expect(try await mod.grabber.state(hand: .right).objectNames == [])
      #expect(try await mod.grabber.state(hand: .primary).hand == .right)

      server.mod.grabber.primaryHand = .left
      let primary = try await mod.grabber.state()
      #expect(primary.hand == .left && primary.objectNames == ["Cube"])
      #expect(try await mod.grabber.release(hand: .right).hand == .right)
      #expect(server.mod.grabber.heldObjects(.left) == ["Cube"])
    }
  }

  @Test("use holds buttons until unuse; unuse of a button not held is a no-op")
  func useAndUnuse() async throws {
    try await withMod { mod, server async throws in
      #expect(try await mod.grabber.use(button: .secondary).heldButtons == [.secondary])
      let both = try await mod.grabber.use(strength: 0.3)
      #expect(both.heldButtons == [.secondary, .primary])
      #expect(server.mod.grabber.strength(.right, .primary) == 0.3)
      #expect(try await mod.grabber.state().heldButtons == [.secondary, .primary])

      #expect(try await mod.grabber.unuse(button: .secondary).heldButtons == [.primary])
      #expect(try await mod.grabber.unuse(button: .secondary).heldButtons == [.primary])
      #expect(try await mod.grabber.unuse().heldButtons == [])
      #expect(try await mod.grabber.state(hand: .left).heldButtons == [])
    }
  }

  @Test("use always sends the strength (default 1.0); the mod clamps it; absent means 1.0")
  func strength() async throws {
    try await withMod { mod, server async throws in
      let sent = Mutex<[Float?]>([])
      let reply: [UInt8] = try ResoniteIo_V1_GrabberGrabState().serializedBytes()
      server.register(path: Methods.use.path) { call in
        let request = try? ResoniteIo_V1_GrabberUseRequest(serializedBytes: call.message)
        sent.withLock { $0.append(request.flatMap { $0.hasStrength ? $0.strength : nil }) }
        return .response(reply)
      }
      _ = try await mod.grabber.use()
      _ = try await mod.grabber.use(strength: 0.5)
      #expect(sent.withLock { $0 } == [1.0, 0.5])
      server.unregister(path: Methods.use.path)

      _ = try await mod.grabber.use(strength: 2)
      #expect(server.mod.grabber.strength(.right, .primary) == 1)
      _ = try await mod.grabber.use(strength: -1)
      #expect(server.mod.grabber.strength(.right, .primary) == 0)

      var bare = ResoniteIo_V1_GrabberUseRequest()
      bare.hand = .primary
      bare.button = .secondary
      _ = try await ResoniteIo_V1_GrabberStub(channel: mod.channel()).use(bare)
      #expect(server.mod.grabber.strength(.right, .secondary) == 1)
    }
  }

  @Test("click is use then unuse (two RPCs) and returns the state after unuse")
  func click() async throws {
    try await withMod { mod, server async throws in
      let state = try await mod.grabber.click(button: .secondary, strength: 0.7)
      #expect(state.heldButtons == [])
      #expect(server.callCount(path: Methods.use.path) == 1)
      #expect(server.callCount(path: Methods.unuse.path) == 1)
      let press = try #require(server.mod.grabber.presses.last)
      #expect(press.button == .secondary && press.strength == 0.7 && press.hand == .right)
    }
  }

  @Test("click sends no unuse when the use fails")
  func clickUseFails() async throws {
    try await withMod({
      $0.failures[Methods.use.path] = CallFailure(code: .internalError, message: "Grabber bridge faulted: x")
    }) { mod, server async throws in
      let error = await expectRPCError { _ = try await mod.grabber.click() }
      #expect(error?.code == .internalError)
      #expect(server.callCount(path: Methods.unuse.path) == 0)
    }
  }

  @Test("equip takes the held tool into the hand, use activates it, dequip puts it back")
  func equipAndDequip() async throws {
    try await withMod { mod, server async throws in
      _ = try await mod.cursor.setPosition(x: 0.75, y: 0.5)
      #expect(try await mod.grabber.grab().state.objectNames == ["Pen"])
      let equipped = try await mod.grabber.equip()
      #expect(equipped.isToolEquipped && equipped.equippedToolName == "Pen")
      #expect(!equipped.isHolding && equipped.objectNames == [])

      _ = try await mod.grabber.click()
      #expect(server.mod.grabber.presses.last?.tool == "Pen")

      let dequipped = try await mod.grabber.dequip()
      #expect(!dequipped.isToolEquipped && dequipped.equippedToolName == "")
      #expect(server.mod.grabber.worldObjects.contains { $0.name == "Pen" })
      let again = try await mod.grabber.dequip()
      #expect(!again.isToolEquipped)
      #expect(server.mod.grabber.worldObjects.filter { $0.name == "Pen" }.count == 1)
    }
  }

  @Test("equip with no tool held is a no-op")
  func equipWithoutTool() async throws {
    try await withMod { mod, _ async throws in
      _ = try await mod.grabber.grab()
      let state = try await mod.grabber.equip()
      #expect(!state.isToolEquipped)
      #expect(state.objectNames == ["Cube"])
    }
  }

  @Test("VR mode: grab answers FAILED_PRECONDITION, the other RPCs still work")
  func vrMode() async throws {
    try await withMod { mod, server async throws in
      server.mod.grabber.vrMode = true
      let error = await expectRPCError { _ = try await mod.grabber.grab() }
      #expect(error?.code == .failedPrecondition)
      #expect(error?.message == GrabberModel.vrModeMessage)
      #expect(try await mod.grabber.use().heldButtons == [.primary])
      #expect(try await mod.grabber.equip().hand == .right)
    }
  }

  @Test("not ready: every Grabber RPC answers FAILED_PRECONDITION with the engine's message")
  func notReady() async throws {
    try await withMod { mod, server async throws in
      server.mod.grabber.notReadyMessage = GrabberModel.noFocusedWorldMessage
      let calls: [() async throws -> Void] = [
        { _ = try await mod.grabber.grab() }, { try await mod.grabber.release() },
        { _ = try await mod.grabber.state() }, { try await mod.grabber.use() }, { try await mod.grabber.unuse() },
        { try await mod.grabber.equip() }, { try await mod.grabber.dequip() },
      ]
      for call in calls {
        let error = await expectRPCError(call)
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == GrabberModel.noFocusedWorldMessage)
      }
      for method in Methods.all { #expect(server.callCount(path: method.path) == 1, "\(method)") }
    }
  }

  @Test("the hand is sent as PRIMARY, LEFT or RIGHT, and the button as PRIMARY or SECONDARY")
  func requestEnums() async throws {
    try await withMod { mod, server async throws in
      let seen = Mutex<[(ResoniteIo_V1_GrabberHand, ResoniteIo_V1_GrabberButton)]>([])
      let reply: [UInt8] = try ResoniteIo_V1_GrabberGrabState().serializedBytes()
      server.register(path: Methods.unuse.path) { call in
        if let request = try? ResoniteIo_V1_GrabberUnuseRequest(serializedBytes: call.message) {
          seen.withLock { $0.append((request.hand, request.button)) }
        }
        return .response(reply)
      }
      for hand in Hand.allCases {
        for button in GrabberButton.allCases { _ = try await mod.grabber.unuse(hand: hand, button: button) }
      }
      let pairs = seen.withLock { $0 }
      #expect(pairs.map(\.0) == [.primary, .primary, .left, .left, .right, .right])
      #expect(pairs.map(\.1) == [.primary, .secondary, .primary, .secondary, .primary, .secondary])
      #expect(Hand.allCases.map(\.rawValue) == ["primary", "left", "right"])
      #expect(GrabberButton.allCases.map(\.rawValue) == ["primary", "secondary"])
    }
  }

  @Test("a reply's UNSPECIFIED hand and buttons fold to primary; a reply without a state decodes as the default")
  func unspecifiedFolds() async throws {
    try await withMod { mod, server async throws in
      var state = ResoniteIo_V1_GrabberGrabState()
      state.hand = .unspecified
      state.heldButtons = [.unspecified, .secondary]
      state.objectNames = ["A", ""]
      state.unixNanos = 1_764_000_000_123_456_789
      state.isHolding = true
      let bytes: [UInt8] = try state.serializedBytes()
      server.register(path: Methods.getState.path) { _ in .response(bytes) }
      let empty: [UInt8] = try ResoniteIo_V1_GrabberGrabResult().serializedBytes()
      server.register(path: Methods.grab.path) { _ in .response(empty) }

      let read = try await mod.grabber.state()
      #expect(
        read
          == GrabState(
            hand: .primary, isHolding: true, objectNames: ["A", ""], unixNanos: 1_764_000_000_123_456_789,
            isToolEquipped: false, equippedToolName: "", heldButtons: [.primary, .secondary]))
      let grab = try await mod.grabber.grab()
      #expect(
        grab
          == GrabResult(
            grabbed: false,
            state: GrabState(
              hand: .primary, isHolding: false, objectNames: [], unixNanos: 0, isToolEquipped: false,
              equippedToolName: "", heldButtons: [])))
    }
  }

  @Test("a hand or button value this contract does not know is an UnexpectedReplyError")
  func unknownEnumValues() async throws {
    try await withMod { mod, server async throws in
      var badHand = ResoniteIo_V1_GrabberGrabState()
      badHand.hand = .UNRECOGNIZED(9)
      let badHandBytes: [UInt8] = try badHand.serializedBytes()
      server.register(path: Methods.release.path) { _ in .response(badHandBytes) }
      var badButton = ResoniteIo_V1_GrabberGrabState()
      badButton.hand = .left
      badButton.heldButtons = [.primary, .UNRECOGNIZED(5)]
      let badButtonBytes: [UInt8] = try badButton.serializedBytes()
      server.register(path: Methods.equip.path) { _ in .response(badButtonBytes) }

      await #expect(
        throws: UnexpectedReplyError(method: "Grabber/Release", problem: "unknown GrabberHand 9 in the reply")
      ) {
        try await mod.grabber.release()
      }
      await #expect(
        throws: UnexpectedReplyError(method: "Grabber/Equip", problem: "unknown GrabberButton 5 in the reply")
      ) {
        try await mod.grabber.equip()
      }
    }
  }
}
