import ResoniteGRPC
import ResoniteIOStubs

/// The `Auth` service of the mod (the reference client's `AuthClient`): signs the engine in to
/// the Resonite cloud, signs it out, and reads the state. All three calls return the
/// resulting ``AuthStatus``. Reach it as ``ResoniteClient/auth``.
///
/// The password is a plaintext secret: this client never logs it or puts it in an error or a
/// description. With `rememberMe` the engine keeps the session; this client stores nothing.
///
/// Every call throws ``ResoniteClientError/notConnected`` when the client is not connected,
/// and `RPCError` with the mod's status otherwise; `FAILED_PRECONDITION` "Cloud session
/// manager is not ready." means the engine's cloud is not up yet.
///
/// ```swift
/// try await ResoniteClient.withConnection { mod in
///   let status = try await mod.auth.status()
///   if !status.loggedIn {
///     _ = try await mod.auth.login(credential: "me@example.com", password: secret, totp: "123456")
///   }
/// }
/// ```
public struct AuthClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  private func stub() throws -> ResoniteIo_V1_AuthStub {
    ResoniteIo_V1_AuthStub(channel: try client.channel())
  }

  /// Signs in to the Resonite cloud (`Auth.Login`; Python `login`).
  ///
  /// - Parameters:
  ///   - credential: a user name, an email address or a user id (`U-...`).
  ///   - password: the plaintext password; never logged.
  ///   - totp: the two-factor code for accounts that need one; nil leaves the field absent
  ///     on the wire.
  ///   - rememberMe: true (the default, as the reference client sends; the wire's default is
  ///     false) asks the engine to keep the session.
  ///   - options: timeout and metadata.
  /// - Returns: the status afterwards (signed in).
  /// - Throws: `RPCError`: `UNAUTHENTICATED` for a wrong credential or password, or a
  ///   rejected two-factor code; `FAILED_PRECONDITION` when the account needs a two-factor
  ///   code and none was given (``ResoniteGRPC/RPCError/isTwoFactorRequired`` is true then), or
  ///   when the cloud is not ready (it is false then).
  public func login(
    credential: String, password: String, totp: String? = nil, rememberMe: Bool = true,
    options: CallOptions = CallOptions()
  ) async throws -> AuthStatus {
    var request = ResoniteIo_V1_AuthLoginRequest()
    request.credential = credential
    request.password = password
    if let totp { request.totp = totp }
    request.rememberMe = rememberMe
    return AuthStatus(try await stub().login(request, options: options))
  }

  /// Signs out (`Auth.Logout`; Python `logout`). Idempotent: signed out already, it still
  /// answers a signed-out status.
  ///
  /// - Throws: `RPCError`: `FAILED_PRECONDITION` when the cloud is not ready.
  public func logout(options: CallOptions = CallOptions()) async throws -> AuthStatus {
    AuthStatus(try await stub().logout(ResoniteIo_V1_AuthLogoutRequest(), options: options))
  }

  /// The current sign-in state, without changing it (`Auth.Status`; Python `status`).
  ///
  /// - Throws: `RPCError`: `FAILED_PRECONDITION` when the cloud is not ready.
  public func status(options: CallOptions = CallOptions()) async throws -> AuthStatus {
    AuthStatus(try await stub().status(ResoniteIo_V1_AuthStatusRequest(), options: options))
  }
}
