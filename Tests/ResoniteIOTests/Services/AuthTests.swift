import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Auth service")
struct AuthTests {
  typealias Path = TestServer.Path.Auth
  let password = AuthModel.Account.defaultPassword

  @Test("status starts signed out: empty ids, no expiry")
  func statusSignedOut() async throws {
    try await withMod { client, _ in
      let status = try await client.auth.status()
      #expect(status == AuthStatus(loggedIn: false, userID: "", userName: "", sessionExpiresUnixNanos: 0))
      #expect(status.sessionExpires == nil)
    }
  }

  @Test("login signs in; remember_me goes out true by default and totp stays absent; status agrees")
  func login() async throws {
    try await withMod { client, server in
      let before = Date()
      let status = try await client.auth.login(credential: "StandIn", password: password)
      #expect(status.loggedIn && status.userID == "U-standin" && status.userName == "StandIn")
      #expect(status.sessionExpiresUnixNanos == server.mod.auth.status.sessionExpiresUnixNanos)
      let expires = try #require(status.sessionExpires)
      let days = expires.timeIntervalSince(before) / 86_400
      #expect(days > 29.99 && days < 30.01)
      #expect(
        server.mod.auth.snapshot.lastLogin == AuthModel.LoginAttempt(credential: "StandIn", totp: nil, rememberMe: true)
      )
      #expect(try await client.auth.status() == status)
    }
  }

  @Test("rememberMe: false goes on the wire as false (a one-day session here)")
  func loginWithoutRememberMe() async throws {
    try await withMod { client, server in
      let status = try await client.auth.login(credential: "standin@EXAMPLE.com", password: password, rememberMe: false)
      #expect(status.loggedIn)
      #expect(server.mod.auth.snapshot.lastLogin?.rememberMe == false)
      let days = try #require(status.sessionExpires).timeIntervalSinceNow / 86_400
      #expect(days > 0.99 && days < 1.01)
      #expect(try await client.auth.login(credential: "U-standin", password: password).userName == "StandIn")
    }
  }

  @Test("wrong credential or password answers UNAUTHENTICATED, without the password in the message")
  func wrongCredentials() async throws {
    try await withMod { client, server in
      let wrongPassword = await expectRPCError {
        _ = try await client.auth.login(credential: "StandIn", password: "hunter2")
      }
      #expect(wrongPassword?.code == .unauthenticated)
      #expect(wrongPassword?.message == "Invalid credentials.")
      #expect(wrongPassword.map { !"\($0)".contains("hunter2") } == true)
      let wrongUser = await expectRPCError {
        _ = try await client.auth.login(credential: "Someone", password: password)
      }
      #expect(wrongUser?.code == .unauthenticated)
      #expect(!server.mod.auth.status.loggedIn)
    }
  }

  @Test(
    "two-factor: no code FAILED_PRECONDITION (isTwoFactorRequired), wrong code UNAUTHENTICATED, right code signs in")
  func twoFactor() async throws {
    try await withMod { client, server in
      server.mod.auth.twoFactorCode = "123456"
      let missing = await expectRPCError { _ = try await client.auth.login(credential: "StandIn", password: password) }
      #expect(missing?.code == .failedPrecondition)
      #expect(missing?.message == "Two-factor authentication code is required.")
      #expect(missing?.isTwoFactorRequired == true)

      let wrong = await expectRPCError {
        _ = try await client.auth.login(credential: "StandIn", password: password, totp: "000000")
      }
      #expect(wrong?.code == .unauthenticated)
      #expect(wrong?.isTwoFactorRequired == false)
      #expect(server.mod.auth.snapshot.lastLogin?.totp == "000000")

      let status = try await client.auth.login(credential: "StandIn", password: password, totp: "123456")
      #expect(status.loggedIn)
      #expect(server.mod.auth.snapshot.lastLogin?.totp == "123456")
    }
  }

  @Test("cloud not ready: every Auth RPC answers FAILED_PRECONDITION, and it is not the two-factor case")
  func cloudNotReady() async throws {
    try await withMod { client, server in
      server.mod.auth.cloudReady = false
      let auth = client.auth
      let password = password
      let calls: [(String, () async throws -> Void)] = [
        ("login", { _ = try await auth.login(credential: "StandIn", password: password) }),
        ("logout", { _ = try await auth.logout() }),
        ("status", { _ = try await auth.status() }),
      ]
      for (name, call) in calls {
        let error = await expectRPCError(call)
        #expect(error?.code == .failedPrecondition, "\(name)")
        #expect(error?.message == "Cloud session manager is not ready.", "\(name)")
        #expect(error?.isTwoFactorRequired == false, "\(name)")
      }
    }
  }

  @Test("logout signs out, and is idempotent")
  func logout() async throws {
    try await withMod { client, _ in
      _ = try await client.auth.login(credential: "StandIn", password: password)
      let signedOut = AuthStatus(loggedIn: false, userID: "", userName: "", sessionExpiresUnixNanos: 0)
      #expect(try await client.auth.logout() == signedOut)
      #expect(try await client.auth.logout() == signedOut)
      #expect(try await client.auth.status() == signedOut)
    }
  }

  @Test("sessionExpires: nil at 0 or below, else whole microseconds after the epoch")
  func sessionExpiresConversion() {
    func status(_ nanos: Int64) -> AuthStatus {
      AuthStatus(loggedIn: true, userID: "U-x", userName: "x", sessionExpiresUnixNanos: nanos)
    }
    #expect(status(0).sessionExpires == nil)
    #expect(status(-5).sessionExpires == nil)
    #expect(status(999).sessionExpires == Date(timeIntervalSince1970: 0))
    #expect(status(1_500).sessionExpires == Date(timeIntervalSince1970: 0.000001))
    #expect(status(1_700_000_000_123_456_789).sessionExpires == Date(timeIntervalSince1970: 1_700_000_000.123456))
    #expect(status(1_700_000_000_123_456_789).sessionExpiresUnixNanos == 1_700_000_000_123_456_789)
  }

  @Test("isTwoFactorRequired: FAILED_PRECONDITION whose message names totp or two-factor, any case")
  func isTwoFactorRequired() {
    #expect(RPCError(code: .failedPrecondition, message: "TOTP code missing").isTwoFactorRequired)
    #expect(RPCError(code: .failedPrecondition, message: "Two Factor needed").isTwoFactorRequired)
    #expect(
      RPCError(code: .failedPrecondition, message: "two-factor authentication code is required.").isTwoFactorRequired)
    #expect(!RPCError(code: .failedPrecondition, message: "Cloud session manager is not ready.").isTwoFactorRequired)
    #expect(!RPCError(code: .unauthenticated, message: "Invalid two-factor authentication code.").isTwoFactorRequired)
  }

  @Test("calls on a closed client throw notConnected before any RPC")
  func notConnected() async throws {
    try await withMod { client, server in
      await client.close()
      await #expect(throws: ResoniteClientError.notConnected) {
        _ = try await client.auth.login(credential: "StandIn", password: "x")
      }
      #expect(server.callCount(path: Path.login) == 0)
    }
  }
}
