import ResoniteIOMessages

extension TestServer.Path {
  /// The `resonite_io.v1.Contact` paths the stand-in mod serves (see ``ContactModel``).
  public enum Contact {
    /// `/resonite_io.v1.Contact/ListContacts`.
    public static let listContacts = "/resonite_io.v1.Contact/ListContacts"
    /// `/resonite_io.v1.Contact/GetContact`.
    public static let getContact = "/resonite_io.v1.Contact/GetContact"
    /// `/resonite_io.v1.Contact/SearchUsers`.
    public static let searchUsers = "/resonite_io.v1.Contact/SearchUsers"
    /// `/resonite_io.v1.Contact/AddContact`.
    public static let addContact = "/resonite_io.v1.Contact/AddContact"
    /// `/resonite_io.v1.Contact/AcceptRequest`.
    public static let acceptRequest = "/resonite_io.v1.Contact/AcceptRequest"
    /// `/resonite_io.v1.Contact/RemoveContact`.
    public static let removeContact = "/resonite_io.v1.Contact/RemoveContact"
  }
}

extension StandInMod {
  /// The `Contact` service over ``contact``.
  var contactHandlers: [String: UnaryHandler] {
    let model = contact
    typealias Path = TestServer.Path.Contact
    return [
      Path.listContacts: ModHandler.unary(model.list),
      Path.getContact: ModHandler.unary(ResoniteIo_V1_GetContactRequest.self) { request, _ throws(CallFailure) in
        try model.get(request.userID)
      },
      Path.searchUsers: ModHandler.unary(model.search),
      Path.addContact: ModHandler.unary(ResoniteIo_V1_AddContactRequest.self) { request, _ throws(CallFailure) in
        var reply = ResoniteIo_V1_AddContactResponse()
        reply.contact = try model.add(request)
        return reply
      },
      Path.acceptRequest: ModHandler.unary(ResoniteIo_V1_AcceptRequestRequest.self) { request, _ throws(CallFailure) in
        var reply = ResoniteIo_V1_AcceptRequestResponse()
        reply.contact = try model.accept(request.userID)
        return reply
      },
      Path.removeContact: ModHandler.unary(ResoniteIo_V1_RemoveContactRequest.self) { request, _ throws(CallFailure) in
        try model.remove(request.userID)
        return ResoniteIo_V1_RemoveContactResponse()
      },
    ]
  }
}
