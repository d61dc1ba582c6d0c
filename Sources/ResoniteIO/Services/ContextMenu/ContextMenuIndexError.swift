/// An item index for ``ContextMenuClient/highlight(_:hand:options:)`` or
/// ``ContextMenuClient/invoke(_:hand:options:)`` that the wire cannot carry (it is a signed
/// 32-bit integer there). Refused before any RPC, so the call cannot address another item by
/// truncation. Indexes that fit but are out of the menu's range go to the mod, which answers
/// INVALID_ARGUMENT.
public struct ContextMenuIndexError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The index given.
  public let index: Int

  /// Creates the error.
  public init(index: Int) {
    self.index = index
  }

  public var description: String {
    "ContextMenu: item index \(index) does not fit the wire's 32-bit integer (\(Int32.min)...\(Int32.max))"
  }
}
