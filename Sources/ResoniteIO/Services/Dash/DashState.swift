/// Whether the dash (the userspace overlay, the `Esc` menu) is open, as ``DashClient/open(options:)``,
/// ``DashClient/close(options:)`` and ``DashClient/state(options:)`` report it.
///
/// The reference client's `DashState(is_open, open_lerp)`.
public struct DashState: Sendable, Hashable {
  /// True while the dash is open (or opening).
  public var isOpen: Bool
  /// The open/close animation's progress in `[0, 1]`: 0 closed, 1 fully open.
  public var openLerp: Float

  /// Creates a state.
  public init(isOpen: Bool, openLerp: Float) {
    self.isOpen = isOpen
    self.openLerp = openLerp
  }
}
