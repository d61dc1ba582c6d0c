/// One tab of the dash's bottom tab bar (Home, Worlds, Contacts, Inventory, ...), as
/// ``DashClient/listTabs(options:)`` reports it.
///
/// ``refID`` (the tab slot's engine `ReferenceID`) and ``localeKey`` (for example
/// `Dash.Screens.Worlds`) are language-independent: ``DashClient/setTab(refID:localeKey:options:)``
/// addresses a tab by them. ``name`` is the slot name and ``label`` the localized text.
/// The reference client's `DashTab`.
public struct DashTab: Sendable, Hashable {
  /// The engine `ReferenceID` of the tab's slot, for example `ID1A2B00`.
  public var refID: String
  /// The label's locale key, for example `Dash.Screens.Worlds`.
  public var localeKey: String
  /// The slot name, for example `Worlds`.
  public var name: String
  /// The localized display text, for example `Worlds` (or `Welten` in German).
  public var label: String
  /// True for the tab currently shown.
  public var isCurrent: Bool
  /// Whether the tab can be switched to (`Contacts` is disabled while logged out).
  public var isEnabled: Bool

  /// Creates a tab.
  public init(refID: String, localeKey: String, name: String, label: String, isCurrent: Bool, isEnabled: Bool) {
    self.refID = refID
    self.localeKey = localeKey
    self.name = name
    self.label = label
    self.isCurrent = isCurrent
    self.isEnabled = isEnabled
  }

  /// The keys a query is matched against, in this order: ref id, locale key, name, label.
  var selectorKeys: [String] { [refID, localeKey, name, label] }
}
