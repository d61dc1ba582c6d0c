/// One user found by ``ContactClient/searchUsers(_:exactMatch:options:)`` (the wire
/// `UserSearchResult`).
public struct UserSearchResult: Sendable, Hashable {
  /// The cloud user id (`U-...`), what ``ContactClient/addContact(_:username:options:)`` takes.
  public var userID: String
  /// The user name.
  public var username: String
  /// True for a verified account.
  public var isVerified: Bool

  /// Creates a result.
  public init(userID: String, username: String, isVerified: Bool) {
    self.userID = userID
    self.username = username
    self.isVerified = isVerified
  }

  init(_ wire: ResoniteIo_V1_UserSearchResult) {
    self.init(userID: wire.userID, username: wire.username, isVerified: wire.isVerified)
  }
}
