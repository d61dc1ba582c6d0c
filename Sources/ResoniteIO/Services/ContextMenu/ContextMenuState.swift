import ResoniteIOMessages

/// The radial context menu as the mod sees it (the reference client's `ContextMenuState`).
public struct ContextMenuState: Sendable, Hashable {
  /// True while the menu is open.
  public var isOpen: Bool
  /// The items in menu order; empty while the menu is closed.
  public var items: [ContextMenuItem]
  /// The highlighted item's index; nil when none is highlighted (the mod's, and the
  /// reference's, -1).
  public var highlightedIndex: Int?

  /// Creates a state.
  public init(isOpen: Bool, items: [ContextMenuItem], highlightedIndex: Int?) {
    self.isOpen = isOpen
    self.items = items
    self.highlightedIndex = highlightedIndex
  }

  /// The highlighted item, when there is one among ``items``.
  public var highlightedItem: ContextMenuItem? {
    guard let highlightedIndex else { return nil }
    return items.first { $0.index == highlightedIndex }
  }
}

extension ContextMenuState {
  init(_ wire: ResoniteIo_V1_ContextMenuState) {
    self.init(
      isOpen: wire.isOpen, items: wire.items.map(ContextMenuItem.init),
      highlightedIndex: wire.highlightedIndex < 0 ? nil : Int(wire.highlightedIndex))
  }
}
