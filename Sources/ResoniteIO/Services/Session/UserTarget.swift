/// Which session user a moderation call acts on (the wire `UserTarget`).
///
/// The mod resolves it in this order: ``isLocal`` targets the local user (you); otherwise a
/// non-empty ``userID`` is looked up; otherwise ``userName``. A name shared by several users
/// (guests often share one) is refused with `FAILED_PRECONDITION`, so prefer ids. The three
/// fields go on the wire exactly as given, as the reference client sends them.
///
/// ```swift
/// try await mod.session.kickUser(.user(id: "U-bob"))
/// try await mod.session.silenceUser(.user(named: "Alice"))
/// try await mod.session.respawnUser(.local)
/// ```
public struct UserTarget: Sendable, Hashable, CustomStringConvertible {
  /// The cloud user id (`U-...`); empty to target by name. Guests may have none.
  public var userID: String
  /// The user name, used only when ``isLocal`` is false and ``userID`` is empty.
  public var userName: String
  /// True targets the local user, whatever the other fields say.
  public var isLocal: Bool

  /// Creates a target from the reference client's three keyword arguments
  /// (`user_id`, `user_name`, `local`). All empty lets the mod decide (a respawn then
  /// respawns the local user; the other calls answer `NOT_FOUND`).
  public init(userID: String = "", userName: String = "", isLocal: Bool = false) {
    self.userID = userID
    self.userName = userName
    self.isLocal = isLocal
  }

  /// The local user (yourself).
  public static let local = UserTarget(isLocal: true)

  /// The user with cloud id `id`.
  public static func user(id: String) -> UserTarget { UserTarget(userID: id) }

  /// The one user called `name` (`FAILED_PRECONDITION` when several share it).
  public static func user(named name: String) -> UserTarget { UserTarget(userName: name) }

  /// Reads like `local`, `id U-bob` or `name "Alice"`.
  public var description: String {
    if isLocal { return "local" }
    if !userID.isEmpty { return "id \(userID)" }
    if !userName.isEmpty { return "name \"\(userName)\"" }
    return "unspecified"
  }

  var wire: ResoniteIo_V1_UserTarget {
    var target = ResoniteIo_V1_UserTarget()
    target.userID = userID
    target.userName = userName
    target.local = isLocal
    return target
  }
}
