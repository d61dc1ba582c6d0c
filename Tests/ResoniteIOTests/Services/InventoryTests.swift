import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteIOMessages
import ResoniteIOStubs
import ResoniteTestServer
import ResoniteTestSupport
import Testing

private typealias Methods = ResoniteIo_V1_InventoryStub.Methods

/// The stand-in's modification time of its `number`th initial entry.
private func initialModified(_ number: Int64) -> Int64 {
  1_761_955_200 * 1_000_000_000 + number * 3_600_000_000_000 + 123_456_789
}

@Suite("Inventory")
struct InventoryTests {
  // MARK: List

  @Test("list /Inventory: folders first, then the rest, every field mapped")
  func listRoot() async throws {
    try await withMod { (client, _) async throws in
      let listing = try await client.inventory.list("/Inventory")
      #expect(listing.path == "/Inventory")
      #expect(listing.entries.map(\.name) == ["Avatars", "Empty", "Tools", "Worlds", "Readme"])
      #expect(
        listing.entries[0]
          == InventoryEntry(
            name: "Avatars", path: "/Inventory/Avatars", kind: .directory, recordID: "R-inv-0002", assetURI: "",
            isPublic: false, lastModifiedUnixNanos: initialModified(2)))
      #expect(listing.entries[4].kind == .unknown)
    }
  }

  @Test("list a folder of items: kind, record, asset, public flag and time")
  func listItems() async throws {
    try await withMod { (client, _) async throws in
      let avatars = try await client.inventory.list("/Inventory/Avatars").entries
      #expect(avatars.map(\.name) == ["Knight", "Robot"])
      let robot = avatars[1]
      #expect(robot.kind == .object && robot.isPublic && robot.recordID == "R-inv-0004")
      #expect(robot.assetURI == "resdb:///asset-R-inv-0004")
      #expect(robot.lastModifiedUnixNanos == initialModified(4))
      #expect(robot.lastModified == Date(timeIntervalSince1970: 1_761_955_200 + 4 * 3600 + 0.123_456_789))
      let tools = try await client.inventory.list("/Inventory/Tools/")
      #expect(tools.path == "/Inventory/Tools", "a trailing slash is ignored")
      #expect(tools.entries.map(\.kind) == [.object, .link])
      #expect(try await client.inventory.list("/Inventory/Worlds").entries.map(\.kind) == [.world])
    }
  }

  @Test("entry kinds: UNSPECIFIED, UNKNOWN and unrecognized wire values all map to .unknown")
  func kindMapping() async throws {
    try await withMod { (client, server) async throws in
      let inventory = server.mod.inventory
      inventory.setItem(InventoryModel.Item(kind: .unspecified, recordID: "R-a"), at: "/Inventory/Empty/a")
      inventory.setItem(InventoryModel.Item(kind: .unknown, recordID: "R-b"), at: "/Inventory/Empty/b")
      inventory.setItem(InventoryModel.Item(kind: .UNRECOGNIZED(42), recordID: "R-c"), at: "/Inventory/Empty/c")
      inventory.setItem(InventoryModel.Item(kind: .link, recordID: "R-d"), at: "/Inventory/Empty/d")
      let kinds = try await client.inventory.list("/Inventory/Empty").entries.map(\.kind)
      #expect(kinds == [.unknown, .unknown, .unknown, .link])
      #expect(InventoryEntryKind.allCases.map(\.rawValue) == ["directory", "object", "world", "link", "unknown"])
    }
  }

  @Test("list: INVALID_ARGUMENT for empty, relative or dotted paths; NOT_FOUND; FAILED_PRECONDITION for an item")
  func listFailures() async throws {
    try await withMod { (client, _) async throws in
      let inventory = client.inventory
      await expectNavigationStatus(.invalidArgument, "Path is empty.") { _ = try await inventory.list("") }
      await expectNavigationStatus(.invalidArgument, "Path must be absolute: 'Inventory'.") {
        _ = try await inventory.list("Inventory")
      }
      await expectNavigationStatus(.invalidArgument, "Invalid path: '/Inventory/../x'.") {
        _ = try await inventory.list("/Inventory/../x")
      }
      await expectNavigationStatus(.notFound, "No such inventory entry: '/Inventory/Nope'.") {
        _ = try await inventory.list("/Inventory/Nope")
      }
      await expectNavigationStatus(.failedPrecondition, "'/Inventory/Readme' is not a directory.") {
        _ = try await inventory.list("/Inventory/Readme")
      }
    }
  }

  // MARK: mkdir

  @Test("mkdir creates a folder that later listings show; ALREADY_EXISTS; NOT_FOUND for a missing parent")
  func mkdir() async throws {
    try await withMod { (client, server) async throws in
      let result = try await client.inventory.mkdir("/Inventory/Backup")
      #expect(result == InventoryMutationResult(path: "/Inventory/Backup", recordID: "R-inv-0100"))
      #expect(try await client.inventory.list("/Inventory").entries.map(\.name).contains("Backup"))
      #expect(server.mod.inventory.item(at: "/Inventory/Backup")?.kind == .directory)
      #expect(try await client.inventory.list("/Inventory/Backup").entries.isEmpty)
      await expectNavigationStatus(.alreadyExists, "'/Inventory/Backup' already exists.") {
        _ = try await client.inventory.mkdir("/Inventory/Backup")
      }
      await expectNavigationStatus(.notFound, "No such inventory directory: '/Inventory/Missing'.") {
        _ = try await client.inventory.mkdir("/Inventory/Missing/Child")
      }
    }
  }

  // MARK: copy

  @Test("copy an item into a folder or to a new name; the original stays")
  func copyItem() async throws {
    try await withMod { (client, server) async throws in
      let into = try await client.inventory.copy("/Inventory/Tools/Brush", to: "/Inventory/Avatars")
      #expect(into == InventoryMutationResult(path: "/Inventory/Avatars/Brush", recordID: "R-inv-0100"))
      let renamed = try await client.inventory.copy("/Inventory/Avatars/Robot", to: "/Inventory/Robot Copy")
      #expect(renamed.path == "/Inventory/Robot Copy" && renamed.recordID == "R-inv-0101")
      #expect(server.mod.inventory.item(at: "/Inventory/Tools/Brush")?.recordID == "R-inv-0008")
      #expect(
        try await client.inventory.list("/Inventory/Avatars").entries.map(\.name) == ["Brush", "Knight", "Robot"])
    }
  }

  @Test("copy a folder: FAILED_PRECONDITION without recursive (nothing copied), the whole tree with it")
  func copyFolder() async throws {
    try await withMod { (client, server) async throws in
      await expectNavigationStatus(
        .failedPrecondition, "'/Inventory/Avatars' is a directory; copying it needs recursive."
      ) {
        _ = try await client.inventory.copy("/Inventory/Avatars", to: "/Inventory/Empty")
      }
      #expect(server.mod.inventory.item(at: "/Inventory/Empty/Avatars") == nil)
      let result = try await client.inventory.copy("/Inventory/Avatars", to: "/Inventory/Empty", recursive: true)
      #expect(result.path == "/Inventory/Empty/Avatars")
      let copied = try await client.inventory.list("/Inventory/Empty/Avatars").entries
      #expect(copied.map(\.name) == ["Knight", "Robot"])
      #expect(!copied.map(\.recordID).contains("R-inv-0003"), "copies are new records")
      #expect(try await client.inventory.list("/Inventory/Avatars").entries.count == 2)
    }
  }

  @Test("copy: ALREADY_EXISTS, NOT_FOUND, INVALID_ARGUMENT into itself or of the root")
  func copyFailures() async throws {
    try await withMod { (client, _) async throws in
      let inventory = client.inventory
      await expectNavigationStatus(.alreadyExists, "'/Inventory/Avatars/Knight' already exists.") {
        _ = try await inventory.copy("/Inventory/Avatars/Robot", to: "/Inventory/Avatars/Knight")
      }
      await expectNavigationStatus(.alreadyExists, "'/Inventory/Avatars/Robot' already exists.") {
        _ = try await inventory.copy("/Inventory/Avatars/Robot", to: "/Inventory/Avatars")
      }
      await expectNavigationStatus(.notFound, "No such inventory entry: '/Inventory/Nope'.") {
        _ = try await inventory.copy("/Inventory/Nope", to: "/Inventory/Empty")
      }
      await expectNavigationStatus(.invalidArgument, "Cannot copy '/Inventory/Avatars' into itself.") {
        _ = try await inventory.copy("/Inventory/Avatars", to: "/Inventory/Avatars/Sub", recursive: true)
      }
      await expectNavigationStatus(.invalidArgument, "Cannot copy the inventory root '/Inventory'.") {
        _ = try await inventory.copy("/Inventory", to: "/Inventory/Empty", recursive: true)
      }
      await expectNavigationStatus(.invalidArgument, "Path is empty.") {
        _ = try await inventory.copy("/Inventory/Avatars/Robot", to: "")
      }
    }
  }

  // MARK: move

  @Test("move takes a folder whole without a flag, keeping its record")
  func moveFolder() async throws {
    try await withMod { (client, server) async throws in
      let result = try await client.inventory.move("/Inventory/Tools", to: "/Inventory/Worlds")
      #expect(result == InventoryMutationResult(path: "/Inventory/Worlds/Tools", recordID: "R-inv-0007"))
      #expect(
        try await client.inventory.list("/Inventory/Worlds/Tools").entries.map(\.name) == ["Brush", "Shared Tools"])
      #expect(server.mod.inventory.item(at: "/Inventory/Worlds/Tools/Brush")?.recordID == "R-inv-0008")
      await expectNavigationStatus(.notFound) { _ = try await client.inventory.list("/Inventory/Tools") }
    }
  }

  @Test("move renames an item; ALREADY_EXISTS, NOT_FOUND, INVALID_ARGUMENT")
  func moveItem() async throws {
    try await withMod { (client, _) async throws in
      let inventory = client.inventory
      let renamed = try await inventory.move("/Inventory/Avatars/Knight", to: "/Inventory/Avatars/Paladin")
      #expect(renamed == InventoryMutationResult(path: "/Inventory/Avatars/Paladin", recordID: "R-inv-0003"))
      #expect(try await inventory.list("/Inventory/Avatars").entries.map(\.name) == ["Paladin", "Robot"])
      await expectNavigationStatus(.alreadyExists) {
        _ = try await inventory.move("/Inventory/Avatars/Robot", to: "/Inventory/Avatars/Paladin")
      }
      await expectNavigationStatus(.notFound) {
        _ = try await inventory.move("/Inventory/Avatars/Knight", to: "/Inventory/Empty")
      }
      await expectNavigationStatus(.invalidArgument, "Cannot move '/Inventory/Avatars' into itself.") {
        _ = try await inventory.move("/Inventory/Avatars", to: "/Inventory/Avatars/Deeper")
      }
      await expectNavigationStatus(.invalidArgument, "Cannot move the inventory root '/Inventory'.") {
        _ = try await inventory.move("/Inventory", to: "/Elsewhere")
      }
    }
  }

  // MARK: remove

  @Test("remove an item; a folder needs recursive (even an empty one); the tree goes with it")
  func remove() async throws {
    try await withMod { (client, server) async throws in
      let inventory = client.inventory
      #expect(
        try await inventory.remove("/Inventory/Avatars/Knight")
          == InventoryMutationResult(path: "/Inventory/Avatars/Knight", recordID: "R-inv-0003"))
      #expect(try await inventory.list("/Inventory/Avatars").entries.map(\.name) == ["Robot"])
      await expectNavigationStatus(
        .failedPrecondition, "'/Inventory/Empty' is a directory; removing it needs recursive."
      ) {
        _ = try await inventory.remove("/Inventory/Empty")
      }
      #expect(server.mod.inventory.item(at: "/Inventory/Empty") != nil)
      _ = try await inventory.remove("/Inventory/Tools", recursive: true)
      #expect(!server.mod.inventory.paths.contains { $0.hasPrefix("/Inventory/Tools") })
      await expectNavigationStatus(.notFound, "No such inventory entry: '/Inventory/Tools'.") {
        _ = try await inventory.remove("/Inventory/Tools", recursive: true)
      }
      await expectNavigationStatus(.invalidArgument, "Cannot remove the inventory root '/Inventory'.") {
        _ = try await inventory.remove("/Inventory", recursive: true)
      }
    }
  }

  // MARK: spawn

  @Test("spawn an item or a world into the focused world; folders and links cannot be spawned")
  func spawn() async throws {
    try await withMod { (client, server) async throws in
      let inventory = client.inventory
      #expect(
        try await inventory.spawn("/Inventory/Avatars/Robot")
          == InventorySpawnResult(
            sourcePath: "/Inventory/Avatars/Robot", spawnedSlotID: "ID9001", spawnedSlotName: "Robot"))
      #expect(try await inventory.spawn("/Inventory/Worlds/Tester Home").spawnedSlotID == "ID9002")
      #expect(server.mod.inventory.spawned == ["/Inventory/Avatars/Robot", "/Inventory/Worlds/Tester Home"])
      await expectNavigationStatus(.failedPrecondition, "'/Inventory/Avatars' is a directory and cannot be spawned.") {
        _ = try await inventory.spawn("/Inventory/Avatars")
      }
      await expectNavigationStatus(
        .failedPrecondition, "'/Inventory/Tools/Shared Tools' is a link and cannot be spawned."
      ) {
        _ = try await inventory.spawn("/Inventory/Tools/Shared Tools")
      }
      await expectNavigationStatus(.notFound) { _ = try await inventory.spawn("/Inventory/Nope") }
      await expectNavigationStatus(.invalidArgument) { _ = try await inventory.spawn("relative") }
    }
  }

  // MARK: thumbnails

  @Test("fetchThumbnail returns the stored bytes; NOT_FOUND without one; INVALID_ARGUMENT for an empty path")
  func fetchThumbnail() async throws {
    try await withMod { (client, server) async throws in
      let inventory = client.inventory
      let robot = try await inventory.fetchThumbnail("/Inventory/Avatars/Robot")
      #expect(robot.contentType == "image/webp")
      #expect(robot.data.prefix(4) == Data("RIFF".utf8) && robot.data.dropFirst(8).prefix(4) == Data("WEBP".utf8))
      #expect(robot.data == server.mod.inventory.item(at: "/Inventory/Avatars/Robot")?.thumbnail)
      #expect(try await inventory.fetchThumbnail("/Inventory/Avatars/Knight").data != robot.data)
      await expectNavigationStatus(.notFound, "'/Inventory/Tools/Brush' has no thumbnail.") {
        _ = try await inventory.fetchThumbnail("/Inventory/Tools/Brush")
      }
      await expectNavigationStatus(.notFound, "No such inventory entry: '/Inventory/Nope'.") {
        _ = try await inventory.fetchThumbnail("/Inventory/Nope")
      }
      await expectNavigationStatus(.invalidArgument, "Thumbnail path is empty.") {
        _ = try await inventory.fetchThumbnail("")
      }
    }
  }

  // MARK: knobs

  @Test("the cloud-failure knob: UNAVAILABLE with its message, nothing changed, and back to normal when cleared")
  func cloudFailure() async throws {
    try await withMod { (client, server) async throws in
      server.mod.inventory.cloudFailure = "Cloud request failed: 503 Service Unavailable"
      await expectNavigationStatus(.unavailable, "Cloud request failed: 503 Service Unavailable") {
        _ = try await client.inventory.mkdir("/Inventory/New")
      }
      await expectNavigationStatus(.unavailable) { _ = try await client.inventory.list("/Inventory") }
      #expect(server.mod.inventory.item(at: "/Inventory/New") == nil)
      server.mod.inventory.cloudFailure = nil
      #expect(try await client.inventory.mkdir("/Inventory/New").path == "/Inventory/New")
    }
  }

  @Test("FAILED_PRECONDITION (not ready) from the failure knob comes through unchanged")
  func notReady() async throws {
    try await withMod({
      $0.failures[Methods.list.path] = CallFailure(code: .failedPrecondition, message: "Inventory is not ready.")
    }) { (client, _) async throws in
      await expectNavigationStatus(.failedPrecondition, "Inventory is not ready.") {
        _ = try await client.inventory.list("/Inventory")
      }
    }
  }

  @Test("requests carry the paths and flags as given")
  func requestsOnTheWire() async throws {
    let copies = NavigationCapture<ResoniteIo_V1_InventoryCopyRequest>()
    let removes = NavigationCapture<ResoniteIo_V1_InventoryRemoveRequest>()
    try await withMod({
      $0.handlers[Methods.copy.path] = copies.handler(replying: ResoniteIo_V1_InventoryMutationResult())
      $0.handlers[Methods.remove.path] = removes.handler(replying: ResoniteIo_V1_InventoryMutationResult())
    }) { (client, _) async throws in
      _ = try await client.inventory.copy("a", to: "b")
      _ = try await client.inventory.copy("c", to: "d", recursive: true)
      _ = try await client.inventory.remove("e")
      _ = try await client.inventory.remove("f", recursive: true)
    }
    #expect(
      copies.requests.map { [$0.sourcePath, $0.destinationPath, "\($0.recursive)"] } == [
        ["a", "b", "false"], ["c", "d", "true"],
      ])
    #expect(removes.requests.map { "\($0.path):\($0.recursive)" } == ["e:false", "f:true"])
  }
}
