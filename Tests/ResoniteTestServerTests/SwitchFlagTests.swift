import Foundation
import ResoniteIO
import ResoniteTestSupport
import Testing

/// The stand-in's switch flags (`--not-ready`, `--vr-mode`, `--not-host`, ...): the built
/// `resoio-test-server` runs as a real process with the flag, and our client sees the status and
/// message the stand-in's own logic answers; the same call on a server without the flag
/// succeeds, so it is the flag that made it fail.
@Suite("resoio-test-server stand-in switch flags")
struct SwitchFlagTests {
  /// One flag, a call it makes fail, and the status it must fail with.
  struct Case: Sendable, CustomTestStringConvertible {
    var flags: [String]
    var code: StatusCode
    var message: String
    /// The call that fails under the flags and succeeds without them.
    var call: @Sendable (ResoniteClient) async throws -> Void
    /// More checks under the flags, after the failing call.
    var then: @Sendable (ResoniteClient) async throws -> Void = { _ in }

    var testDescription: String { flags.joined(separator: " ") }
  }

  static let noFocusedWorld = "No focused world is available yet; engine still initializing."

  static let cases: [Case] = [
    Case(
      flags: ["--not-ready", "display"], code: .failedPrecondition,
      message: "ResolutionSettings / DesktopRenderSettings is not yet active.",
      call: { _ = try await $0.display.get() },
      then: { client async throws in
        // An Apply that changes nothing touches no setting, so it works while not ready.
        try await client.display.apply()
      }),
    Case(
      flags: ["--not-ready", "cursor=booting: Grüße ✓"], code: .failedPrecondition, message: "booting: Grüße ✓",
      call: { _ = try await $0.cursor.position() },
      then: { client async throws in
        // The argument check still comes first.
        let error = await expectRPCError { _ = try await client.cursor.setPosition(x: 2, y: 0.5) }
        #expect(error?.code == .invalidArgument)
      }),
    Case(
      flags: ["--not-ready", "grabber"], code: .failedPrecondition, message: noFocusedWorld,
      call: { _ = try await $0.grabber.state() }),
    Case(
      flags: ["--not-ready", "context-menu"], code: .failedPrecondition, message: noFocusedWorld,
      call: { _ = try await $0.contextMenu.open() },
      then: { client async throws in
        // Only the named service: the grabber still answers.
        #expect(try await client.grabber.state().isHolding == false)
      }),
    Case(
      flags: ["--vr-mode"], code: .failedPrecondition, message: "Grab requires desktop (screen) mode; VR is active.",
      call: { _ = try await $0.grabber.grab() },
      then: { client async throws in
        // The other Grabber RPCs work in VR.
        #expect(try await client.grabber.state().objectNames == [])
        #expect(try await client.grabber.use().heldButtons == [.primary])
      }),
    Case(
      flags: ["--not-host"], code: .permissionDenied, message: "The local user is not allowed to kick users.",
      call: { try await $0.session.kickUser(.user(id: "U-bob")) },
      then: { client async throws in
        #expect(try await client.session.listUsers().map(\.userID).contains("U-bob"), "the refused kick kept Bob")
        let silence = await expectRPCError { _ = try await client.session.silenceUser(.user(id: "U-bob")) }
        #expect(silence?.code == .permissionDenied)
        #expect(silence?.message == "The local user is not allowed to silence users.")
        let apply = await expectRPCError { try await client.session.applySettings(worldName: "Lab") }
        #expect(apply?.message == "The local user is not allowed to change the session settings.")
        // Respawning yourself needs no permission.
        try await client.session.respawnSelf()
      }),
    Case(
      flags: ["--signed-out"], code: .failedPrecondition, message: "Not signed in to the Resonite cloud.",
      call: { _ = try await $0.contact.listContacts() }),
    Case(
      flags: ["--cloud-rejects-writes"], code: .internalError,
      message: "Cloud rejected the contact update for U-grace.",
      call: { _ = try await $0.contact.addContact("U-grace") },
      then: { client async throws in
        #expect(try await client.contact.getContact("U-grace") == nil, "a rejected write changes nothing")
        // The NOT_FOUND check comes first.
        let unknown = await expectRPCError { _ = try await client.contact.addContact("U-nobody") }
        #expect(unknown?.code == .notFound)
        // Reads still work.
        #expect(try await client.contact.listContacts().contactCount == 7)
      }),
    Case(
      flags: ["--two-factor-code", "424242"], code: .failedPrecondition,
      message: "Two-factor authentication code is required.",
      call: { _ = try await $0.auth.login(credential: "StandIn", password: "stand-in-password") },
      then: { client async throws in
        let wrong = await expectRPCError {
          _ = try await client.auth.login(credential: "StandIn", password: "stand-in-password", totp: "000000")
        }
        #expect(wrong?.code == .unauthenticated)
        #expect(wrong?.message == "Invalid two-factor authentication code.")
        let status = try await client.auth.login(credential: "StandIn", password: "stand-in-password", totp: "424242")
        #expect(status.loggedIn && status.userID == "U-standin")
      }),
    Case(
      flags: ["--cloud-not-ready"], code: .failedPrecondition, message: "Cloud session manager is not ready.",
      call: { _ = try await $0.auth.status() },
      then: { client async throws in
        let login = await expectRPCError {
          _ = try await client.auth.login(credential: "StandIn", password: "stand-in-password")
        }
        #expect(login?.code == .failedPrecondition)
        #expect(login?.isTwoFactorRequired == false, "told apart from the TOTP answer by its message")
      }),
    Case(
      flags: ["--inventory-cloud-failure", "cloud down 🙂 100%"], code: .unavailable, message: "cloud down 🙂 100%",
      call: { _ = try await $0.inventory.list("/Inventory") },
      then: { client async throws in
        // A bad path is still INVALID_ARGUMENT: the cloud is only asked for valid ones.
        let relative = await expectRPCError { _ = try await client.inventory.list("Inventory") }
        #expect(relative?.code == .invalidArgument)
      }),
    Case(
      flags: ["--world-fails-to-load", "S-lounge"], code: .failedPrecondition,
      message: "World 'Chill Lounge' failed to load.",
      call: { _ = try await $0.world.join(sessionID: "S-lounge") },
      then: { client async throws in
        #expect(try await client.world.listOpenWorlds().map(\.sessionID).contains("S-lounge") == false)
      }),
  ]

