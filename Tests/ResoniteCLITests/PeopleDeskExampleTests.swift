import Foundation
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Examples/PeopleDesk")
struct PeopleDeskExampleTests {
  @Test("--demo signs in through the two-factor path, tours session and contacts, and shows the writes")
  func demo() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.peopleDesk("--demo")
      #expect(outcome.status == 0, "\(outcome)")
      let lines = outcome.stdoutLines
      try #require(lines.count == 22, "\(outcome)")
      #expect(lines[0].hasPrefix("No Resonite needed: started the bundled test server at "), "\(outcome)")
      #expect(lines[1] == "Auth: signed out")
      #expect(lines[2] == "Sign in as StandIn: Two-factor authentication code is required. Retrying with the code.")
      #expect(
        lines[3].wholeMatch(of: /Auth: signed in as StandIn \(U-standin\), until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/)
          != nil,
        "\(outcome)")
      #expect(
        Array(lines[4...]) == [
          "Session: \"Stand-in Lounge\" (S-stand-in-lounge), contacts_plus, up to 16 users, tags stand-in, social, you host",
          "  Host     U-host     Admin      you, host",
          "  Alice    U-alice    Builder",
          "  Bob      U-bob      Guest",
          "  Guest    (guest)    Spectator",
          "  Guest    (guest)    Spectator",
          "Roles: Admin, Builder, Moderator, Guest, Spectator (visitors Guest, contacts Builder, host Admin)",
          "Contacts: 7 in all, 2 requests",
          "  Alice    online in \"Alice's Workshop\"",
          "  Bob      away in \"Stand-in Lounge\"",
          "  Carol    offline",
          "Requests: Dave, Erin",
          "  accepted Dave: accepted, mutual true",
          "  accepted Erin: accepted, mutual true",
          "Applied: up to 12 users, tags demo",
          "Silenced Bob: true",
          "Alice is now Moderator",
          "Kick \"Guest\": FAILED_PRECONDITION: User name 'Guest' is ambiguous (2 users); target by user_id.",
        ], "\(outcome)")
    }
  }

  @Test("against a running mod it only reads: nothing signed in, accepted or changed")
  func readOnlyAgainstMod() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer(named: "resonite-\(getpid()).sock")
      let outcome = try await scratch.peopleDesk(
        "--demo-if-absent", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(!outcome.stdout.contains("test server"), "\(outcome)")
      #expect(outcome.stdoutLines.first == "Auth: signed out", "\(outcome)")
      #expect(outcome.stdout.contains("Requests: Dave, Erin\n"), "\(outcome)")
      #expect(!outcome.stdout.contains("accepted"), "\(outcome)")
      #expect(server.callCount(path: TestServer.Path.Auth.login) == 0)
      #expect(server.mod.contact.contacts.filter(\.isContactRequest).count == 2)
      #expect(server.mod.session.settings.maxUsers == 16)
    }
  }

  @Test("--credential signs in with $RESONITE_PASSWORD; a needed code is asked for; the password is never printed")
  func credentialLogin() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.auth.twoFactorCode = "111222"
      let password = AuthModel.Account.defaultPassword
      let environment = ["RESONITE_PASSWORD": password]
      let noCode = try await scratch.peopleDesk(
        "-s", server.socketPath, "--credential", "StandIn", environment: environment)
      #expect(noCode.status == 1, "\(noCode)")
      #expect(noCode.stderr.contains("StandIn needs a two-factor code: pass --totp CODE"), "\(noCode)")

      let signedIn = try await scratch.peopleDesk(
        "-s", server.socketPath, "--credential", "standin@example.com", "--totp", "111222", "--accept-requests",
        environment: environment)
      #expect(signedIn.status == 0, "\(signedIn)")
      #expect(
        signedIn.stdoutLines.first?.hasPrefix("Auth: signed in as StandIn (U-standin), until ") == true, "\(signedIn)")
      #expect(signedIn.stdout.contains("  accepted Dave: accepted, mutual true"), "\(signedIn)")
      #expect(server.mod.auth.status.loggedIn)
      for outcome in [noCode, signedIn] {
        #expect(!outcome.stdout.contains(password) && !outcome.stderr.contains(password))
      }
    }
  }

  @Test("no mod and no demo: a bounded wait, then exit 1 with advice on stderr")
  func noMod() async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.peopleDesk("--wait", "0.3", environment: ["RESONITE_IO_SOCKET_DIR": scratch.path])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderr.contains("swift run PeopleDesk --demo"), "\(outcome)")
    }
  }
}

extension Scratch {
  /// Runs the built `PeopleDesk` example with `arguments` (HOME = ``home``, no socket variables
  /// unless `environment` sets them).
  func peopleDesk(_ arguments: String..., environment: [String: String] = [:]) async throws -> ProcessOutcome {
    try await ChildProcess.run(
      BuiltProducts.executable("PeopleDesk"), arguments, environment: ChildProcess.environment(home: home, environment),
      scratch: path, timeout: noHangBound)
  }
}
