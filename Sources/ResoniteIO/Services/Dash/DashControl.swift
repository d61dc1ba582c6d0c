/// One interactable control of the dash's current tab (a pressable button or a scrollable
/// area), as ``DashClient/listControls(includeDisabled:options:)`` reports it.
///
/// Controls form a light hierarchy: ``parentRefID`` names the nearest listed ancestor (empty
/// at the top) and ``depth`` counts from 0 at the top. The reference client's `DashControl`.
public struct DashControl: Sendable, Hashable {
  /// The engine `ReferenceID` of the control's slot: what ``DashClient/invoke(_:options:)``,
  /// ``DashClient/scroll(_:deltaX:deltaY:options:)`` and ``DashClient/highlight(_:options:)``
  /// address.
  public var refID: String
  /// `"button"` (pressable) or `"scroll"` (scrollable), as the mod reports it.
  public var controlType: String
  /// The human-readable text; empty for icon-only buttons.
  public var label: String
  /// The label's locale key when it has one, else empty.
  public var localeKey: String
  /// Whether the control accepts interaction.
  public var isEnabled: Bool
  /// The ``refID`` of the nearest listed ancestor control; empty at the top level.
  public var parentRefID: String
  /// The depth in that hierarchy: 0 at the top.
  public var depth: Int

  /// Creates a control.
  public init(
    refID: String, controlType: String, label: String, localeKey: String, isEnabled: Bool, parentRefID: String,
    depth: Int
  ) {
    self.refID = refID
    self.controlType = controlType
    self.label = label
    self.localeKey = localeKey
    self.isEnabled = isEnabled
    self.parentRefID = parentRefID
    self.depth = depth
  }

  /// The keys a query is matched against, in this order: ref id, locale key, label.
  var selectorKeys: [String] { [refID, localeKey, label] }
}
