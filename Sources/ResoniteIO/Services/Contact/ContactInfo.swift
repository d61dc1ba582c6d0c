/// One contact, with presence (the wire `ContactInfo`).
public struct ContactInfo: Sendable, Hashable {
  /// The cloud user id (`U-...`).
  public var userID: String
  /// The user name.
  public var username: String
  /// The user's former or other names.
  public var alternateUsernames: [String]
  /// Where the contact stands with you.
  public var status: ContactStatus
  /// True once the other side accepted (a mutual contact).
  public var isAccepted: Bool
  /// True for an incoming contact request you have not answered (`Contact.IsContactRequest`).
  public var isContactRequest: Bool
  /// The contact's presence.
  public var onlineStatus: OnlineStatus
  /// The name of the session the contact is in, empty when none or not visible.
  public var currentSessionName: String
  /// That session's access level as the cloud spells it (for example `Contacts`), empty
  /// when none.
  public var currentSessionAccessLevel: String
  /// True for contacts the dash's Contacts tab hides (status none, ignored or blocked).
  public var isHidden: Bool

  /// Creates a contact.
  public init(
    userID: String, username: String, alternateUsernames: [String] = [], status: ContactStatus,
    isAccepted: Bool, isContactRequest: Bool, onlineStatus: OnlineStatus, currentSessionName: String = "",
    currentSessionAccessLevel: String = "", isHidden: Bool
  ) {
    self.userID = userID
    self.username = username
    self.alternateUsernames = alternateUsernames
    self.status = status
    self.isAccepted = isAccepted
    self.isContactRequest = isContactRequest
    self.onlineStatus = onlineStatus
    self.currentSessionName = currentSessionName
    self.currentSessionAccessLevel = currentSessionAccessLevel
    self.isHidden = isHidden
  }

  init(_ wire: ResoniteIo_V1_ContactInfo, method: String) throws(UnexpectedReplyError) {
    self.init(
      userID: wire.userID, username: wire.username, alternateUsernames: wire.alternateUsernames,
      status: try ContactStatus(wire: wire.status, method: method), isAccepted: wire.isAccepted,
      isContactRequest: wire.isContactRequest, onlineStatus: try OnlineStatus(wire: wire.onlineStatus, method: method),
      currentSessionName: wire.currentSessionName, currentSessionAccessLevel: wire.currentSessionAccessLevel,
      isHidden: wire.isHidden)
  }
}
