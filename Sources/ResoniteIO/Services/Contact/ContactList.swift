/// The answer to ``ContactClient/listContacts(search:filter:includeHidden:options:)`` (the
/// wire `ListContactsResponse`).
public struct ContactList: Sendable, Hashable {
  /// The contacts that passed the search, filter and hidden rules, in the mod's order.
  public var contacts: [ContactInfo]
  /// How many contacts the local user has in all, counted before any search or filter.
  public var contactCount: Int
  /// How many incoming contact requests there are in all, counted before any search or filter.
  public var requestCount: Int
  /// False while the engine is still loading the contact list from the cloud (the list may be
  /// incomplete then).
  public var listLoaded: Bool

  /// Creates the value.
  public init(contacts: [ContactInfo], contactCount: Int, requestCount: Int, listLoaded: Bool) {
    self.contacts = contacts
    self.contactCount = contactCount
    self.requestCount = requestCount
    self.listLoaded = listLoaded
  }

  init(_ wire: ResoniteIo_V1_ListContactsResponse) throws(UnexpectedReplyError) {
    var contacts: [ContactInfo] = []
    contacts.reserveCapacity(wire.contacts.count)
    for contact in wire.contacts {
      contacts.append(try ContactInfo(contact, method: "Contact/ListContacts"))
    }
    self.init(
      contacts: contacts, contactCount: Int(wire.contactCount), requestCount: Int(wire.requestCount),
      listLoaded: wire.listLoaded)
  }
}
