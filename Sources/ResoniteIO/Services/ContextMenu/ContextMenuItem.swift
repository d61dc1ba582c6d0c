import ResoniteIOMessages

/// One entry of the radial context menu (the reference client's `ContextMenuItem`).
public struct ContextMenuItem: Sendable, Hashable {
  /// The item's position in the menu (0, 1, 2, … in the menu's order): what
  /// ``ContextMenuClient/highlight(_:hand:options:)`` and ``ContextMenuClient/invoke(_:hand:options:)``
  /// address.
  public var index: Int
  /// The item's text; empty when it has none.
  public var label: String
  /// False when pressing the item does nothing (for example Undo with nothing to undo).
  public var enabled: Bool
  /// True when the item shows an icon.
  public var hasIcon: Bool
  /// The item's tint (the reference's `(r, g, b, a)` tuple).
  public var color: Color

  /// Creates an item.
  public init(index: Int, label: String, enabled: Bool, hasIcon: Bool, color: Color) {
    self.index = index
    self.label = label
    self.enabled = enabled
    self.hasIcon = hasIcon
    self.color = color
  }
}

extension ContextMenuItem {
  init(_ wire: ResoniteIo_V1_ContextMenuItem) {
    self.init(
      index: Int(wire.index), label: wire.label, enabled: wire.enabled, hasIcon: wire.hasIcon_p,
      color: Color(red: wire.colorR, green: wire.colorG, blue: wire.colorB, alpha: wire.colorA))
  }
}
