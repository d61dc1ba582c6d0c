import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio contact")
struct ContactCommandTests {
  @Test("list: the table with the enums by name; --include-hidden, --filter, --search; json")
  func list() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let table = try await scratch.resoio("contact", "list", "-s", server.socketPath)
      #expect(table.status == 0 && table.stderr == "", "\(table)")
      #expect(
        table.stdoutLines == [
          "username  user_id  status     online    session",
          "Alice     U-alice  ACCEPTED   ONLINE    Alice's Workshop",
          "Bob       U-bob    ACCEPTED   AWAY      Stand-in Lounge",
          "Carol     U-carol  ACCEPTED   OFFLINE",
          "Dave      U-dave   REQUESTED  ONLINE",
          "Erin      U-erin   REQUESTED  SOCIABLE",
        ], "\(table)")
      func names(_ arguments: String...) async throws -> [String] {
        let outcome = try await scratch.resoio(arguments: ["contact", "list"] + arguments + ["-s", server.socketPath])
        #expect(outcome.status == 0, "\(outcome)")
        return outcome.stdoutLines.dropFirst().map { String($0.split(separator: " ").first ?? "") }
      }
      #expect(try await names("--include-hidden") == ["Alice", "Bob", "Carol", "Dave", "Erin", "Mallory", "Trent"])
      #expect(try await names("--filter", "accepted") == ["Alice", "Bob", "Carol"])
      #expect(try await names("--filter", "requests") == ["Dave", "Erin"])
      #expect(try await names("--filter", "all", "--search", "BO") == ["Bob"])
      #expect(try await scratch.resoio("contact", "list", "--filter", "bogus", "-s", server.socketPath).status == 2)
      let json = try await scratch.resoio("contact", "list", "--format", "json", "-s", server.socketPath)
      #expect(
        json.stdout.hasPrefix(
          """
          [
            {
              "user_id": "U-alice",
              "username": "Alice",
              "alternate_usernames": [],
              "status": "ACCEPTED",
              "is_accepted": true,
              "is_contact_request": false,
              "online_status": "ONLINE",
              "current_session_name": "Alice's Workshop",
              "current_session_access_level": "Contacts",
              "is_hidden": false
            },
          """), "\(json)")
    }
  }

  @Test("get: the row, or \"no such contact\" on stderr with exit 0 (JSON null)")
  func get() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let bob = try await scratch.resoio("contact", "get", "U-bob", "-s", server.socketPath)
      #expect(
        bob.stdoutLines == [
          "username  user_id  status    online  session", "Bob       U-bob    ACCEPTED  AWAY    Stand-in Lounge",
        ], "\(bob)")
      let json = try await scratch.resoio("contact", "get", "U-bob", "--format", "json", "-s", server.socketPath)
      #expect(json.stdout.contains("\"alternate_usernames\": [\n    \"Bobby\"\n  ],"), "\(json)")
      let missing = try await scratch.resoio("contact", "get", "U-nobody", "-s", server.socketPath)
      #expect(missing.status == 0 && missing.stdout == "" && missing.stderrLines == ["no such contact"], "\(missing)")
      let null = try await scratch.resoio("contact", "get", "U-nobody", "--format", "json", "-s", server.socketPath)
      #expect(null.status == 0 && null.stdout == "null\n" && null.stderr == "", "\(null)")
      #expect(try await scratch.resoio("contact", "get", "-s", server.socketPath).status == 2)
    }
  }

  @Test("search: username, user_id, verified yes/no; --exact; json")
  func search() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let found = try await scratch.resoio("contact", "search", "fra", "-s", server.socketPath)
      #expect(
        found.stdoutLines == ["username  user_id    verified", "Frank     U-frank    yes", "Frankie   U-frankie  no"],
        "\(found)")
      let exact = try await scratch.resoio(
        "contact", "search", "FRANK", "--exact", "--format", "json", "-s", server.socketPath)
      #expect(
        exact.stdout == """
          [
            {
              "user_id": "U-frank",
              "username": "Frank",
              "is_verified": true
            }
          ]

          """, "\(exact)")
      let none = try await scratch.resoio("contact", "search", "zzz", "-s", server.socketPath)
      #expect(none.stdoutLines == ["username  user_id  verified"], "\(none)")
    }
  }

  @Test("add, accept: the contact afterwards; remove: nothing, or {user_id, removed: true}")
  func mutations() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let add = try await scratch.resoio("contact", "add", "U-frank", "-s", server.socketPath)
      #expect(
        add.stdoutLines == ["username  user_id  status    online   session", "Frank     U-frank  ACCEPTED  OFFLINE"],
        "\(add)")
      let named = try await scratch.resoio(
        "contact", "add", "U-grace", "--username", "Gracie", "--format", "json", "-s", server.socketPath)
      #expect(named.status == 0 && named.stdout.contains("\"username\": \"Gracie\","), "\(named)")
      let accept = try await scratch.resoio("contact", "accept", "U-dave", "-s", server.socketPath)
      #expect(accept.stdoutLines.last == "Dave      U-dave   ACCEPTED  ONLINE", "\(accept)")
      let remove = try await scratch.resoio("contact", "remove", "U-bob", "-s", server.socketPath)
      #expect(remove.status == 0 && remove.stdout == "" && remove.stderr == "", "\(remove)")
      let removeJSON = try await scratch.resoio(
        "contact", "remove", "U-carol", "--format", "json", "-s", server.socketPath)
      #expect(removeJSON.stdout == "{\n  \"user_id\": \"U-carol\",\n  \"removed\": true\n}\n", "\(removeJSON)")
      let hidden = try await scratch.resoio("contact", "get", "U-bob", "-s", server.socketPath)
      #expect(hidden.stdoutLines.last?.contains("IGNORED") == true, "\(hidden)")
      for arguments in [["add", "U-nobody"], ["accept", "U-alice"], ["remove", "U-nobody"]] {
        let outcome = try await scratch.resoio(arguments: ["contact"] + arguments + ["-s", server.socketPath])
        #expect(outcome.status == 1 && outcome.stdout == "", "\(arguments): \(outcome)")
        #expect(
          outcome.stderrLines.first?.hasPrefix("resoio contact \(arguments[0]): NOT_FOUND: ") == true, "\(outcome)")
      }
    }
  }

  @Test("not signed in: one plain line (no readiness hint), exit 1; no subcommand exits 2; --help")
  func failuresAndHelp() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.contact.update { $0.signedIn = false }
      let outcome = try await scratch.resoio("contact", "list", "-s", server.socketPath)
      #expect(outcome.status == 1 && outcome.stdout == "", "\(outcome)")
      #expect(outcome.stderrLines == ["resoio contact list: FAILED_PRECONDITION: Not signed in to the Resonite cloud."])
      #expect(try await scratch.resoio("contact").status == 2)
      for leaf in ["", "list", "get", "search", "add", "accept", "remove"] {
        let arguments = ["contact"] + (leaf.isEmpty ? [] : [leaf]) + ["--help"]
        let help = try await scratch.resoio(arguments: arguments)
        #expect(help.status == 0 && help.stdout.contains("USAGE: resoio contact"), "\(arguments)")
      }
    }
  }
}