  @Test("the flag makes the stand-in answer its documented status; without it the call succeeds", arguments: cases)
  func flagAnswersStatus(_ testCase: Case) async throws {
    try await withStandIn(testCase.flags) { client async throws in
      let error = await expectRPCError { try await testCase.call(client) }
      #expect(error?.code == testCase.code, "\(String(describing: error))")
      #expect(error?.message == testCase.message)
      try await testCase.then(client)
    }
    try await withStandIn([]) { client async throws in
      try await testCase.call(client)
    }
  }

  @Test("--not-ready all=MESSAGE: Display, Cursor, Grabber and ContextMenu answer it; the rest work")
  func notReadyAll() async throws {
    try await withStandIn(["--not-ready", "all=warming up"]) { client async throws in
      let errors = [
        await expectRPCError { _ = try await client.display.get() },
        await expectRPCError { _ = try await client.cursor.release() },
        await expectRPCError { _ = try await client.grabber.equip() },
        await expectRPCError { _ = try await client.contextMenu.state() },
      ]
      #expect(errors.map { $0?.code } == Array(repeating: .failedPrecondition, count: 4))
      #expect(errors.map { $0?.message } == Array(repeating: "warming up", count: 4))
      #expect(try await client.dash.state().isOpen == false)
    }
  }

  @Test("--not-ready display,grabber: only those two, each with its engine message")
  func notReadyList() async throws {
    try await withStandIn(["--not-ready", "display,grabber"]) { client async throws in
      let display = await expectRPCError { _ = try await client.display.get() }
      #expect(display?.message == "ResolutionSettings / DesktopRenderSettings is not yet active.")
      let grabber = await expectRPCError { _ = try await client.grabber.grab() }
      #expect(grabber?.message == Self.noFocusedWorld)
      #expect(try await client.cursor.position().held == false)
    }
  }

  @Test("--primary-hand left: a primary Grab and ContextMenu act on the left hand")
  func primaryHandLeft() async throws {
    try await withStandIn(["--primary-hand", "left"]) { client async throws in
      let grab = try await client.grabber.grab()
      #expect(grab.state.hand == .left)
      #expect(grab.state.objectNames == ["Cube"])
      #expect(try await client.grabber.state(hand: .right).objectNames == [])
      _ = try await client.contextMenu.open()
      #expect(try await client.contextMenu.state(hand: .left).isOpen)
      #expect(try await client.contextMenu.state(hand: .right).isOpen == false)
    }
    try await withStandIn([]) { client async throws in
      #expect(try await client.grabber.grab().state.hand == .right)
    }
  }

  @Test("--contacts-not-loaded: ListContacts reports list_loaded false, contacts still listed")
  func contactsNotLoaded() async throws {
    try await withStandIn(["--contacts-not-loaded"]) { client async throws in
      let list = try await client.contact.listContacts()
      #expect(list.listLoaded == false)
      #expect(list.contactCount == 7)
    }
    try await withStandIn([]) { client async throws in
      #expect(try await client.contact.listContacts().listLoaded)
    }
  }

  @Test(
    "bad switch values are usage errors (exit 2)",
    arguments: [
      ["--not-ready", "camera"], ["--not-ready", "display,"], ["--primary-hand", "primary"], ["--two-factor-code", ""],
    ])
  func badValues(arguments: [String]) async throws {
    let directory = try TemporaryDirectory(prefix: "rts-sw")
    defer { directory.remove() }
    let outcome = try await ExecutableTests.run(arguments, in: directory)
    #expect(outcome.status == 2, "\(outcome)")
  }
}

/// Runs the built `resoio-test-server` with `flags` on a fresh socket, gives `body` a connected
/// client, then stops both.
private func withStandIn(_ flags: [String], _ body: (ResoniteClient) async throws -> Void) async throws {
  let directory = try TemporaryDirectory(prefix: "rts-sw")
  defer { directory.remove() }
  let server = try await ServerProcess.launch(socketPath: directory.socket(), arguments: flags, scratch: directory.path)
  defer { server.kill(SIGKILL) }
  let client = ResoniteClient(socketPath: server.socketPath, probeTimeout: .zero)
  try await client.connect()
  do {
    try await body(client)
  } catch {
    await client.close()
    throw error
  }
  await client.close()
}
