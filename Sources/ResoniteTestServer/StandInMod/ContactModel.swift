import ResoniteGRPC
public import ResoniteIOMessages
import Synchronization

/// The stand-in mod's contact list and cloud user directory, for the `Contact` service.
///
/// Initial state (deterministic), in list order:
/// - accepted contacts `U-alice` "Alice" (online, in "Alice's Workshop", access Contacts),
///   `U-bob` "Bob" (also known as "Bobby", away, in "Stand-in Lounge", access ContactsPlus),
///   `U-carol` "Carol" (offline);
/// - incoming requests from `U-dave` "Dave" (online) and `U-erin` "Erin" (sociable);
/// - hidden contacts `U-mallory` "Mallory" (blocked) and `U-trent` "Trent" (ignored).
/// - the cloud directory that SearchUsers and AddContact look in: those seven plus `U-frank`
///   "Frank" (verified), `U-frankie` "Frankie" and `U-grace` "Grace"; Alice is verified too.
/// - signed in, the list loaded, the cloud accepting writes.
///
/// Behaviour, as SERVICES.md describes the mod:
/// - ListContacts: `search` is a case-insensitive part of the user name; filter ACCEPTED keeps
///   status accepted, REQUESTS keeps incoming requests, UNSPECIFIED keeps all; contacts with
///   status none, ignored or blocked are left out unless `include_hidden`. `contact_count`
///   (every contact held) and `request_count` (incoming requests) are totals before all that.
/// - GetContact: any contact, hidden ones included; a miss answers `found=false`, no contact.
/// - SearchUsers: the directory, by a case-insensitive part of the name, or with `exact_match`
///   the whole name (case-insensitive); an empty query finds nobody.
/// - AddContact: NOT_FOUND for an id neither in the directory nor among the contacts; sets the
///   status to accepted (a pending request becomes mutual; a new contact waits for the other
///   side, `is_accepted` false); an empty `username` is looked up in the directory.
/// - AcceptRequest: NOT_FOUND unless there is an incoming request from that id; then mutual.
/// - RemoveContact: NOT_FOUND for an id that is not a contact; sets the status to ignored
///   (hidden), which is also how a request is rejected.
/// - Knobs: ``signedIn`` false answers FAILED_PRECONDITION "Not signed in to the Resonite
///   cloud." to every RPC; ``cloudRejectsWrites`` true answers INTERNAL to AddContact,
///   AcceptRequest and RemoveContact after their NOT_FOUND checks, and changes nothing.
public final class ContactModel: Sendable {
  /// Everything the model holds. Wire types, so tests can set any value.
  public struct State: Sendable {
    /// The contacts, in the order ListContacts answers them.
    public var contacts: [ResoniteIo_V1_ContactInfo]
    /// The cloud's users, for SearchUsers and AddContact.
    public var directory: [ResoniteIo_V1_UserSearchResult]
    /// False plays an engine with nobody signed in: every RPC answers FAILED_PRECONDITION.
    public var signedIn: Bool
    /// True plays a cloud that refuses writes: add, accept and remove answer INTERNAL.
    public var cloudRejectsWrites: Bool
    /// What ListContacts reports as `list_loaded`.
    public var listLoaded: Bool

    /// Creates a state.
    public init(
      contacts: [ResoniteIo_V1_ContactInfo], directory: [ResoniteIo_V1_UserSearchResult], signedIn: Bool = true,
      cloudRejectsWrites: Bool = false, listLoaded: Bool = true
    ) {
      self.contacts = contacts
      self.directory = directory
      self.signedIn = signedIn
      self.cloudRejectsWrites = cloudRejectsWrites
      self.listLoaded = listLoaded
    }
  }

  /// The FAILED_PRECONDITION message while ``signedIn`` is false.
  public static let notSignedInMessage = "Not signed in to the Resonite cloud."

  private let state: Mutex<State>

  /// Creates the contacts in `state`, by default the initial state documented above.
  public init(_ state: State = ContactModel.initialState()) {
    self.state = Mutex(state)
  }

