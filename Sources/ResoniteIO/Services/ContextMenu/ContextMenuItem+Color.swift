extension ContextMenuItem {
  /// An item's RGBA tint, each channel as the engine reports it (nominally 0 to 1).
  public struct Color: Sendable, Hashable {
    /// The red channel.
    public var red: Float
    /// The green channel.
    public var green: Float
    /// The blue channel.
    public var blue: Float
    /// The alpha (opacity) channel.
    public var alpha: Float

    /// Creates a colour.
    public init(red: Float, green: Float, blue: Float, alpha: Float) {
      self.red = red
      self.green = green
      self.blue = blue
      self.alpha = alpha
    }

    /// The channels in the reference's order, `(r, g, b, a)`.
    public var rgba: (red: Float, green: Float, blue: Float, alpha: Float) { (red, green, blue, alpha) }
  }
}
