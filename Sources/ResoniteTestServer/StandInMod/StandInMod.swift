import ResoniteGRPC
import Synchronization

/// The stand-in mod's world: the state the Resonite IO services act on (display settings, the
/// cursor, the grabber's hands, the context menu, the dash, worlds and sessions, the
/// inventory, users, contacts, auth), shared by every connection of a ``TestServer`` and
/// readable by tests while it runs.
///
/// Each service family keeps its state in a model of its own (one file each under
/// `StandInMod/`), guarded by its own lock: handlers run on the server's I/O thread, tests read
/// from theirs. Give a ``TestServer/Configuration`` a `StandInMod` you made to start from other
/// state, or to keep it after the server stops; ``Switches`` sets the models' status switches
/// (not ready, VR mode, signed out, ...) in one go, as `resoio-test-server`'s flags do.
public final class StandInMod: Sendable {
  /// Creates a mod in its initial state (documented by each model).
  public init() {}

  /// The window resolution and background frame-rate cap (Display).
  public let display = DisplayModel()
  /// The engine's graceful-shutdown state (Lifecycle).
  public let lifecycle = LifecycleModel()
  /// The desktop cursor (Cursor).
  public let cursor = CursorModel()
  /// The hands and the grabbable world (Grabber).
  public let grabber = GrabberModel()
  /// The radial context menus (ContextMenu).
  public let contextMenu = ContextMenuModel()
  /// The focused session: settings, users, roles (the `Session` service).
  public let session = SessionModel()
  /// The contact list and the cloud's users (the `Contact` service).
  public let contact = ContactModel()
  /// The cloud sign-in (the `Auth` service).
  public let auth = AuthModel()
  /// The dash: open state, tabs and controls (``DashModel``).
  public let dash = DashModel()
  /// Sessions, world records and the open worlds (``WorldModel``).
  public let world = WorldModel()
  /// The inventory tree (``InventoryModel``).
  public let inventory = InventoryModel()
  /// The avatar: held locomotion controls, pose, Drive and Reset records (`Locomotion`); the
  /// camera renders from its pose.
  public let locomotion = LocomotionModel()
  /// The virtual microphone input and what it received (`Microphone`).
  public let microphone = MicrophoneModel()
  /// The audio clock of the known speaker signal (`Speaker`).
  public let speaker = SpeakerModel()

  private let sensesLogStore = Mutex<String?>(nil)
  /// Where the senses journal goes (``SensesLog``); set from the configuration at start.
  var sensesLogPath: String? {
    get { sensesLogStore.withLock { $0 } }
    set { sensesLogStore.withLock { $0 = newValue } }
  }

  /// The unary handlers of every service family, by path. Built-in methods (Ping, Info) and
  /// handlers registered on the server win over these.
  func handlers() -> [String: UnaryHandler] {
    var all: [String: UnaryHandler] = [:]
    for family in families() {
      all.merge(family) { first, _ in first }
    }
    return all
  }

  /// The handler tables of the service families: one line per family.
  private func families() -> [[String: UnaryHandler]] {
    [
      displayHandlers,
      lifecycleHandlers,
      cursorHandlers,
      grabberHandlers,
      contextMenuHandlers,
      sessionHandlers,
      contactHandlers,
      authHandlers,
      dashHandlers,
      worldHandlers,
      inventoryHandlers,
      locomotionHandlers,
    ]
  }
}