  /// A copy of everything, for tests.
  public var snapshot: State { state.withLock { $0 } }

  /// Changes the state (for tests that need other contacts).
  public func update(_ body: (inout State) -> Void) {
    state.withLock { body(&$0) }
  }

  /// The contacts, hidden ones included.
  public var contacts: [ResoniteIo_V1_ContactInfo] { state.withLock { $0.contacts } }

  /// The knob: false makes every Contact RPC answer FAILED_PRECONDITION.
  public var signedIn: Bool {
    get { state.withLock { $0.signedIn } }
    set { state.withLock { $0.signedIn = newValue } }
  }

  /// The knob: true makes AddContact, AcceptRequest and RemoveContact answer INTERNAL.
  public var cloudRejectsWrites: Bool {
    get { state.withLock { $0.cloudRejectsWrites } }
    set { state.withLock { $0.cloudRejectsWrites = newValue } }
  }

  // MARK: Initial state

  /// The initial state documented above (what ``init(_:)`` starts from by default).
  public static func initialState() -> State {
    let contacts = [
      contact(
        "U-alice", "Alice", .accepted, accepted: true, .online, session: "Alice's Workshop", access: "Contacts"),
      contact(
        "U-bob", "Bob", alternates: ["Bobby"], .accepted, accepted: true, .away, session: "Stand-in Lounge",
        access: "ContactsPlus"),
      contact("U-carol", "Carol", .accepted, accepted: true, .offline),
      contact("U-dave", "Dave", .requested, request: true, .online),
      contact("U-erin", "Erin", .requested, request: true, .sociable),
      contact("U-mallory", "Mallory", .blocked, .offline),
      contact("U-trent", "Trent", .ignored, .busy),
    ]
    let directory = [
      searchResult("U-alice", "Alice", verified: true),
      searchResult("U-bob", "Bob"),
      searchResult("U-carol", "Carol"),
      searchResult("U-dave", "Dave"),
      searchResult("U-erin", "Erin"),
      searchResult("U-frank", "Frank", verified: true),
      searchResult("U-frankie", "Frankie"),
      searchResult("U-grace", "Grace"),
      searchResult("U-mallory", "Mallory"),
      searchResult("U-trent", "Trent"),
    ]
    return State(contacts: contacts, directory: directory)
  }

  private static func contact(
    _ id: String, _ name: String, alternates: [String] = [], _ status: ResoniteIo_V1_ContactStatus,
    accepted: Bool = false, request: Bool = false, _ online: ResoniteIo_V1_OnlineStatus, session: String = "",
    access: String = ""
  ) -> ResoniteIo_V1_ContactInfo {
    var contact = ResoniteIo_V1_ContactInfo()
    contact.userID = id
    contact.username = name
    contact.alternateUsernames = alternates
    contact.status = status
    contact.isAccepted = accepted
    contact.isContactRequest = request
    contact.onlineStatus = online
    contact.currentSessionName = session
    contact.currentSessionAccessLevel = access
    contact.isHidden = isHidden(status)
    return contact
  }

  private static func searchResult(_ id: String, _ name: String, verified: Bool = false)
    -> ResoniteIo_V1_UserSearchResult
  {
    var result = ResoniteIo_V1_UserSearchResult()
    result.userID = id
    result.username = name
    result.isVerified = verified
    return result
  }

  /// The dash's rule (`ShouldBeHidden`): none, ignored and blocked are hidden.
  static func isHidden(_ status: ResoniteIo_V1_ContactStatus) -> Bool {
    status == .none || status == .ignored || status == .blocked
  }

  // MARK: Service behaviour (called by the handlers)

