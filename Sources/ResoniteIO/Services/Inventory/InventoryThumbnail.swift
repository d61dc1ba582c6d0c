public import Foundation

/// The thumbnail image of an inventory item, from ``InventoryClient/fetchThumbnail(_:options:)``.
/// The reference client's `InventoryThumbnail`.
public struct InventoryThumbnail: Sendable, Hashable {
  /// The image bytes as stored on the Resonite CDN (typically WebP), not re-encoded.
  public var data: Data
  /// The MIME type of ``data`` (for example `image/webp`); empty when the mod could not tell.
  public var contentType: String

  /// Creates a thumbnail.
  public init(data: Data, contentType: String) {
    self.data = data
    self.contentType = contentType
  }
}
