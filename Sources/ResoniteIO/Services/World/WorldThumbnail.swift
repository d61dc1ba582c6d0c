public import Foundation

/// A thumbnail image fetched by ``WorldClient/fetchThumbnail(uri:options:)`` (the reference
/// client's `FetchThumbnailResponse`).
public struct WorldThumbnail: Sendable, Hashable {
  /// The image bytes as stored (typically WebP), not re-encoded.
  public var data: Data
  /// The MIME type of ``data`` (for example `image/webp`); empty when unknown.
  public var contentType: String

  /// Creates a thumbnail.
  public init(data: Data, contentType: String) {
    self.data = data
    self.contentType = contentType
  }
}
