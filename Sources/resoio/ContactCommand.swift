import ArgumentParser
import PythonCompatibility
import ResoniteIO

/// `resoio contact`: the contact list (friends), like the reference CLI's `contact`.
struct Contact: RequiresSubcommand {
  static let configuration = CommandConfiguration(
    abstract: "Browse and manage Resonite contacts (friends).",
    discussion: """
      `list` shows existing contacts with presence; `get` fetches one by user
      id; `search` queries the cloud for users to add; `add` / `accept` /
      `remove` change the contact list.

      Failures of a call exit 1 with one plain line naming the gRPC status and
      the server's message (the reference prints a Python traceback), e.g.
      FAILED_PRECONDITION when not signed in, NOT_FOUND for an unknown user.


      """ + socketResolutionHelp,
    subcommands: [List.self, Get.self, Search.self, Add.self, Accept.self, Remove.self]
  )
}

extension Contact {
  /// `-s/--socket` and `--format`, on every contact leaf.
  struct Options: ParsableArguments {
    @OptionGroup var socketOptions: SocketOptions

    @Option(help: "Output format: human (a table) or json (one document).")
    var format: OutputFormat = .human
  }

  enum FilterChoice: String, ExpressibleByArgument, CaseIterable {
    case all, accepted, requests

    var filter: ContactFilter {
      switch self {
      case .all: .all
      case .accepted: .accepted
      case .requests: .requests
      }
    }
  }

  /// `resoio contact list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List contacts with presence.",
      discussion: "Prints a table (username, user_id, status, online, session), or with --format json the list.")

    @Option(help: "Username substring filter.")
    var search = ""

    @Option(help: "Contact filter (default: all).")
    var filter: FilterChoice = .all

    @Flag(name: .customLong("include-hidden"), help: "Include dash-hidden contacts (ignored / blocked).")
    var includeHidden = false

    @OptionGroup var options: Options

    func run() async throws {
      let list = try await ModCall.run("contact list", socket: options.socketOptions) {
        try await $0.contact.listContacts(search: search, filter: filter.filter, includeHidden: includeHidden)
      }
      ContactText.print(list.contacts, json: .array(list.contacts.map(\.referenceJSON)), options.format)
    }
  }

  /// `resoio contact get USER_ID`.
  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fetch a single contact by user id.",
      discussion: """
        Prints the contact's table row; a user id that is not a contact prints
        "no such contact" on stderr (with --format json: null) and exits 0.
        """)

    @Argument(help: "Contact user id to fetch.")
    var userID: String

    @OptionGroup var options: Options

    func run() async throws {
      let contact = try await ModCall.run("contact get", socket: options.socketOptions) {
        try await $0.contact.getContact(userID)
      }
      switch (contact, options.format) {
      case (nil, .json): Console.out("null")
      case (nil, .human): Console.error("no such contact")
      case (let contact?, _): ContactText.print([contact], json: contact.referenceJSON, options.format)
      }
    }
  }

  /// `resoio contact search QUERY`.
  struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Search the cloud for users to add.",
      discussion: "Prints a table (username, user_id, verified yes/no), or with --format json the list.")

    @Argument(help: "Username query.")
    var query: String

    @Flag(name: .customLong("exact"), help: "Match the username exactly (default: substring).")
    var exactMatch = false

    @OptionGroup var options: Options

    func run() async throws {
      let results = try await ModCall.run("contact search", socket: options.socketOptions) {
        try await $0.contact.searchUsers(query, exactMatch: exactMatch)
      }
      switch options.format {
      case .human:
        PythonText.table(
          ["username", "user_id", "verified"], results.map { [$0.username, $0.userID, $0.isVerified ? "yes" : "no"] }
        ).forEach(Console.out)
      case .json:
        Console.out(
          JSONValue.array(
            results.map {
              .object([
                ("user_id", .string($0.userID)), ("username", .string($0.username)),
                ("is_verified", .bool($0.isVerified)),
              ])
            }
          ).text)
      }
    }
  }

  /// `resoio contact add USER_ID`.
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a user as a contact.", discussion: "Prints the contact afterwards, as `get` does.")

    @Argument(help: "User id to add.")
    var userID: String

    @Option(help: "Username (resolved mod-side if omitted).")
    var username = ""

    @OptionGroup var options: Options

    func run() async throws {
      let contact = try await ModCall.run("contact add", socket: options.socketOptions) {
        try await $0.contact.addContact(userID, username: username)
      }
      ContactText.print([contact], json: contact.referenceJSON, options.format)
    }
  }

  /// `resoio contact accept USER_ID`.
  struct Accept: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Accept an incoming contact request.", discussion: "Prints the contact afterwards, as `get` does.")

    @Argument(help: "User id of the request to accept.")
    var userID: String

    @OptionGroup var options: Options

    func run() async throws {
      let contact = try await ModCall.run("contact accept", socket: options.socketOptions) {
        try await $0.contact.acceptRequest(userID)
      }
      ContactText.print([contact], json: contact.referenceJSON, options.format)
    }
  }

  /// `resoio contact remove USER_ID`.
  struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove a contact / reject a request.",
      discussion: "Prints nothing, or with --format json {\"user_id\": ID, \"removed\": true}.")

    @Argument(help: "User id to remove.")
    var userID: String

    @OptionGroup var options: Options

    func run() async throws {
      try await ModCall.run("contact remove", socket: options.socketOptions) {
        try await $0.contact.removeContact(userID)
      }
      if options.format == .json {
        Console.out(JSONValue.object([("user_id", .string(userID)), ("removed", .bool(true))]).text)
      }
    }
  }
}

/// The reference's contact table.
enum ContactText {
  static func print(_ contacts: [ContactInfo], json: JSONValue, _ format: OutputFormat) {
    switch format {
    case .human:
      PythonText.table(
        ["username", "user_id", "status", "online", "session"],
        contacts.map {
          [
            $0.username, $0.userID, $0.status.rawValue.uppercased(), $0.onlineStatus.rawValue.uppercased(),
            $0.currentSessionName,
          ]
        }
      ).forEach(Console.out)
    case .json:
      Console.out(json.text)
    }
  }
}

extension ContactInfo {
  /// The reference's JSON: the wire message's 10 fields in declaration order, the enums by
  /// name (`ACCEPTED`, `ONLINE`).
  var referenceJSON: JSONValue {
    .object([
      ("user_id", .string(userID)), ("username", .string(username)),
      ("alternate_usernames", .array(alternateUsernames.map(JSONValue.string))),
      ("status", .string(status.rawValue.uppercased())), ("is_accepted", .bool(isAccepted)),
      ("is_contact_request", .bool(isContactRequest)), ("online_status", .string(onlineStatus.rawValue.uppercased())),
      ("current_session_name", .string(currentSessionName)),
      ("current_session_access_level", .string(currentSessionAccessLevel)), ("is_hidden", .bool(isHidden)),
    ])
  }
}
