import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs
import SwiftProtobuf

/// The signed-in user's inventory as a tree of absolute paths, with `ls`/`mkdir`/`cp`/`mv`/`rm`
/// operations, spawning and thumbnails.
///
/// Reach it as ``ResoniteClient/inventory``. The service is stateless: every path is absolute
/// (for example `/Inventory/Avatars`); there is no working directory. As with `cp -r` and
/// `rm -r`, copying or removing a folder needs `recursive: true`; a move takes folders as they
/// are. Operations on many records are not atomic. The reference client's `InventoryClient`.
///
/// ```swift
/// try await ResoniteClient.withConnection { mod in
///   for entry in try await mod.inventory.list("/Inventory").entries {
///     print(entry.kind.rawValue, entry.path)
///   }
///   _ = try await mod.inventory.mkdir("/Inventory/Backup")
///   _ = try await mod.inventory.copy("/Inventory/Avatars", to: "/Inventory/Backup", recursive: true)
/// }
/// ```
///
/// Every method throws ``ResoniteClientError/notConnected`` when the client is not connected
/// and `RPCError` for a failed call: INVALID_ARGUMENT for a bad or empty path, NOT_FOUND for a
/// missing path (or an item without a thumbnail), ALREADY_EXISTS when the target is taken,
/// FAILED_PRECONDITION for a folder without `recursive` or while the inventory is not ready,
/// UNAVAILABLE when the cloud request fails, and the statuses every service can answer.
public struct InventoryClient: Sendable {
  /// The connection the calls go over.
  public let client: ResoniteClient

  /// Creates the service client over `client`'s connection (the same as ``ResoniteClient/inventory``).
  public init(client: ResoniteClient) {
    self.client = client
  }

  private func stub() throws -> ResoniteIo_V1_InventoryStub {
    ResoniteIo_V1_InventoryStub(channel: try client.channel())
  }

  /// The entries directly inside the folder `path` (`ls`). Python: `list(path)`.
  ///
  /// - Throws: `RPCError` (INVALID_ARGUMENT for a bad path, NOT_FOUND for a missing one,
  ///   FAILED_PRECONDITION while the inventory is not ready, UNAVAILABLE on a cloud failure).
  public func list(_ path: String, options: CallOptions = CallOptions()) async throws -> InventoryListing {
    InventoryListing(try await stub().list(.with { $0.path = path }, options: options))
  }

  /// Creates the folder `path` (`mkdir`). Python: `mkdir(path)`.
  ///
  /// - Throws: `RPCError` (ALREADY_EXISTS when `path` is taken, NOT_FOUND when its parent is
  ///   missing, INVALID_ARGUMENT for a bad path, UNAVAILABLE on a cloud failure).
  public func mkdir(_ path: String, options: CallOptions = CallOptions()) async throws -> InventoryMutationResult {
    InventoryMutationResult(try await stub().makeDir(.with { $0.path = path }, options: options))
  }

  /// Copies `source` to `destination` (`cp`; `cp -r` with `recursive`). Python:
  /// `copy(src, dst, *, recursive=False)`.
  ///
  /// - Parameters:
  ///   - source: the absolute path to copy.
  ///   - destination: an existing folder to copy into, or the new entry's absolute path.
  ///   - recursive: required to copy a folder.
  ///   - options: timeout and metadata for the call.
  /// - Throws: `RPCError` (FAILED_PRECONDITION for a folder without `recursive`, NOT_FOUND
  ///   for a missing source, ALREADY_EXISTS when the target is taken, INVALID_ARGUMENT for a
  ///   bad path, UNAVAILABLE on a cloud failure).
  public func copy(
    _ source: String, to destination: String, recursive: Bool = false, options: CallOptions = CallOptions()
  ) async throws -> InventoryMutationResult {
    var request = ResoniteIo_V1_InventoryCopyRequest()
    request.sourcePath = source
    request.destinationPath = destination
    request.recursive = recursive
    return InventoryMutationResult(try await stub().copy(request, options: options))
  }

  /// Moves `source` to `destination` (`mv`; folders move with their contents). Python:
  /// `move(src, dst)`.
  ///
  /// - Throws: `RPCError` (NOT_FOUND for a missing source, ALREADY_EXISTS when the target is
  ///   taken, INVALID_ARGUMENT for a bad path, UNAVAILABLE on a cloud failure).
  public func move(
    _ source: String, to destination: String, options: CallOptions = CallOptions()
  ) async throws -> InventoryMutationResult {
    var request = ResoniteIo_V1_InventoryMoveRequest()
    request.sourcePath = source
    request.destinationPath = destination
    return InventoryMutationResult(try await stub().move(request, options: options))
  }

  /// Removes `path` (`rm`; `rm -r` with `recursive`). Python: `remove(path, *, recursive=False)`.
  ///
  /// - Parameters:
  ///   - path: the absolute path to remove.
  ///   - recursive: required to remove a folder, even an empty one.
  ///   - options: timeout and metadata for the call.
  /// - Throws: `RPCError` (FAILED_PRECONDITION for a folder without `recursive`, NOT_FOUND for
  ///   a missing path, INVALID_ARGUMENT for a bad path, UNAVAILABLE on a cloud failure).
  public func remove(
    _ path: String, recursive: Bool = false, options: CallOptions = CallOptions()
  ) async throws -> InventoryMutationResult {
    var request = ResoniteIo_V1_InventoryRemoveRequest()
    request.path = path
    request.recursive = recursive
    return InventoryMutationResult(try await stub().remove(request, options: options))
  }

  /// Spawns the item at `path` into the focused world. Python: `spawn(path)`.
  ///
  /// - Throws: `RPCError` (NOT_FOUND for a missing path, FAILED_PRECONDITION for something
  ///   that cannot be spawned or while not ready, INVALID_ARGUMENT for a bad path).
  public func spawn(_ path: String, options: CallOptions = CallOptions()) async throws -> InventorySpawnResult {
    InventorySpawnResult(try await stub().spawn(.with { $0.path = path }, options: options))
  }

  /// The thumbnail image of the item at `path`, as stored (typically WebP). Python:
  /// `fetch_thumbnail(path)`.
  ///
  /// - Throws: `RPCError` (NOT_FOUND for a missing item or one without a thumbnail,
  ///   INVALID_ARGUMENT for an empty path, UNAVAILABLE on a cloud failure).
  public func fetchThumbnail(_ path: String, options: CallOptions = CallOptions()) async throws -> InventoryThumbnail {
    var request = ResoniteIo_V1_InventoryThumbnailRequest()
    request.path = path
    let reply = try await stub().fetchThumbnail(request, options: options)
    return InventoryThumbnail(data: reply.data, contentType: reply.contentType)
  }
}
