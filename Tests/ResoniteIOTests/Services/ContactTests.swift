import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Contact service")
struct ContactTests {
  typealias Path = TestServer.Path.Contact

  @Test("listContacts by default: the visible contacts with presence, counts as totals, list loaded")
  func listContactsDefault() async throws {
    try await withMod { client, _ in
      let list = try await client.contact.listContacts()
      #expect(list.contacts.map(\.userID) == ["U-alice", "U-bob", "U-carol", "U-dave", "U-erin"])
      #expect(list.contactCount == 7)
      #expect(list.requestCount == 2)
      #expect(list.listLoaded)
      #expect(
        list.contacts[1]
          == ContactInfo(
            userID: "U-bob", username: "Bob", alternateUsernames: ["Bobby"], status: .accepted, isAccepted: true,
            isContactRequest: false, onlineStatus: .away, currentSessionName: "Stand-in Lounge",
            currentSessionAccessLevel: "ContactsPlus", isHidden: false))
      #expect(
        list.contacts[3].status == .requested && list.contacts[3].isContactRequest && !list.contacts[3].isAccepted)
      #expect(list.contacts.map(\.onlineStatus) == [.online, .away, .offline, .online, .sociable])
    }
  }

  @Test("includeHidden adds the blocked and ignored contacts")
  func listContactsHidden() async throws {
    try await withMod { client, _ in
      let list = try await client.contact.listContacts(includeHidden: true)
      #expect(list.contacts.count == 7)
      let hidden = list.contacts.filter(\.isHidden)
      #expect(hidden.map(\.userID) == ["U-mallory", "U-trent"])
      #expect(hidden.map(\.status) == [.blocked, .ignored])
      #expect(hidden.map(\.onlineStatus) == [.offline, .busy])
    }
  }

  @Test("filters and search are applied by the mod; the counts stay totals")
  func listContactsFilters() async throws {
    try await withMod { client, _ in
      let accepted = try await client.contact.listContacts(filter: .accepted)
      #expect(accepted.contacts.map(\.username) == ["Alice", "Bob", "Carol"])
      #expect(accepted.contactCount == 7 && accepted.requestCount == 2)
      let requests = try await client.contact.listContacts(filter: .requests)
      #expect(requests.contacts.map(\.username) == ["Dave", "Erin"])
      let search = try await client.contact.listContacts(search: "BO")
      #expect(search.contacts.map(\.username) == ["Bob"])
      #expect(search.contactCount == 7)
      let hiddenSearch = try await client.contact.listContacts(search: "mal", includeHidden: true)
      #expect(hiddenSearch.contacts.map(\.username) == ["Mallory"])
      #expect(try await client.contact.listContacts(search: "mal").contacts.isEmpty)
    }
  }

  @Test("ContactFilter goes on the wire by meaning: all is UNSPECIFIED")
  func filterOnTheWire() async throws {
    let capture = RequestCapture<ResoniteIo_V1_ListContactsRequest>()
    try await withMod({
      $0.handlers[Path.listContacts] = capture.handler(replying: ResoniteIo_V1_ListContactsResponse())
    }) { client, _ in
      for filter in ContactFilter.allCases {
        _ = try await client.contact.listContacts(search: "x", filter: filter, includeHidden: filter == .requests)
      }
    }
    #expect(capture.all.map(\.filter) == [.unspecified, .accepted, .requests])
    #expect(capture.all.map(\.includeHidden) == [false, false, true])
    #expect(capture.all.allSatisfy { $0.search == "x" })
    #expect(ContactFilter.allCases.map(\.rawValue) == ["all", "accepted", "requests"])
  }

  @Test("getContact finds any contact, hidden ones too; a miss is nil, not an error")
  func getContact() async throws {
    try await withMod { client, _ in
      let alice = try #require(try await client.contact.getContact("U-alice"))
      #expect(alice.username == "Alice" && alice.currentSessionName == "Alice's Workshop")
      #expect(alice.currentSessionAccessLevel == "Contacts")
      #expect(try await client.contact.getContact("U-trent")?.status == .ignored)
      #expect(try await client.contact.getContact("U-nobody") == nil)
    }
  }

  @Test("searchUsers searches the cloud by part of the name, or exactly")
  func searchUsers() async throws {
    try await withMod { client, _ in
      let partial = try await client.contact.searchUsers("fra")
      #expect(
        partial == [
          UserSearchResult(userID: "U-frank", username: "Frank", isVerified: true),
          UserSearchResult(userID: "U-frankie", username: "Frankie", isVerified: false),
        ])
      #expect(try await client.contact.searchUsers("FRANK", exactMatch: true).map(\.userID) == ["U-frank"])
      #expect(try await client.contact.searchUsers("zz").isEmpty)
    }
  }

  @Test("addContact: a new user waits for the other side; a pending request becomes mutual; the list shows it")
  func addContact() async throws {
    try await withMod { client, _ in
      let grace = try await client.contact.addContact("U-grace")
      #expect(grace.username == "Grace")
      #expect(grace.status == .accepted && !grace.isAccepted && !grace.isContactRequest && !grace.isHidden)
      let named = try await client.contact.addContact("U-frank", username: "Franky")
      #expect(named.username == "Franky")
      let dave = try await client.contact.addContact("U-dave")
      #expect(dave.status == .accepted && dave.isAccepted && !dave.isContactRequest)

      let list = try await client.contact.listContacts()
      #expect(list.contacts.map(\.userID).suffix(2) == ["U-grace", "U-frank"])
      #expect(list.contactCount == 9)
      #expect(list.requestCount == 1)
    }
  }

  @Test("acceptRequest makes the request mutual; removeContact hides the contact as ignored")
  func acceptAndRemove() async throws {
    try await withMod { client, _ in
      let erin = try await client.contact.acceptRequest("U-erin")
      #expect(erin.status == .accepted && erin.isAccepted && !erin.isContactRequest)
      #expect(try await client.contact.listContacts(filter: .requests).contacts.map(\.userID) == ["U-dave"])

      try await client.contact.removeContact("U-alice")
      let alice = try #require(try await client.contact.getContact("U-alice"))
      #expect(alice.status == .ignored && alice.isHidden && !alice.isAccepted)
      #expect(!(try await client.contact.listContacts()).contacts.contains { $0.userID == "U-alice" })
      #expect(try await client.contact.listContacts(includeHidden: true).contacts.contains { $0.userID == "U-alice" })

      // Rejecting a request is a removal too.
      try await client.contact.removeContact("U-dave")
      #expect(try await client.contact.listContacts().requestCount == 0)
    }
  }

  @Test("unknown ids answer NOT_FOUND for add, accept and remove; accepting a non-request too")
  func notFound() async throws {
    try await withMod { client, server in
      let add = await expectRPCError { _ = try await client.contact.addContact("U-nobody") }
      #expect(add?.code == .notFound)
      #expect(add?.message == "User not found: U-nobody")
      let accept = await expectRPCError { _ = try await client.contact.acceptRequest("U-nobody") }
      #expect(accept?.code == .notFound)
      let notARequest = await expectRPCError { _ = try await client.contact.acceptRequest("U-alice") }
      #expect(notARequest?.code == .notFound)
      #expect(notARequest?.message == "No contact request from U-alice")
      let remove = await expectRPCError { try await client.contact.removeContact("U-nobody") }
      #expect(remove?.code == .notFound)
      #expect(server.mod.contact.contacts.count == 7)
    }
  }

  @Test("not signed in: every Contact RPC answers FAILED_PRECONDITION")
  func notSignedIn() async throws {
    try await withMod { client, server in
      server.mod.contact.signedIn = false
      let contact = client.contact
      let calls: [(String, () async throws -> Void)] = [
        ("list", { _ = try await contact.listContacts() }),
        ("get", { _ = try await contact.getContact("U-alice") }),
        ("search", { _ = try await contact.searchUsers("a") }),
        ("add", { _ = try await contact.addContact("U-grace") }),
        ("accept", { _ = try await contact.acceptRequest("U-dave") }),
        ("remove", { try await contact.removeContact("U-alice") }),
      ]
      for (name, call) in calls {
        let error = await expectRPCError(call)
        #expect(error?.code == .failedPrecondition, "\(name)")
        #expect(error?.message == ContactModel.notSignedInMessage, "\(name)")
      }
    }
  }

  @Test("a cloud that rejects the write: add, accept and remove answer INTERNAL and change nothing")
  func cloudRejects() async throws {
    try await withMod { client, server in
      server.mod.contact.cloudRejectsWrites = true
      let before = server.mod.contact.contacts
      let add = await expectRPCError { _ = try await client.contact.addContact("U-grace") }
      #expect(add?.code == .internalError)
      #expect(add?.message == "Cloud rejected the contact update for U-grace.")
      let accept = await expectRPCError { _ = try await client.contact.acceptRequest("U-dave") }
      #expect(accept?.code == .internalError)
      let remove = await expectRPCError { try await client.contact.removeContact("U-alice") }
      #expect(remove?.code == .internalError)
      #expect(server.mod.contact.contacts == before)
      // Reads still work.
      let visible = try await client.contact.listContacts().contacts
      #expect(visible.count == 5)
    }
  }

  @Test("a status or presence this client does not know is an UnexpectedReplyError")
  func unknownEnumValues() async throws {
    try await withMod { client, server in
      server.mod.contact.update { $0.contacts[0].status = .UNRECOGNIZED(42) }
      let status = await expectUnexpectedReply { _ = try await client.contact.listContacts() }
      #expect(status?.method == "Contact/ListContacts")
      #expect(status?.problem == "unknown contact status 42")

      server.mod.contact.update {
        $0.contacts[0].status = .accepted
        $0.contacts[1].onlineStatus = .UNRECOGNIZED(9)
      }
      let online = await expectUnexpectedReply { _ = try await client.contact.getContact("U-bob") }
      #expect(online?.method == "Contact/GetContact")
      #expect(online?.problem == "unknown online status 9")

      server.mod.contact.update {
        $0.contacts[1].onlineStatus = .unspecified
        $0.contacts[1].status = .unspecified
      }
      let bob = try #require(try await client.contact.getContact("U-bob"))
      #expect(bob.status == .unspecified && bob.onlineStatus == .unspecified)
    }
  }

  @Test("replies missing their contact are UnexpectedReplyErrors; found=false with none is nil")
  func missingContact() async throws {
    var found = ResoniteIo_V1_GetContactResponse()
    found.found = true
    try await withMod({
      $0.handlers[Path.getContact] = replying(found)
      $0.handlers[Path.addContact] = replying(ResoniteIo_V1_AddContactResponse())
      $0.handlers[Path.acceptRequest] = replying(ResoniteIo_V1_AcceptRequestResponse())
    }) { client, _ in
      let get = await expectUnexpectedReply { _ = try await client.contact.getContact("U-alice") }
      #expect(get?.problem == "found, but no contact in the reply")
      let add = await expectUnexpectedReply { _ = try await client.contact.addContact("U-grace") }
      #expect(add?.method == "Contact/AddContact")
      let accept = await expectUnexpectedReply { _ = try await client.contact.acceptRequest("U-dave") }
      #expect(accept?.method == "Contact/AcceptRequest")
    }
  }

  @Test("the public enums' values")
  func enumValues() {
    #expect(
      ContactStatus.allCases.map(\.rawValue) == [
        "unspecified", "none", "search_result", "requested", "ignored", "blocked", "accepted",
      ])
    #expect(
      OnlineStatus.allCases.map(\.rawValue) == [
        "unspecified", "offline", "invisible", "away", "busy", "online", "sociable",
      ])
  }

  @Test("calls on a closed client throw notConnected before any RPC")
  func notConnected() async throws {
    try await withMod { client, server in
      await client.close()
      await #expect(throws: ResoniteClientError.notConnected) { _ = try await client.contact.listContacts() }
      #expect(server.callCount(path: Path.listContacts) == 0)
    }
  }
}
