public import ResoniteIO

extension StandInMod {
  /// The models' switches in one value, the ones that make the stand-in's own logic answer the
  /// statuses SERVICES.md documents (not ready, VR mode, not allowed, signed out, the cloud
  /// failing, two-factor). `resoio-test-server` sets them from its flags at start.
  ///
  /// `Switches()` is the healthy initial state of every model; ``StandInMod/apply(_:)`` writes
  /// every field to the models.
  public struct Switches: Sendable, Hashable {
    /// ``DisplayModel/notReadyMessage``: Get and changing Applies answer FAILED_PRECONDITION.
    public var displayNotReady: String?
    /// ``CursorModel/notReadyMessage``: every Cursor RPC answers FAILED_PRECONDITION.
    public var cursorNotReady: String?
    /// ``GrabberModel/notReadyMessage``: every Grabber RPC answers FAILED_PRECONDITION.
    public var grabberNotReady: String?
    /// ``ContextMenuModel/notReadyMessage``: every ContextMenu RPC answers FAILED_PRECONDITION.
    public var contextMenuNotReady: String?
    /// ``GrabberModel/vrMode``: Grab answers FAILED_PRECONDITION ``GrabberModel/vrModeMessage``.
    public var vrMode = false
    /// The hand `Hand.primary` resolves to in Grabber and ContextMenu (left or right).
    public var primaryHand = Hand.right
    /// ``SessionModel/localUserIsAllowed``: false makes the Session writes PERMISSION_DENIED.
    public var localUserIsAllowed = true
    /// ``ContactModel/signedIn``: false makes every Contact RPC answer FAILED_PRECONDITION.
    public var signedIn = true
    /// ``ContactModel/cloudRejectsWrites``: true makes add, accept and remove answer INTERNAL.
    public var cloudRejectsWrites = false
    /// What ListContacts reports as `list_loaded` (``ContactModel/State/listLoaded``).
    public var contactListLoaded = true
    /// ``AuthModel/twoFactorCode``: the code a Login needs (nil: none).
    public var twoFactorCode: String?
    /// ``AuthModel/cloudReady``: false makes every Auth RPC answer FAILED_PRECONDITION.
    public var cloudReady = true
    /// ``InventoryModel/cloudFailure``: every Inventory call on a valid path answers
    /// UNAVAILABLE with it.
    public var inventoryCloudFailure: String?
    /// Session or record ids whose Join or StartWorld fails to load (FAILED_PRECONDITION), in
    /// addition to the initial `S-quiet` and `R-broken` (``WorldModel/setFailsToLoad(_:_:)``).
    public var worldLoadFailures: [String] = []

    /// The switches of a healthy mod (every model's initial state).
    public init() {}
  }

  /// Creates a mod in its initial state with `switches` applied.
  public convenience init(_ switches: Switches) {
    self.init()
    apply(switches)
  }

  /// Sets every model's switch to the value in `switches`.
  public func apply(_ switches: Switches) {
    display.notReadyMessage = switches.displayNotReady
    cursor.notReadyMessage = switches.cursorNotReady
    grabber.notReadyMessage = switches.grabberNotReady
    contextMenu.notReadyMessage = switches.contextMenuNotReady
    grabber.vrMode = switches.vrMode
    grabber.primaryHand = switches.primaryHand
    contextMenu.primaryHand = switches.primaryHand
    session.localUserIsAllowed = switches.localUserIsAllowed
    contact.update {
      $0.signedIn = switches.signedIn
      $0.cloudRejectsWrites = switches.cloudRejectsWrites
      $0.listLoaded = switches.contactListLoaded
    }
    auth.twoFactorCode = switches.twoFactorCode
    auth.cloudReady = switches.cloudReady
    inventory.cloudFailure = switches.inventoryCloudFailure
    for id in switches.worldLoadFailures { world.setFailsToLoad(id) }
  }
}
