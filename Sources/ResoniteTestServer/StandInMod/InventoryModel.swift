public import Foundation
import ResoniteGRPC
public import ResoniteIOMessages
import Synchronization

/// The stand-in mod's inventory: a small tree of folders and records under absolute paths.
///
/// Initial state (deterministic; `*` = has a thumbnail, WebP-like bytes):
/// ```
/// /Inventory                      directory   R-inv-0001
/// /Inventory/Avatars              directory   R-inv-0002
/// /Inventory/Avatars/Knight       object *    R-inv-0003
/// /Inventory/Avatars/Robot        object *    R-inv-0004  (public)
/// /Inventory/Empty                directory   R-inv-0005
/// /Inventory/Readme               unknown     R-inv-0006
/// /Inventory/Tools                directory   R-inv-0007
/// /Inventory/Tools/Brush          object      R-inv-0008
/// /Inventory/Tools/Shared Tools   link        R-inv-0009
/// /Inventory/Worlds               directory   R-inv-0010
/// /Inventory/Worlds/Tester Home   world *     R-inv-0011
/// ```
/// Listings put folders first, then the rest, each by name (case-insensitive). New records
/// get ids from `R-inv-0100` on and a modification time one second after the last.
///
/// Behaviour, with the statuses SERVICES.md lists: a path must be non-empty and absolute,
/// without `.` or `..` components (INVALID_ARGUMENT); a trailing `/` is ignored. Missing paths
/// (or a missing parent for MakeDir) are NOT_FOUND; an existing target is ALREADY_EXISTS.
/// Copy and Remove of a folder without `recursive` are FAILED_PRECONDITION; Move takes folders
/// whole. A destination that is an existing folder receives the source under its own name;
/// otherwise it names the new entry. Copying or moving a folder into itself, and touching
/// `/` or `/Inventory`, are INVALID_ARGUMENT. List of a non-folder and Spawn of a folder or
/// link are FAILED_PRECONDITION. FetchThumbnail: empty path INVALID_ARGUMENT, missing entry or
/// no thumbnail NOT_FOUND. With ``cloudFailure`` set, every call on a valid path answers
/// UNAVAILABLE with that message.
public final class InventoryModel: Sendable {
  /// One entry of the stand-in tree.
  public struct Item: Sendable, Hashable {
    /// What it is.
    public var kind: ResoniteIo_V1_InventoryEntryKind
    /// Its record id.
    public var recordID: String
    /// Its main asset's URI (empty for folders).
    public var assetURI: String
    /// Whether the record is public.
    public var isPublic: Bool
    /// When it was last modified, in nanoseconds since the Unix epoch.
    public var lastModifiedUnixNanos: Int64
    /// Its thumbnail's bytes, if it has one.
    public var thumbnail: Data?
    /// The thumbnail's MIME type.
    public var thumbnailContentType: String

    /// Creates an item.
    public init(
      kind: ResoniteIo_V1_InventoryEntryKind, recordID: String, assetURI: String = "", isPublic: Bool = false,
      lastModifiedUnixNanos: Int64 = 0, thumbnail: Data? = nil, thumbnailContentType: String = "image/webp"
    ) {
      self.kind = kind
      self.recordID = recordID
      self.assetURI = assetURI
      self.isPublic = isPublic
      self.lastModifiedUnixNanos = lastModifiedUnixNanos
      self.thumbnail = thumbnail
      self.thumbnailContentType = thumbnailContentType
    }
  }

  struct State {
    var items: [String: Item] = InventoryModel.initialItems
    var nextRecord = 100
    var clock: Int64 = InventoryModel.baseNanos + 86_400 * 1_000_000_000
    var nextSlot = 0x9001
    var spawned: [String] = []
    var cloudFailure: String?
  }

  private let state = Mutex(State())

  /// Creates the inventory in its initial state.
  public init() {}

  // MARK: Reading (for tests)

