import ResoniteGRPC
import ResoniteIOStubs

/// The `Contact` service of the mod (the reference client's `ContactClient`): the signed-in
/// user's contacts with presence, a cloud user search, and adding, accepting and removing
/// contacts. Reach it as ``ResoniteClient/contact``.
///
/// The reference client returns the wire messages; this one maps them to value types
/// (``ContactList``, ``ContactInfo``, ``UserSearchResult``) with the same fields.
///
/// Every call throws ``ResoniteClientError/notConnected`` when the client is not connected,
/// and `RPCError` with the mod's status otherwise; every call can answer
/// `FAILED_PRECONDITION` when the cloud is not ready or nobody is signed in.
///
/// ```swift
/// try await ResoniteClient.withConnection { mod in
///   let list = try await mod.contact.listContacts(filter: .requests)
///   for request in list.contacts {
///     _ = try await mod.contact.acceptRequest(request.userID)
///   }
/// }
/// ```
public struct ContactClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  private func stub() throws -> ResoniteIo_V1_ContactStub {
    ResoniteIo_V1_ContactStub(channel: try client.channel())
  }

  /// The contacts, with presence (`Contact.ListContacts`; Python `list_contacts`). The mod
  /// applies the search, filter and hidden rules; the two counts are totals before them.
  ///
  /// - Parameters:
  ///   - search: a case-insensitive part of the user name; empty matches everyone.
  ///   - filter: ``ContactFilter/all`` (the default), accepted contacts or incoming requests.
  ///   - includeHidden: true also returns the contacts the dash hides (status none, ignored or
  ///     blocked).
  ///   - options: timeout and metadata.
  /// - Throws: ``UnexpectedReplyError`` for a status this client does not know; `RPCError`:
  ///   `FAILED_PRECONDITION` when not signed in.
  public func listContacts(
    search: String = "", filter: ContactFilter = .all, includeHidden: Bool = false,
    options: CallOptions = CallOptions()
  ) async throws -> ContactList {
    var request = ResoniteIo_V1_ListContactsRequest()
    request.search = search
    request.filter = filter.wire
    request.includeHidden = includeHidden
    return try ContactList(try await stub().listContacts(request, options: options))
  }

  /// One contact from the engine's cache (`Contact.GetContact`; Python `get_contact`).
  ///
  /// - Returns: the contact, or nil when `userID` is not among the contacts (the wire's
  ///   `found=false`; not an error).
  /// - Throws: ``UnexpectedReplyError`` when the mod says found but sends no contact, or a
  ///   status this client does not know; `RPCError`: `FAILED_PRECONDITION` when not signed in.
  public func getContact(_ userID: String, options: CallOptions = CallOptions()) async throws -> ContactInfo? {
    var request = ResoniteIo_V1_GetContactRequest()
    request.userID = userID
    let reply = try await stub().getContact(request, options: options)
    guard reply.found else { return nil }
    guard reply.hasContact else {
      throw UnexpectedReplyError(method: "Contact/GetContact", problem: "found, but no contact in the reply")
    }
    return try ContactInfo(reply.contact, method: "Contact/GetContact")
  }

  /// Searches the cloud for users (`Contact.SearchUsers`; Python `search_users`). No side
  /// effects; use it before ``addContact(_:username:options:)``.
  ///
  /// - Parameters:
  ///   - query: the user name or a part of it.
  ///   - exactMatch: true finds only the user with exactly that name.
  ///   - options: timeout and metadata.
  /// - Throws: `RPCError`: `FAILED_PRECONDITION` when not signed in.
  public func searchUsers(
    _ query: String, exactMatch: Bool = false, options: CallOptions = CallOptions()
  ) async throws -> [UserSearchResult] {
    var request = ResoniteIo_V1_SearchUsersRequest()
    request.query = query
    request.exactMatch = exactMatch
    return try await stub().searchUsers(request, options: options).results.map(UserSearchResult.init)
  }

  /// Adds a user as a contact: sets the status to accepted and sends the request
  /// (`Contact.AddContact`; Python `add_contact`).
  ///
  /// - Parameters:
  ///   - userID: the cloud user id (`U-...`).
  ///   - username: the user's name; empty lets the mod look it up.
  ///   - options: timeout and metadata.
  /// - Returns: the contact afterwards.
  /// - Throws: ``UnexpectedReplyError`` when the reply holds no contact; `RPCError`:
  ///   `NOT_FOUND` for an unknown user id; `FAILED_PRECONDITION` when not signed in;
  ///   `INTERNAL` when the cloud rejected the change.
  public func addContact(
    _ userID: String, username: String = "", options: CallOptions = CallOptions()
  ) async throws -> ContactInfo {
    var request = ResoniteIo_V1_AddContactRequest()
    request.userID = userID
    request.username = username
    let reply = try await stub().addContact(request, options: options)
    guard reply.hasContact else {
      throw UnexpectedReplyError(method: "Contact/AddContact", problem: "no contact in the reply")
    }
    return try ContactInfo(reply.contact, method: "Contact/AddContact")
  }

  /// Accepts an incoming contact request (`Contact.AcceptRequest`; Python `accept_request`).
  ///
  /// - Returns: the contact afterwards.
  /// - Throws: ``UnexpectedReplyError`` when the reply holds no contact; `RPCError`:
  ///   `NOT_FOUND` when there is no request from `userID`; `FAILED_PRECONDITION` when not
  ///   signed in; `INTERNAL` when the cloud rejected the change.
  public func acceptRequest(_ userID: String, options: CallOptions = CallOptions()) async throws -> ContactInfo {
    var request = ResoniteIo_V1_AcceptRequestRequest()
    request.userID = userID
    let reply = try await stub().acceptRequest(request, options: options)
    guard reply.hasContact else {
      throw UnexpectedReplyError(method: "Contact/AcceptRequest", problem: "no contact in the reply")
    }
    return try ContactInfo(reply.contact, method: "Contact/AcceptRequest")
  }

  /// Removes a contact, or rejects a request: the status becomes ignored
  /// (`Contact.RemoveContact`; Python `remove_contact`). The contact stays listed with
  /// `includeHidden: true`.
  ///
  /// - Throws: `RPCError`: `NOT_FOUND` when `userID` is not a contact; `FAILED_PRECONDITION`
  ///   when not signed in; `INTERNAL` when the cloud rejected the change.
  public func removeContact(_ userID: String, options: CallOptions = CallOptions()) async throws {
    var request = ResoniteIo_V1_RemoveContactRequest()
    request.userID = userID
    _ = try await stub().removeContact(request, options: options)
  }
}
