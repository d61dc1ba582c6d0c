public import Foundation

/// The Resonite cloud sign-in state, as ``AuthClient/login(credential:password:totp:rememberMe:options:)``,
/// ``AuthClient/logout(options:)`` and ``AuthClient/status(options:)`` return it.
///
/// When nobody is signed in, ``userID`` and ``userName`` are empty and
/// ``sessionExpiresUnixNanos`` is 0.
public struct AuthStatus: Sendable, Hashable {
  /// True while signed in.
  public var loggedIn: Bool
  /// The signed-in user's id (`U-...`), empty when signed out.
  public var userID: String
  /// The signed-in user's name, empty when signed out.
  public var userName: String
  /// When the cloud session expires, in nanoseconds since the Unix epoch; 0 when signed out or
  /// unknown. Exact: it never goes through a `Double` here.
  public var sessionExpiresUnixNanos: Int64

  /// Creates a status.
  public init(loggedIn: Bool, userID: String, userName: String, sessionExpiresUnixNanos: Int64) {
    self.loggedIn = loggedIn
    self.userID = userID
    self.userName = userName
    self.sessionExpiresUnixNanos = sessionExpiresUnixNanos
  }

  /// ``sessionExpiresUnixNanos`` as a `Date`, or nil when it is 0 or less (signed out, or the
  /// expiry is unknown). Like the reference's `session_expires`, it keeps whole microseconds
  /// (the nanoseconds are truncated); use ``sessionExpiresUnixNanos`` for the exact value.
  public var sessionExpires: Date? {
    guard sessionExpiresUnixNanos > 0 else { return nil }
    let micros = sessionExpiresUnixNanos / 1_000
    let seconds = micros / 1_000_000
    let fraction = micros % 1_000_000
    return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(fraction) / 1e6)
  }

  init(_ wire: ResoniteIo_V1_AuthStatus) {
    self.init(
      loggedIn: wire.loggedIn, userID: wire.userID, userName: wire.userName,
      sessionExpiresUnixNanos: wire.sessionExpiresUnixNanos)
  }
}