  /// Every path in the tree (the hidden root `/` included), sorted.
  public var paths: [String] { state.withLock { $0.items.keys.sorted() } }
  /// The item at `path` (normalized form, for example `/Inventory/Tools`), if any.
  public func item(at path: String) -> Item? { state.withLock { $0.items[path] } }
  /// The paths Spawn spawned, in order.
  public var spawned: [String] { state.withLock { $0.spawned } }
  /// When set, every Inventory call on a valid path answers UNAVAILABLE with this message (a
  /// cloud failure).
  public var cloudFailure: String? {
    get { state.withLock { $0.cloudFailure } }
    set { state.withLock { $0.cloudFailure = newValue } }
  }

  // MARK: Seeding (for tests)

  /// Puts `item` at the absolute, normalized `path` (its parent folder must exist to list it).
  public func setItem(_ item: Item?, at path: String) { state.withLock { $0.items[path] = item } }

  // MARK: RPCs

  func list(_ rawPath: String) throws(CallFailure) -> ResoniteIo_V1_InventoryListing {
    let path = try Self.normalize(rawPath)
    return try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_InventoryListing in
      try Self.checkCloud(state)
      let item = try Self.existing(path, in: state)
      guard item.kind == .directory else {
        throw CallFailure(code: .failedPrecondition, message: "'\(path)' is not a directory.")
      }
      var listing = ResoniteIo_V1_InventoryListing()
      listing.path = path
      listing.entries = Self.children(of: path, in: state)
        .sorted { a, b in
          let (aFolder, bFolder) = (state.items[a]!.kind == .directory, state.items[b]!.kind == .directory)
          if aFolder != bFolder { return aFolder }
          return Self.name(a).lowercased() < Self.name(b).lowercased()
        }
        .map { Self.entry(state.items[$0]!, at: $0) }
      return listing
    }
  }

  func mkdir(_ rawPath: String) throws(CallFailure) -> ResoniteIo_V1_InventoryMutationResult {
    let path = try Self.normalize(rawPath)
    return try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_InventoryMutationResult in
      try Self.checkCloud(state)
      guard state.items[path] == nil else { throw Self.exists(path) }
      try Self.requireFolder(Self.parent(path), in: state)
      let item = Item(kind: .directory, recordID: Self.newRecordID(&state), lastModifiedUnixNanos: Self.tick(&state))
      state.items[path] = item
      return Self.mutation(path, item.recordID)
    }
  }

  func copy(_ request: ResoniteIo_V1_InventoryCopyRequest) throws(CallFailure) -> ResoniteIo_V1_InventoryMutationResult
  {
    let source = try Self.normalize(request.sourcePath)
    let destination = try Self.normalize(request.destinationPath)
    return try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_InventoryMutationResult in
      try Self.checkCloud(state)
      try Self.refuseRoot(source, "copy")
      let item = try Self.existing(source, in: state)
      if item.kind == .directory && !request.recursive {
        throw CallFailure(
          code: .failedPrecondition, message: "'\(source)' is a directory; copying it needs recursive.")
      }
      let target = try Self.target(of: source, at: destination, verb: "copy", in: state)
      var topRecord = ""
      for path in Self.subtree(source, in: state) {
        var copy = state.items[path]!
        copy.recordID = Self.newRecordID(&state)
        copy.lastModifiedUnixNanos = Self.tick(&state)
        if path == source { topRecord = copy.recordID }
        state.items[target + path.dropFirst(source.count)] = copy
      }
      return Self.mutation(target, topRecord)
    }
  }

  func move(_ request: ResoniteIo_V1_InventoryMoveRequest) throws(CallFailure) -> ResoniteIo_V1_InventoryMutationResult
  {
    let source = try Self.normalize(request.sourcePath)
    let destination = try Self.normalize(request.destinationPath)
    return try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_InventoryMutationResult in
      try Self.checkCloud(state)
      try Self.refuseRoot(source, "move")
      let item = try Self.existing(source, in: state)
      let target = try Self.target(of: source, at: destination, verb: "move", in: state)
      for path in Self.subtree(source, in: state) {
        let moved = state.items.removeValue(forKey: path)!
        state.items[target + path.dropFirst(source.count)] = moved
      }
      return Self.mutation(target, item.recordID)
    }
  }

  func remove(_ request: ResoniteIo_V1_InventoryRemoveRequest) throws(CallFailure)
    -> ResoniteIo_V1_InventoryMutationResult
  {
    let path = try Self.normalize(request.path)
    return try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_InventoryMutationResult in
      try Self.checkCloud(state)
      try Self.refuseRoot(path, "remove")
      let item = try Self.existing(path, in: state)
      if item.kind == .directory && !request.recursive {
        throw CallFailure(code: .failedPrecondition, message: "'\(path)' is a directory; removing it needs recursive.")
      }
      for doomed in Self.subtree(path, in: state) { state.items[doomed] = nil }
      return Self.mutation(path, item.recordID)
    }
  }

  func spawn(_ rawPath: String) throws(CallFailure) -> ResoniteIo_V1_InventorySpawnResult {
    let path = try Self.normalize(rawPath)
    return try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_InventorySpawnResult in
      try Self.checkCloud(state)
      let item = try Self.existing(path, in: state)
      guard item.kind != .directory && item.kind != .link else {
        let what = item.kind == .link ? "a link" : "a directory"
        throw CallFailure(code: .failedPrecondition, message: "'\(path)' is \(what) and cannot be spawned.")
      }
      var result = ResoniteIo_V1_InventorySpawnResult()
      result.sourcePath = path
      result.spawnedSlotID = "ID" + String(state.nextSlot, radix: 16, uppercase: true)
      result.spawnedSlotName = Self.name(path)
      state.nextSlot += 1
      state.spawned.append(path)
      return result
    }
  }

  func fetchThumbnail(_ rawPath: String) throws(CallFailure) -> ResoniteIo_V1_InventoryThumbnailResponse {
    guard !rawPath.isEmpty else { throw CallFailure(code: .invalidArgument, message: "Thumbnail path is empty.") }
    let path = try Self.normalize(rawPath)
    return try state.withLock { (state: inout State) throws(CallFailure) -> ResoniteIo_V1_InventoryThumbnailResponse in
      try Self.checkCloud(state)
      let item = try Self.existing(path, in: state)
      guard let data = item.thumbnail else {
        throw CallFailure(code: .notFound, message: "'\(path)' has no thumbnail.")
      }
      var response = ResoniteIo_V1_InventoryThumbnailResponse()
      response.data = data
      response.contentType = item.thumbnailContentType
      return response
    }
  }

  // MARK: Paths

  /// `path` without a trailing `/`, or INVALID_ARGUMENT for an empty, relative or dotted path.
  static func normalize(_ path: String) throws(CallFailure) -> String {
    guard !path.isEmpty else { throw CallFailure(code: .invalidArgument, message: "Path is empty.") }
    guard path.hasPrefix("/") else {
      throw CallFailure(code: .invalidArgument, message: "Path must be absolute: '\(path)'.")
    }
    let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    let trimmed = components.last == "" ? components.dropLast() : components
    guard trimmed.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
      throw CallFailure(code: .invalidArgument, message: "Invalid path: '\(path)'.")
    }
    return "/" + trimmed.joined(separator: "/")
  }

  private static func parent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
    return String(path[..<slash])
  }

  private static func name(_ path: String) -> String {
    String(path[path.index(after: path.lastIndex(of: "/")!)...])
  }

  private static func children(of path: String, in state: State) -> [String] {
    state.items.keys.filter { $0 != "/" && parent($0) == path }
  }

  /// `path` and everything under it, parents before children.
  private static func subtree(_ path: String, in state: State) -> [String] {
    state.items.keys.filter { $0 == path || $0.hasPrefix(path + "/") }.sorted()
  }

  private static func existing(_ path: String, in state: State) throws(CallFailure) -> Item {
    guard let item = state.items[path] else {
      throw CallFailure(code: .notFound, message: "No such inventory entry: '\(path)'.")
    }
    return item
  }

  private static func requireFolder(_ path: String, in state: State) throws(CallFailure) {
    guard let folder = state.items[path] else {
      throw CallFailure(code: .notFound, message: "No such inventory directory: '\(path)'.")
    }
    guard folder.kind == .directory else {
      throw CallFailure(code: .failedPrecondition, message: "'\(path)' is not a directory.")
    }
  }

  private static func refuseRoot(_ path: String, _ verb: String) throws(CallFailure) {
    if path == "/" || path == "/Inventory" {
      throw CallFailure(code: .invalidArgument, message: "Cannot \(verb) the inventory root '\(path)'.")
    }
  }

  /// Where `source` lands for a copy or move to `destination`.
  private static func target(
    of source: String, at destination: String, verb: String, in state: State
  ) throws(CallFailure) -> String {
    let target: String
    if let existing = state.items[destination] {
      guard existing.kind == .directory else { throw exists(destination) }
      target = (destination == "/" ? "" : destination) + "/" + name(source)
    } else {
      try requireFolder(parent(destination), in: state)
      target = destination
    }
    if target.hasPrefix(source + "/") {
      throw CallFailure(code: .invalidArgument, message: "Cannot \(verb) '\(source)' into itself.")
    }
    guard state.items[target] == nil else { throw exists(target) }
    return target
  }

  private static func exists(_ path: String) -> CallFailure {
    CallFailure(code: .alreadyExists, message: "'\(path)' already exists.")
  }

  private static func checkCloud(_ state: State) throws(CallFailure) {
    if let message = state.cloudFailure { throw CallFailure(code: .unavailable, message: message) }
  }

  private static func newRecordID(_ state: inout State) -> String {
    defer { state.nextRecord += 1 }
    return recordID(state.nextRecord)
  }

  private static func tick(_ state: inout State) -> Int64 {
    state.clock += 1_000_000_000
    return state.clock
  }

  private static func recordID(_ number: Int) -> String {
    let digits = String(number)
    return "R-inv-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  private static func mutation(_ path: String, _ recordID: String) -> ResoniteIo_V1_InventoryMutationResult {
    var result = ResoniteIo_V1_InventoryMutationResult()
    result.path = path
    result.recordID = recordID
    return result
  }

  private static func entry(_ item: Item, at path: String) -> ResoniteIo_V1_InventoryEntry {
    var entry = ResoniteIo_V1_InventoryEntry()
    entry.name = name(path)
    entry.path = path
    entry.kind = item.kind
    entry.recordID = item.recordID
    entry.assetUri = item.assetURI
    entry.isPublic = item.isPublic
    entry.lastModifiedUnixNanos = item.lastModifiedUnixNanos
    return entry
  }

  // MARK: Initial state

  /// 2025-11-01T00:00:00Z in nanoseconds.
  static let baseNanos: Int64 = 1_761_955_200 * 1_000_000_000

  static let initialItems: [String: Item] = {
    let layout: [(String, ResoniteIo_V1_InventoryEntryKind, Bool, Bool)] = [
      // path, kind, has thumbnail, public
      ("/Inventory", .directory, false, false),
      ("/Inventory/Avatars", .directory, false, false),
      ("/Inventory/Avatars/Knight", .object, true, false),
      ("/Inventory/Avatars/Robot", .object, true, true),
      ("/Inventory/Empty", .directory, false, false),
      ("/Inventory/Readme", .unknown, false, false),
      ("/Inventory/Tools", .directory, false, false),
      ("/Inventory/Tools/Brush", .object, false, false),
      ("/Inventory/Tools/Shared Tools", .link, false, false),
      ("/Inventory/Worlds", .directory, false, false),
      ("/Inventory/Worlds/Tester Home", .world, true, false),
    ]
    var items: [String: Item] = ["/": Item(kind: .directory, recordID: "")]
    for (index, (path, kind, thumbnail, isPublic)) in layout.enumerated() {
      let number = index + 1
      items[path] = Item(
        kind: kind, recordID: recordID(number),
        assetURI: kind == .directory ? "" : "resdb:///asset-\(recordID(number))", isPublic: isPublic,
        lastModifiedUnixNanos: baseNanos + Int64(number) * 3_600_000_000_000 + 123_456_789,
        thumbnail: thumbnail ? WorldModel.fakeWebP(name(path)) : nil)
    }
    return items
  }()
}
