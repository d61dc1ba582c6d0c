/// The engine's display settings, as ``DisplayClient/get(options:)`` reads them (the reference
/// client's `DisplayInfo`).
///
/// `width` × `height` is the window resolution in pixels; it is also the size of the frames the
/// Camera service streams. ``maxFPS`` is the **background** frame-rate cap (the engine's
/// `MaximumBackgroundFramerate`, an integer there): the foreground rate is not exposed by the
/// engine.
public struct DisplayInfo: Sendable, Hashable {
  /// The window width in pixels.
  public var width: Int
  /// The window height in pixels.
  public var height: Int
  /// The background frame-rate cap in frames per second (a whole number on the real engine).
  public var maxFPS: Float

  /// Creates display settings.
  public init(width: Int, height: Int, maxFPS: Float) {
    self.width = width
    self.height = height
    self.maxFPS = maxFPS
  }
}
