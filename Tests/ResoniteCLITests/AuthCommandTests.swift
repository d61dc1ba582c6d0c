import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio auth")
struct AuthCommandTests {
  static let password = "stand-in-password"
  /// 2026-01-02 03:04:05.678901 UTC, with nanoseconds the ISO date drops.
  static let expiry: Int64 = 1_767_323_045_678_901_234

  /// A server whose stand-in account is signed in with ``expiry``.
  static func signedIn(_ scratch: Scratch) throws -> TestServer {
    let server = try scratch.startServer()
    server.mod.auth.update { state in
      state.status.loggedIn = true
      state.status.userID = "U-standin"
      state.status.userName = "StandIn"
      state.status.sessionExpiresUnixNanos = expiry
    }
    return server
  }

  @Test("status signed out: 'Not logged in'; json with the five keys, the ISO date null")
  func statusSignedOut() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let human = try await scratch.resoio("auth", "status", "-s", server.socketPath)
      #expect(human.status == 0, "\(human)")
      #expect(human.stdoutLines == ["Not logged in"], "\(human)")
      let json = try await scratch.resoio("auth", "status", "--format", "json", "-s", server.socketPath)
      #expect(
        json.stdout == """
          {
            "logged_in": false,
            "user_id": "",
            "user_name": "",
            "session_expires_unix_nanos": 0,
            "session_expires_iso": null
          }

          """, "\(json)")
    }
  }

  @Test("status signed in: the name, the id and the expiry in UTC (microseconds in the ISO form)")
  func statusSignedIn() async throws {
    try await withScratch { scratch in
      let server = try Self.signedIn(scratch)
      let human = try await scratch.resoio("auth", "status", "-s", server.socketPath)
      #expect(
        human.stdoutLines == ["Logged in as StandIn (U-standin)", "Session expires at 2026-01-02 03:04:05 UTC"],
        "\(human)")
      let json = try await scratch.resoio("auth", "status", "--format", "json", "-s", server.socketPath)
      #expect(json.stdout.contains("\"session_expires_unix_nanos\": 1767323045678901234,"), "\(json)")
      #expect(json.stdout.contains("\"session_expires_iso\": \"2026-01-02T03:04:05.678901+00:00\"\n}"), "\(json)")
    }
  }

  @Test("an expiry on a whole second: no fraction in the ISO form (as Python's isoformat)")
  func wholeSecond() async throws {
    try await withScratch { scratch in
      let server = try Self.signedIn(scratch)
      server.mod.auth.update { $0.status.sessionExpiresUnixNanos = 1_767_323_045_000_000_999 }
      let json = try await scratch.resoio("auth", "status", "--format", "json", "-s", server.socketPath)
      #expect(json.stdout.contains("\"session_expires_iso\": \"2026-01-02T03:04:05+00:00\""), "\(json)")
    }
  }

  @Test("logout signs out and prints 'Not logged in'")
  func logout() async throws {
    try await withScratch { scratch in
      let server = try Self.signedIn(scratch)
      let outcome = try await scratch.resoio("auth", "logout", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["Not logged in"], "\(outcome)")
      #expect(!server.mod.auth.status.loggedIn)
      let json = try await scratch.resoio("auth", "logout", "--format", "json", "-s", server.socketPath)
      #expect(json.stdout.contains("\"logged_in\": false,"), "\(json)")
    }
  }

  @Test("login with RESONITE_IO_PASSWORD: signed in, remember_me by default, --no-remember and --totp sent")
  func loginEnvironment() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let environment = ["RESONITE_IO_PASSWORD": Self.password]
      let outcome = try await scratch.resoio(
        arguments: ["auth", "login", "standin@example.com", "-s", server.socketPath], environment: environment)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.first == "Logged in as StandIn (U-standin)", "\(outcome)")
      #expect(outcome.stdoutLines.count == 2 && outcome.stdoutLines[1].hasPrefix("Session expires at "), "\(outcome)")
      #expect(!outcome.stdout.contains(Self.password) && !outcome.stderr.contains(Self.password))
      #expect(server.mod.auth.snapshot.lastLogin?.rememberMe == true)
      #expect(server.mod.auth.snapshot.lastLogin?.totp == nil)
      let json = try await scratch.resoio(
        arguments: [
          "auth", "login", "StandIn", "--no-remember", "--totp", "123456", "--format", "json", "-s", server.socketPath,
        ],
        environment: environment)
      #expect(json.status == 0, "\(json)")
      #expect(json.stdout.hasPrefix("{\n  \"logged_in\": true,\n  \"user_id\": \"U-standin\","), "\(json)")
      #expect(server.mod.auth.snapshot.lastLogin?.rememberMe == false)
      #expect(server.mod.auth.snapshot.lastLogin?.totp == "123456")
    }
  }

  @Test("login with the password as one line of piped stdin (only the newline removed; the variable wins)")
  func loginStdin() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let piped = try await scratch.resoio(
        arguments: ["auth", "login", "StandIn", "-s", server.socketPath], stdin: Self.password + "\nmore\n")
      #expect(piped.status == 0, "\(piped)")
      #expect(piped.stdoutLines.first == "Logged in as StandIn (U-standin)", "\(piped)")
      let spaced = try await scratch.resoio(
        arguments: ["auth", "login", "StandIn", "-s", server.socketPath], stdin: Self.password + " \n")
      #expect(spaced.status == 1, "a trailing space is part of the password: \(spaced)")
      #expect(spaced.stderrLines.first == "resoio auth login: UNAUTHENTICATED: Invalid credentials.", "\(spaced)")
      let both = try await scratch.resoio(
        arguments: ["auth", "login", "StandIn", "-s", server.socketPath], stdin: "wrong\n",
        environment: ["RESONITE_IO_PASSWORD": Self.password])
      #expect(both.status == 0, "\(both)")
      let emptyVariable = try await scratch.resoio(
        arguments: ["auth", "login", "StandIn", "-s", server.socketPath], stdin: Self.password,
        environment: ["RESONITE_IO_PASSWORD": ""])
      #expect(emptyVariable.status == 0, "an empty variable counts as unset: \(emptyVariable)")
    }
  }

  @Test("no credential and stdin not a terminal: exit 2 before anything is sent")
  func noCredential() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        arguments: ["auth", "login", "-s", server.socketPath], stdin: Self.password + "\n")
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderrLines.count == 1, "\(outcome)")
      #expect(server.mod.auth.snapshot.lastLogin == nil)
    }
  }

  @Test("two-factor needed and no terminal: exit 1 'two-factor code required'; with --totp it signs in")
  func twoFactorWithoutTerminal() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.auth.twoFactorCode = "424242"
      let environment = ["RESONITE_IO_PASSWORD": Self.password]
      let outcome = try await scratch.resoio(
        arguments: ["auth", "login", "StandIn", "-s", server.socketPath], environment: environment)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(
        outcome.stderrLines.first == "resoio auth login: two-factor code required; pass --totp <code>", "\(outcome)")
      let wrong = try await scratch.resoio(
        arguments: ["auth", "login", "StandIn", "--totp", "000000", "-s", server.socketPath], environment: environment)
      #expect(wrong.status == 1, "\(wrong)")
      #expect(
        wrong.stderrLines.first == "resoio auth login: UNAUTHENTICATED: Invalid two-factor authentication code.",
        "\(wrong)")
      let right = try await scratch.resoio(
        arguments: ["auth", "login", "StandIn", "--totp", "424242", "-s", server.socketPath], environment: environment)
      #expect(right.status == 0, "\(right)")
    }
  }

  @Test("another FAILED_PRECONDITION is a plain failure (exit 1), not a two-factor prompt")
  func otherPrecondition() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.auth.cloudReady = false
      let outcome = try await scratch.resoio(
        arguments: ["auth", "login", "StandIn", "-s", server.socketPath],
        environment: ["RESONITE_IO_PASSWORD": Self.password])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(
        outcome.stderrLines.first == "resoio auth login: FAILED_PRECONDITION: Cloud session manager is not ready.",
        "\(outcome)")
    }
  }

  @Test("on a terminal: the credential prompted, the password hidden, the two-factor code prompted once")
  func terminalPrompts() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.auth.twoFactorCode = "424242"
      let terminal = try scratch.resoioOnTerminal("auth", "login", "-s", server.socketPath)
      defer { terminal.close() }
      #expect(try await terminal.waitFor { _, err in err.hasSuffix("Username or Email: ") }, "\(terminal.stderr)")
      #expect(terminal.echoes, "the credential is typed visibly")
      terminal.type("StandIn\n")
      #expect(try await terminal.waitFor { _, err in err.hasSuffix("Password: ") }, "\(terminal.stderr)")
      #expect(!terminal.echoes, "the password is hidden")
      terminal.type(Self.password + "\n")
      #expect(try await terminal.waitFor { _, err in err.hasSuffix("Two-factor code: ") }, "\(terminal.stderr)")
      #expect(terminal.echoes, "echo is back after the password")
      terminal.type("424242\n")
      let outcome = try await terminal.wait()
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines.first == "Logged in as StandIn (U-standin)", "\(outcome)")
      #expect(server.mod.auth.snapshot.lastLogin?.totp == "424242")
      #expect(terminal.echoes && terminal.canonical)
    }
  }

  @Test("Ctrl-C at the hidden password prompt: exit 130 with echo restored")
  func terminalInterrupt() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let terminal = try scratch.resoioOnTerminal("auth", "login", "StandIn", "-s", server.socketPath)
      defer { terminal.close() }
      #expect(try await terminal.waitFor { _, err in err.hasSuffix("Password: ") }, "\(terminal.stderr)")
      #expect(!terminal.echoes)
      terminal.type("\u{03}")
      let outcome = try await terminal.wait()
      #expect(outcome.status == 130, "\(outcome)")
      #expect(terminal.echoes, "echo restored")
      #expect(server.mod.auth.snapshot.lastLogin == nil)
    }
  }

  @Test(
    "usage: auth alone exits 2, no password flag exists; --help on every leaf",
    arguments: ["login", "logout", "status"])
  func usage(leaf: String) async throws {
    try await withScratch { scratch in
      let help = try await scratch.resoio("auth", leaf, "--help")
      #expect(help.status == 0, "\(help)")
      #expect(help.stdout.contains("SOCKET RESOLUTION"), "\(help)")
      let bare = try await scratch.resoio("auth")
      #expect(bare.status == 2, "\(bare)")
      let flag = try await scratch.resoio("auth", "login", "--password", "x", "StandIn")
      #expect(flag.status == 2, "\(flag)")
    }
  }
}
