// PeopleDesk: the Session, Contact and Auth services in one short tour.
//
// It shows who is signed in (and signs in when asked), the focused session's settings, users
// and roles, and the contact list with its requests. Against a real mod it only reads, unless
// you pass --credential (sign in) or --accept-requests. With --demo it starts the bundled test
// server first, signs in through its two-factor path, and also shows the writes:
//
//   swift run PeopleDesk --demo
import ExampleSupport
import ResoniteCommandLine
import ArgumentParser
import Foundation
import ResoniteIO
import ResoniteTestServer

@main
struct PeopleDesk: AsyncParsableCommand {
  /// Usage errors exit 2, as every executable of this package does.
  static func main() async { await mainExitingTwoOnUsageErrors() }

  static let configuration = CommandConfiguration(
    abstract: "Show the sign-in, the focused session (settings, users, roles) and the contacts of a Resonite IO mod.",
    discussion: """
      Read-only against a real mod unless --credential or --accept-requests is given. The \
      password for --credential comes from $RESONITE_PASSWORD; it is never printed. Without \
      -s/--socket the socket is found the way the mod binds it.
      """)

  @Option(help: "Sign in with this user name, email or user id (password from $RESONITE_PASSWORD).")
  var credential: String?

  @Option(help: "The two-factor code, for accounts that need one.")
  var totp: String?

  @Flag(help: "Accept every pending contact request.")
  var acceptRequests = false

  @OptionGroup var target: ModOptions

  func run() async throws {
    try await target.withReadyMod(
      example: "PeopleDesk",
      demo: { configuration in
        configuration.mod.auth.twoFactorCode = Self.demoCode
      }
    ) { ready in
      try await run(on: ready)
    }
  }

  func run(on ready: ReadyMod) async throws {
    let path = ready.socketPath
    try await ResoniteClient.withConnection(socketPath: path) { mod in
      // 2. Sign-in.
      var status = try await mod.auth.status()
      if ready.isDemo {
        print("Auth: \(Self.describe(status))")
        status = try await signIn(
          mod, credential: "StandIn", password: AuthModel.Account.defaultPassword, totp: nil, retryCode: Self.demoCode)
      } else if let credential {
        guard let password = ProcessInfo.processInfo.environment["RESONITE_PASSWORD"], !password.isEmpty else {
          printToStderr("--credential needs the password in $RESONITE_PASSWORD")
          throw ExitCode.failure
        }
        status = try await signIn(mod, credential: credential, password: password, totp: totp, retryCode: nil)
      }
      print("Auth: \(Self.describe(status))")

      // 3. The focused session.
      let settings = try await mod.session.getSettings()
      print(
        "Session: \"\(settings.worldName)\" (\(settings.sessionID)), \(settings.accessLevel.rawValue), "
          + "up to \(settings.maxUsers) users, tags \(settings.tags.joined(separator: ", ")), "
          + (settings.isHost ? "you host" : "you do not host"))
      for user in try await mod.session.listUsers() {
        var notes: [String] = []
        if user.isLocalUser { notes.append("you") }
        if user.isHost { notes.append("host") }
        if user.isSilenced { notes.append("silenced") }
        let id = user.userID.isEmpty ? "(guest)" : user.userID
        let line =
          "  \(pad(user.userName, 8)) \(pad(id, 10)) \(pad(user.roleName, 10)) \(notes.joined(separator: ", "))"
        print(line.replacing(/\s+$/, with: ""))
      }
      let roles = try await mod.session.listRoles()
      print(
        "Roles: \(roles.roles.map(\.roleName).joined(separator: ", ")) "
          + "(visitors \(roles.defaultVisitorRole), contacts \(roles.defaultContactRole), host \(roles.defaultHostRole))"
      )

      // 4. Contacts and requests.
      let list = try await mod.contact.listContacts()
      print("Contacts: \(list.contactCount) in all, \(list.requestCount) requests")
      for contact in list.contacts where !contact.isContactRequest {
        let place = contact.currentSessionName.isEmpty ? "" : " in \"\(contact.currentSessionName)\""
        print("  \(pad(contact.username, 8)) \(contact.onlineStatus.rawValue)\(place)")
      }
      let requests = list.contacts.filter(\.isContactRequest)
      print("Requests: \(requests.isEmpty ? "none" : requests.map(\.username).joined(separator: ", "))")
      if acceptRequests || ready.isDemo {
        for request in requests {
          let accepted = try await mod.contact.acceptRequest(request.userID)
          print("  accepted \(accepted.username): \(accepted.status.rawValue), mutual \(accepted.isAccepted)")
        }
      }

      // 5. The demo also changes the stand-in session: a patch of two fields, a silence, a role.
      if ready.isDemo {
        try await mod.session.applySettings(maxUsers: 12, tags: ["demo"])
        let after = try await mod.session.getSettings()
        print("Applied: up to \(after.maxUsers) users, tags \(after.tags.joined(separator: ", "))")
        let bob = try await mod.session.silenceUser(.user(named: "Bob"))
        print("Silenced \(bob.userName): \(bob.isSilenced)")
        let alice = try await mod.session.setUserRole(.user(id: "U-alice"), roleName: "Moderator")
        print("\(alice.userName) is now \(alice.roleName)")
        do {
          try await mod.session.kickUser(.user(named: "Guest"))
        } catch let error as RPCError {
          print("Kick \"Guest\": \(error.code.name): \(error.message)")
        }
      }
    }
  }

  static let demoCode = "246810"

  /// Signs in. The mod answers FAILED_PRECONDITION both for a missing two-factor code and for a
  /// cloud that is not ready; `isTwoFactorRequired` tells them apart. Given a `retryCode` (the
  /// demo's), it retries with it; otherwise it asks for --totp.
  func signIn(
    _ mod: ResoniteClient, credential: String, password: String, totp: String?, retryCode: String?
  ) async throws -> AuthStatus {
    do {
      return try await mod.auth.login(credential: credential, password: password, totp: totp)
    } catch let error as RPCError where error.isTwoFactorRequired {
      guard let retryCode else {
        printToStderr("\(credential) needs a two-factor code: pass --totp CODE")
        throw ExitCode.failure
      }
      print("Sign in as \(credential): \(error.message) Retrying with the code.")
      return try await mod.auth.login(credential: credential, password: password, totp: retryCode)
    }
  }

  static func describe(_ status: AuthStatus) -> String {
    guard status.loggedIn else { return "signed out" }
    let expiry = status.sessionExpires.map { "until \($0.formatted(Date.ISO8601FormatStyle()))" } ?? "no expiry"
    return "signed in as \(status.userName) (\(status.userID)), \(expiry)"
  }
}

func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