  func list(_ request: ResoniteIo_V1_ListContactsRequest) throws(CallFailure) -> ResoniteIo_V1_ListContactsResponse {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requireSignedIn(state)
      var reply = ResoniteIo_V1_ListContactsResponse()
      reply.contactCount = Int32(state.contacts.count)
      reply.requestCount = Int32(state.contacts.count(where: \.isContactRequest))
      reply.listLoaded = state.listLoaded
      let search = request.search.lowercased()
      reply.contacts = state.contacts.filter { contact in
        if !request.includeHidden && contact.isHidden { return false }
        if !search.isEmpty && !contact.username.lowercased().contains(search) { return false }
        switch request.filter {
        case .accepted: return contact.status == .accepted
        case .requests: return contact.isContactRequest
        default: return true
        }
      }
      return reply
    }
  }

  func get(_ userID: String) throws(CallFailure) -> ResoniteIo_V1_GetContactResponse {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requireSignedIn(state)
      var reply = ResoniteIo_V1_GetContactResponse()
      if let contact = state.contacts.first(where: { $0.userID == userID }) {
        reply.contact = contact
        reply.found = true
      }
      return reply
    }
  }

  func search(_ request: ResoniteIo_V1_SearchUsersRequest) throws(CallFailure) -> ResoniteIo_V1_SearchUsersResponse {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requireSignedIn(state)
      var reply = ResoniteIo_V1_SearchUsersResponse()
      let query = request.query.lowercased()
      guard !query.isEmpty else { return reply }
      reply.results = state.directory.filter { user in
        let name = user.username.lowercased()
        return request.exactMatch ? name == query : name.contains(query)
      }
      return reply
    }
  }

  func add(_ request: ResoniteIo_V1_AddContactRequest) throws(CallFailure) -> ResoniteIo_V1_ContactInfo {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requireSignedIn(state)
      let known = state.directory.first { $0.userID == request.userID }
      let index = state.contacts.firstIndex { $0.userID == request.userID }
      guard known != nil || index != nil, !request.userID.isEmpty else {
        throw CallFailure(code: .notFound, message: "User not found: \(request.userID)")
      }
      try Self.requireCloudAccepts(state, request.userID)
      if let index {
        var contact = state.contacts[index]
        if contact.isContactRequest {
          contact.isAccepted = true
          contact.isContactRequest = false
        } else if contact.status != .accepted {
          contact.isAccepted = false
        }
        contact.status = .accepted
        contact.isHidden = false
        if !request.username.isEmpty { contact.username = request.username }
        state.contacts[index] = contact
        return contact
      }
      var contact = ResoniteIo_V1_ContactInfo()
      contact.userID = request.userID
      contact.username = request.username.isEmpty ? known?.username ?? "" : request.username
      contact.status = .accepted
      contact.isAccepted = false
      contact.isContactRequest = false
      contact.onlineStatus = .offline
      contact.isHidden = false
      state.contacts.append(contact)
      return contact
    }
  }

  func accept(_ userID: String) throws(CallFailure) -> ResoniteIo_V1_ContactInfo {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requireSignedIn(state)
      guard let index = state.contacts.firstIndex(where: { $0.userID == userID && $0.isContactRequest }) else {
        throw CallFailure(code: .notFound, message: "No contact request from \(userID)")
      }
      try Self.requireCloudAccepts(state, userID)
      state.contacts[index].status = .accepted
      state.contacts[index].isAccepted = true
      state.contacts[index].isContactRequest = false
      state.contacts[index].isHidden = false
      return state.contacts[index]
    }
  }

  func remove(_ userID: String) throws(CallFailure) {
    try state.withLock { (state) throws(CallFailure) in
      try Self.requireSignedIn(state)
      guard let index = state.contacts.firstIndex(where: { $0.userID == userID }) else {
        throw CallFailure(code: .notFound, message: "Contact not found: \(userID)")
      }
      try Self.requireCloudAccepts(state, userID)
      state.contacts[index].status = .ignored
      state.contacts[index].isAccepted = false
      state.contacts[index].isContactRequest = false
      state.contacts[index].isHidden = true
    }
  }

  private static func requireSignedIn(_ state: State) throws(CallFailure) {
    guard state.signedIn else { throw CallFailure(code: .failedPrecondition, message: notSignedInMessage) }
  }

  private static func requireCloudAccepts(_ state: State, _ userID: String) throws(CallFailure) {
    guard !state.cloudRejectsWrites else {
      throw CallFailure(code: .internalError, message: "Cloud rejected the contact update for \(userID).")
    }
  }
}
