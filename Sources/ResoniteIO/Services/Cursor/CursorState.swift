/// Where the engine's desktop cursor is, and whether a ``CursorClient/setPosition(x:y:options:)``
/// hold is in effect (the reference client's `CursorState`).
///
/// Coordinates are normalized to the window: (0, 0) is the top-left corner, (1, 1) the
/// bottom-right, (0.5, 0.5) the centre. Multiply by ``windowWidth`` and ``windowHeight`` for
/// pixels.
public struct CursorState: Sendable, Hashable {
  /// The horizontal position, 0 (left) to 1 (right).
  public var x: Float
  /// The vertical position, 0 (top) to 1 (bottom).
  public var y: Float
  /// The window width in pixels, the basis for converting ``x`` to pixels.
  public var windowWidth: Int
  /// The window height in pixels, the basis for converting ``y`` to pixels.
  public var windowHeight: Int
  /// True while a ``CursorClient/setPosition(x:y:options:)`` hold is in effect; a
  /// ``CursorClient/release(options:)`` or a world focus change ends it.
  public var held: Bool

  /// Creates a cursor state.
  public init(x: Float, y: Float, windowWidth: Int, windowHeight: Int, held: Bool) {
    self.x = x
    self.y = y
    self.windowWidth = windowWidth
    self.windowHeight = windowHeight
    self.held = held
  }

  /// The position in window pixels (``x`` × ``windowWidth``, ``y`` × ``windowHeight``).
  public var pixel: (x: Double, y: Double) {
    (Double(x) * Double(windowWidth), Double(y) * Double(windowHeight))
  }
}
