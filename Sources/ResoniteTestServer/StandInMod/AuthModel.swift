import ResoniteGRPC
public import ResoniteIOMessages
import Synchronization

/// The stand-in mod's Resonite cloud sign-in, for the `Auth` service: one account, with a
/// password and, optionally, a two-factor code.
///
/// Initial state (deterministic): signed out; the account is `U-standin` "StandIn"
/// (`standin@example.com`), password ``Account/defaultPassword``, no two-factor code needed;
/// the cloud is ready.
///
/// Behaviour, as SERVICES.md describes the mod:
/// - Login accepts the account's user name or email (case-insensitive) or its user id, with the
///   exact password; anything else answers UNAUTHENTICATED "Invalid credentials.". When the
///   account has a ``Account/twoFactorCode``, a login without `totp` answers
///   FAILED_PRECONDITION ``twoFactorRequiredMessage`` and a wrong code UNAUTHENTICATED
///   "Invalid two-factor authentication code.". A success signs in with
///   `session_expires_unix_nanos` = now + 30 days with `remember_me`, now + 1 day without.
/// - Logout signs out and is idempotent; Status reads the state.
/// - Knob: ``cloudReady`` false answers FAILED_PRECONDITION ``cloudNotReadyMessage`` to all
///   three RPCs.
/// - The password is never recorded or logged: ``State/lastLogin`` keeps the credential, the
///   code's presence and `remember_me`, not the password.
public final class AuthModel: Sendable {
  /// The one account the stand-in cloud knows.
  public struct Account: Sendable, Hashable {
    /// The password of the initial account.
    public static let defaultPassword = "stand-in-password"

    /// The user id (`U-...`), accepted as a credential.
    public var userID: String
    /// The user name, accepted as a credential (case-insensitive).
    public var userName: String
    /// The email address, accepted as a credential (case-insensitive).
    public var email: String
    /// The password (exact).
    public var password: String
    /// The two-factor code the account needs, or nil for none.
    public var twoFactorCode: String?

    /// Creates an account.
    public init(userID: String, userName: String, email: String, password: String, twoFactorCode: String? = nil) {
      self.userID = userID
      self.userName = userName
      self.email = email
      self.password = password
      self.twoFactorCode = twoFactorCode
    }
  }

  /// What the model remembers of a Login request (never the password).
  public struct LoginAttempt: Sendable, Hashable {
    /// The credential sent.
    public var credential: String
    /// The `totp` field, nil when it was absent on the wire.
    public var totp: String?
    /// The `remember_me` flag sent.
    public var rememberMe: Bool

    /// Creates a record.
    public init(credential: String, totp: String?, rememberMe: Bool) {
      self.credential = credential
      self.totp = totp
      self.rememberMe = rememberMe
    }
  }

  /// Everything the model holds.
  public struct State: Sendable {
    /// The account.
    public var account: Account
    /// False plays an engine whose cloud session manager is not up: every RPC answers
    /// FAILED_PRECONDITION.
    public var cloudReady: Bool
    /// What Status answers.
    public var status: ResoniteIo_V1_AuthStatus
    /// The last Login request, if any.
    public var lastLogin: LoginAttempt?

    /// Creates a state.
    public init(
      account: Account, cloudReady: Bool = true, status: ResoniteIo_V1_AuthStatus = ResoniteIo_V1_AuthStatus(),
      lastLogin: LoginAttempt? = nil
    ) {
      self.account = account
      self.cloudReady = cloudReady
      self.status = status
      self.lastLogin = lastLogin
    }
  }

  /// The FAILED_PRECONDITION message for a login that needs a two-factor code and has none.
  public static let twoFactorRequiredMessage = "Two-factor authentication code is required."
  /// The FAILED_PRECONDITION message while ``cloudReady`` is false.
  public static let cloudNotReadyMessage = "Cloud session manager is not ready."

  private let state: Mutex<State>

  /// Creates the sign-in in `state`, by default the initial state documented above.
  public init(_ state: State = AuthModel.initialState()) {
    self.state = Mutex(state)
  }

  /// The initial state documented above (what ``init(_:)`` starts from by default).
  public static func initialState() -> State {
    State(
      account: Account(
        userID: "U-standin", userName: "StandIn", email: "standin@example.com", password: Account.defaultPassword))
  }

  /// A copy of everything, for tests.
  public var snapshot: State { state.withLock { $0 } }

  /// Changes the state.
  public func update(_ body: (inout State) -> Void) {
    state.withLock { body(&$0) }
  }

  /// The current sign-in state.
  public var status: ResoniteIo_V1_AuthStatus { state.withLock { $0.status } }

  /// The two-factor code the account needs (nil: none).
  public var twoFactorCode: String? {
    get { state.withLock { $0.account.twoFactorCode } }
    set { state.withLock { $0.account.twoFactorCode = newValue } }
  }

  /// The knob: false makes every Auth RPC answer FAILED_PRECONDITION "Cloud session manager is
  /// not ready.".
  public var cloudReady: Bool {
    get { state.withLock { $0.cloudReady } }
    set { state.withLock { $0.cloudReady = newValue } }
  }

  // MARK: Service behaviour (called by the handlers)

  func login(_ request: ResoniteIo_V1_AuthLoginRequest) throws(CallFailure) -> ResoniteIo_V1_AuthStatus {
    try state.withLock { (state) throws(CallFailure) in
      state.lastLogin = LoginAttempt(
        credential: request.credential, totp: request.hasTotp ? request.totp : nil, rememberMe: request.rememberMe)
      try Self.requireReady(state)
      let account = state.account
      let credential = request.credential.lowercased()
      let matches =
        request.credential == account.userID || credential == account.userName.lowercased()
        || credential == account.email.lowercased()
      guard matches, !request.credential.isEmpty, request.password == account.password else {
        throw CallFailure(code: .unauthenticated, message: "Invalid credentials.")
      }
      if let code = account.twoFactorCode {
        guard request.hasTotp, !request.totp.isEmpty else {
          throw CallFailure(code: .failedPrecondition, message: Self.twoFactorRequiredMessage)
        }
        guard request.totp == code else {
          throw CallFailure(code: .unauthenticated, message: "Invalid two-factor authentication code.")
        }
      }
      let day: Int64 = 86_400 * 1_000_000_000
      var status = ResoniteIo_V1_AuthStatus()
      status.loggedIn = true
      status.userID = account.userID
      status.userName = account.userName
      status.sessionExpiresUnixNanos = LoopClock.unixNanos() + (request.rememberMe ? 30 * day : day)
      state.status = status
      return status
    }
  }

  func logout() throws(CallFailure) -> ResoniteIo_V1_AuthStatus {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requireReady(state)
      state.status = ResoniteIo_V1_AuthStatus()
      return state.status
    }
  }

  func currentStatus() throws(CallFailure) -> ResoniteIo_V1_AuthStatus {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requireReady(state)
      return state.status
    }
  }

  private static func requireReady(_ state: State) throws(CallFailure) {
    guard state.cloudReady else { throw CallFailure(code: .failedPrecondition, message: cloudNotReadyMessage) }
  }
}
