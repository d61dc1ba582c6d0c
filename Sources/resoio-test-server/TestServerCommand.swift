import ArgumentParser
import Foundation
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteIO
import ResoniteTestServer

/// The `resoio-test-server` command: runs a ``TestServer`` until SIGINT or SIGTERM.
struct TestServerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resoio-test-server",
    abstract: "A stand-in Resonite IO mod: a gRPC server on a Unix socket for trying clients without Resonite.",
    discussion: """
      Serves what the Resonite IO mod serves for connection checks, over HTTP/2 (nghttp2) on a \
      Unix domain socket:
        /resonite_io.v1.Connection/Ping     the message back, with server_unix_nanos
        /resonite_io.v1.Info/GetServerInfo  --mod-version, --engine-version, ...
        /resonite_io.test.Echo/Echo         the raw request bytes (any size)
        /resonite_io.v1.Camera/StreamFrames synthetic RGBA8 frames at the window size (--camera-size,
                                            --camera-fps): pixel (x, y) = R (x+sx)&255, G (y-sy)&255,
                                            B frame_id&255, A 255; sx = round(yaw*1024/360),
                                            sy = round(pitch*1024/360) (0 until the avatar turns)
        /resonite_io.v1.Speaker/StreamAudio 48 kHz stereo f32, 1024-frame chunks on a real-time clock;
                                            sample n: L (n%512)/256-1, R (|n%128-64|/32-1)/2
        /resonite_io.v1.Microphone/StreamAudio  recorded; half-close: summary, cancel: ring cleared
        /resonite_io.v1.Locomotion/Drive    moves and turns the avatar (60 ticks/s); half-close keeps
                                            the controls, cancel resets them
        /resonite_io.v1.Locomotion/Reset    all false = all true; echoes the expanded flags
        /resonite_io.test.Echo/ServerStream, ClientStream, BidiStream  streaming echoes for tests
        /resonite_io.v1.Display/Apply       window size and background fps cap (0 = unchanged)
        /resonite_io.v1.Display/Get         1280x720 at 30 fps until applied
        /resonite_io.v1.Lifecycle/Shutdown  accepted the first time, then false (keeps serving)
        /resonite_io.v1.Cursor/SetPosition  holds the cursor; x, y outside [0,1] or NaN: INVALID_ARGUMENT
        /resonite_io.v1.Cursor/GetPosition  position, window size (the display's), held
        /resonite_io.v1.Cursor/Release      ends the hold (idempotent)
        /resonite_io.v1.Grabber/Grab        at the cursor: Cube (0.5,0.5), Pen tool (0.75,0.5), Ball (0.25,0.6)
        /resonite_io.v1.Grabber/Release     drops what the hand holds
        /resonite_io.v1.Grabber/GetState    what the hand holds, equips and presses
        /resonite_io.v1.Grabber/Use         holds a button down (strength clamped, 1 when absent)
        /resonite_io.v1.Grabber/Unuse       releases a held button (no-op if not held)
        /resonite_io.v1.Grabber/Equip       equips the first held tool
        /resonite_io.v1.Grabber/Dequip      puts the equipped tool back
        /resonite_io.v1.ContextMenu/Open    Locomotion, Undo, Redo, Respawn (Undo, Redo disabled)
        /resonite_io.v1.ContextMenu/Close   closes the hand's menu
        /resonite_io.v1.ContextMenu/GetState  open, items, highlighted index (-1 = none)
        /resonite_io.v1.ContextMenu/Highlight  previews an item; closed: FAILED_PRECONDITION
        /resonite_io.v1.ContextMenu/Invoke  presses an item; out of range: INVALID_ARGUMENT
        /resonite_io.v1.Session/GetSettings           the stand-in session's 15 settings
        /resonite_io.v1.Session/ApplySettings         present fields only; max_users 1..255
        /resonite_io.v1.Session/ListUsers             Host (local), Alice, Bob, two guests "Guest"
        /resonite_io.v1.Session/KickUser              removes the user (not the local one)
        /resonite_io.v1.Session/BanUser               removes and records the user
        /resonite_io.v1.Session/SilenceUser           sets is_silenced, answers the user
        /resonite_io.v1.Session/RespawnUser           empty target = the local user
        /resonite_io.v1.Session/SetUserRole           an existing role; also writes the override
        /resonite_io.v1.Session/ListRoles             Admin, Builder, Moderator, Guest, Spectator
        /resonite_io.v1.Session/GetUserRoleOverrides  U-alice -> Builder, plus roles set since
        /resonite_io.v1.Contact/ListContacts          3 contacts, 2 requests, 2 hidden; search, filter
        /resonite_io.v1.Contact/GetContact            found=false on a miss
        /resonite_io.v1.Contact/SearchUsers           the stand-in cloud's 10 users
        /resonite_io.v1.Contact/AddContact            NOT_FOUND for unknown ids
        /resonite_io.v1.Contact/AcceptRequest         NOT_FOUND unless a request is pending
        /resonite_io.v1.Contact/RemoveContact         status becomes ignored (hidden)
        /resonite_io.v1.Auth/Login                    StandIn / standin@example.com, stand-in-password
        /resonite_io.v1.Auth/Logout                   signs out (idempotent)
        /resonite_io.v1.Auth/Status                   signed out until a Login
        /resonite_io.v1.Dash/Open                 opens the dash (open_lerp 1)
        /resonite_io.v1.Dash/Close                closes it (open_lerp 0)
        /resonite_io.v1.Dash/GetState             the dash's open state
        /resonite_io.v1.Dash/ListTabs             5 tabs (Contacts disabled)
        /resonite_io.v1.Dash/SetTab               by ref_id or locale_key (soft)
        /resonite_io.v1.Dash/ListControls         the current tab's controls if open
        /resonite_io.v1.Dash/Invoke               press an enabled button
        /resonite_io.v1.Dash/Scroll               move a scroll area (clamped)
        /resonite_io.v1.Dash/Highlight            hover an enabled button
        /resonite_io.v1.World/ListSessions        5 sessions: filter, search, paging
        /resonite_io.v1.World/ListRecords         6 records: source, tags, sort, ...
        /resonite_io.v1.World/Join                by id or URL (S-quiet fails)
        /resonite_io.v1.World/StartWorld          from a record (R-broken fails)
        /resonite_io.v1.World/ListOpenWorlds      open worlds by handle (1 focused)
        /resonite_io.v1.World/Focus               focus a handle
        /resonite_io.v1.World/Leave               close a handle
        /resonite_io.v1.World/GetCurrent          the focused world, if any
        /resonite_io.v1.World/FetchThumbnail      thumbnail bytes by URI
        /resonite_io.v1.Inventory/List            a folder of the /Inventory tree
        /resonite_io.v1.Inventory/MakeDir         a new folder
        /resonite_io.v1.Inventory/Copy            copy (folders need recursive)
        /resonite_io.v1.Inventory/Move            move or rename (folders whole)
        /resonite_io.v1.Inventory/Remove          remove (folders need recursive)
        /resonite_io.v1.Inventory/Spawn           spawn an item or a world
        /resonite_io.v1.Inventory/FetchThumbnail  an item's thumbnail bytes
      Any other path answers UNIMPLEMENTED.

      Without --socket it binds where the mod would: $RESONITE_IO_SOCKET if set, else \
      $RESONITE_IO_SOCKET_DIR/resonite-<pid>.sock, else ~/.resonite-io/resonite-<pid>.sock, \
      so `resoio ping` finds it with no options. Once it accepts connections it prints the \
      socket path on stdout (one line). It removes the socket on SIGINT and SIGTERM.

      The stand-in's switches (--not-ready, --vr-mode, --not-host, --signed-out, \
      --cloud-rejects-writes, --two-factor-code, --cloud-not-ready, --inventory-cloud-failure, \
      ...) put the stand-in mod in a state where its own logic answers the statuses the mod \
      documents, with the mod's messages. Example:
        resoio-test-server --not-ready grabber,cursor --not-host --vr-mode

      The other options make it misbehave the way a real mod can (booting, failing, slow, \
      crashing, draining), to see how a client copes; --fail-rpc fails any RPC with any status \
      before the stand-in sees it. Example:
        resoio-test-server --fail-first-pings 3 --delay 0.2
      """)

  // MARK: Socket and protocol

  @Option(name: [.short, .customLong("socket")], help: "Socket path to bind (default: where the mod would).")
  var socket: String?

  @Option(help: "Bind at once but listen only after this many seconds (connects are refused until then).")
  var listenDelay: Double = 0

  @Option(help: "Largest request message accepted, in bytes; larger gets RESOURCE_EXHAUSTED.")
  var maxReceiveMessageSize: Int = 256 << 20

  @Option(help: "SETTINGS_MAX_CONCURRENT_STREAMS to advertise (default: none, unlimited).")
  var maxConcurrentStreams: UInt32?

  // MARK: Server info

  @Option(help: "mod_version that GetServerInfo reports.")
  var modVersion: String = ResoniteIOContract.modVersion

  @Option(help: "engine_version that GetServerInfo reports.")
  var engineVersion: String = "2025.11.24.1 (resoio-test-server)"

  @Option(help: "platform that GetServerInfo reports.")
  var platform: PlatformArgument = PlatformArgument(.linux)

  @Flag(help: "Report is_wine = true.")
  var wine = false

  @Option(help: "resonite_pid that GetServerInfo reports (default: this process's pid).")
  var resonitePid: Int32?

  @Option(help: "renderer_pid that GetServerInfo reports.")
  var rendererPid: Int32 = 0

  @Flag(help: "Play a mod older than the Info service: GetServerInfo answers UNIMPLEMENTED.")
  var oldMod = false

  // MARK: The stand-in mod's switches (its own logic answers the documented statuses)

  @Option(
    help: ArgumentHelp(
      "Services whose every RPC answers FAILED_PRECONDITION (not ready): display, cursor, grabber, context-menu or all, comma-separated, with =MESSAGE for another message than the engine's (Display: settings not active; the others: no focused world). Repeatable.",
      valueName: "services[=message]"))
  var notReady: [NotReadyArgument] = []

  @Flag(
    help:
      "VR mode: Grabber/Grab answers FAILED_PRECONDITION \"\(GrabberModel.vrModeMessage)\" (the other Grabber RPCs work)."
  )
  var vrMode = false

  @Option(
    help: ArgumentHelp(
      "The hand a PRIMARY (or unspecified) hand means in Grabber and ContextMenu: left or right.", valueName: "hand"))
  var primaryHand: PrimaryHandArgument = PrimaryHandArgument(.right)

  @Flag(
    help:
      "The local user may not moderate: Session ApplySettings, KickUser, BanUser, SilenceUser, SetUserRole and RespawnUser of another user answer PERMISSION_DENIED (respawning yourself works; GetSettings and ListUsers are unchanged)."
  )
  var notHost = false

  @Flag(
    help:
      "Nobody signed in to the cloud: every Contact RPC answers FAILED_PRECONDITION \"\(ContactModel.notSignedInMessage)\"."
  )
  var signedOut = false

  @Flag(
    help:
      "The cloud refuses contact writes: Contact AddContact, AcceptRequest and RemoveContact answer INTERNAL after their NOT_FOUND checks and change nothing."
  )
  var cloudRejectsWrites = false

  @Flag(help: "Contact/ListContacts reports list_loaded = false (the contact list still loading).")
  var contactsNotLoaded = false

  @Option(
    help: ArgumentHelp(
      "The account needs this two-factor code: Auth/Login without one answers FAILED_PRECONDITION \"\(AuthModel.twoFactorRequiredMessage)\", with a wrong one UNAUTHENTICATED.",
      valueName: "code"))
  var twoFactorCode: String?

  @Flag(
    help:
      "The cloud session manager is not up: every Auth RPC answers FAILED_PRECONDITION \"\(AuthModel.cloudNotReadyMessage)\"."
  )
  var cloudNotReady = false

  @Option(
    help: ArgumentHelp(
      "A cloud failure: every Inventory RPC on a valid path answers UNAVAILABLE with this message.",
      valueName: "message"))
  var inventoryCloudFailure: String?

  @Option(
    help: ArgumentHelp(
      "World/Join or World/StartWorld of this session or record id fails to load (FAILED_PRECONDITION), as S-quiet and R-broken do. Repeatable.",
      valueName: "id"))
  var worldFailsToLoad: [String] = []

  // MARK: Knobs

  @Option(help: "Answer FAILED_PRECONDITION to the first N Ping calls (an engine still booting).")
  var failFirstPings: Int = 0

  @Option(help: "Message of the --fail-first-pings answers (not --not-ready's).")
  var notReadyMessage: String = "Resonite engine is not ready yet"

  @Option(help: "Fail every call with this status (name such as UNAVAILABLE, or number).")
  var failAll: StatusCodeArgument?

  @Option(help: "Message for --fail-all (any Unicode; sent percent-encoded).")
  var failMessage: String = "failing every call (resoio-test-server --fail-all)"

  @Option(
    name: .customLong("fail-rpc"),
    help: ArgumentHelp(
      "Fail one RPC: METHOD=CODE[:MESSAGE], METHOD a path or Service/Method (e.g. Display/Get=FAILED_PRECONDITION:not ready). Repeatable.",
      valueName: "rpc-failure"))
  var failRPC: [RPCFailureArgument] = []

  @Option(
    help: "Delay every answer by this many seconds (a call whose grpc-timeout ends first gets DEADLINE_EXCEEDED).")
  var delay: Double = 0

  @Flag(
    help: "Ignore the client's grpc-timeout: answer only after --delay, so the client's own timer must end the call.")
  var ignoreClientTimeouts = false

  @Flag(help: "Drop the connection abruptly, with no response, on receiving a request.")
  var dieMidCall = false

  @Option(help: "With --die-mid-call: answer this many calls normally first (implies --die-mid-call).")
  var dieAfterCalls: Int?

  @Option(help: "With --die-mid-call: drop only this many calls, then serve normally again.")
  var dieTimes: Int?

  @Option(help: "Send GOAWAY (NO_ERROR, last stream processed) after N streams on each connection.")
  var goawayAfterStreams: Int?

  // MARK: Streaming

  @Option(
    help: "The window's initial size, which Camera/StreamFrames frames follow (a request's own size wins), as WxH.")
  var cameraSize: String = "1280x720"

  @Option(
    help:
      "Camera/StreamFrames capture rate in frames per second (default: unpaced, a new frame as soon as the last is out)."
  )
  var cameraFps: Double?

  @Option(help: "End every streaming response after N messages (with --stream-end-status, default OK).")
  var streamEndAfter: Int?

  @Option(
    help:
      "End every Microphone/Locomotion.Drive client stream after N request messages (with --stream-end-status, default OK)."
  )
  var streamEndAfterRequests: Int?

  @Option(
    help:
      "Append one JSON line per ended Microphone or Locomotion.Drive stream and per Locomotion.Reset to this file (what the stand-in mod received)."
  )
  var sensesLog: String?

  @Option(help: "Status for --stream-end-after (name such as UNAVAILABLE, or number).")
  var streamEndStatus: StatusCodeArgument?

  @Option(help: "Message for --stream-end-status.")
  var streamEndMessage: String = "ended by resoio-test-server --stream-end-after"

  @Option(help: "Drop the connection abruptly once a streaming call has sent N messages (the server dying mid-stream).")
  var dieMidStreamAfter: Int?

  @Option(help: "Stop reading client streams after N request messages (their window is not given back).")
  var stopReadingAfter: Int?

  @Flag(help: "Log every request (path and headers) on stderr.")
  var logRequests = false

  func validate() throws {
    if listenDelay < 0 { throw ValidationError("--listen-delay must not be negative") }
    if delay < 0 { throw ValidationError("--delay must not be negative") }
    if maxReceiveMessageSize < 0 { throw ValidationError("--max-receive-message-size must not be negative") }
    if failFirstPings < 0 { throw ValidationError("--fail-first-pings must not be negative") }
    if let dieAfterCalls, dieAfterCalls < 0 { throw ValidationError("--die-after-calls must not be negative") }
    if let dieTimes, dieTimes < 1 { throw ValidationError("--die-times must be at least 1") }
    if failAll?.code == .ok { throw ValidationError("--fail-all needs an error status, not OK") }
    if Self.parseSize(cameraSize) == nil { throw ValidationError("--camera-size must be WxH, for example 1280x720") }
    if let cameraFps, !(cameraFps > 0) { throw ValidationError("--camera-fps must be above 0") }
    if let streamEndAfter, streamEndAfter < 0 { throw ValidationError("--stream-end-after must not be negative") }
    if let dieMidStreamAfter, dieMidStreamAfter < 1 {
      throw ValidationError("--die-mid-stream-after must be at least 1")
    }
    if let stopReadingAfter, stopReadingAfter < 0 { throw ValidationError("--stop-reading-after must not be negative") }
    if twoFactorCode?.isEmpty == true { throw ValidationError("--two-factor-code must not be empty") }
  }

  /// `WxH` as two positive numbers (each at most 16384).
  static func parseSize(_ text: String) -> (Int, Int)? {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...16384).contains(w),
      (1...16384).contains(h)
    else { return nil }
    return (w, h)
  }

  /// The stand-in mod's switches the options set.
  func switches() -> StandInMod.Switches {
    var switches = StandInMod.Switches()
    for argument in notReady { argument.apply(to: &switches) }
    switches.vrMode = vrMode
    switches.primaryHand = primaryHand.hand
    switches.localUserIsAllowed = !notHost
    switches.signedIn = !signedOut
    switches.cloudRejectsWrites = cloudRejectsWrites
    switches.contactListLoaded = !contactsNotLoaded
    switches.twoFactorCode = twoFactorCode
    switches.cloudReady = !cloudNotReady
    switches.inventoryCloudFailure = inventoryCloudFailure
    switches.worldLoadFailures = worldFailsToLoad
    return switches
  }

  /// The server configuration the options describe.
  func serverConfiguration() -> TestServer.Configuration {
    var configuration = TestServer.Configuration(socketPath: socket)
    configuration.mod = StandInMod(switches())
    configuration.listenDelay = .seconds(listenDelay)
    configuration.maxReceiveMessageSize = maxReceiveMessageSize
    configuration.maxConcurrentStreams = maxConcurrentStreams
    configuration.serverInfo = ServerInfo(
      modVersion: modVersion, engineVersion: engineVersion, platform: platform.platform, isWine: wine,
      resonitePID: resonitePid ?? getpid(), rendererPID: rendererPid)
    configuration.serverInfoUnimplemented = oldMod
    configuration.failFirstPings = failFirstPings
    configuration.notReadyMessage = notReadyMessage
    if let failAll { configuration.failAll = CallFailure(code: failAll.code, message: failMessage) }
    for failure in failRPC { configuration.failures[failure.path] = failure.failure }
    configuration.responseDelay = .seconds(delay)
    configuration.honoursClientTimeouts = !ignoreClientTimeouts
    if dieMidCall || dieAfterCalls != nil || dieTimes != nil {
      configuration.dieMidCall = TestServer.DieMidCall(afterCalls: dieAfterCalls ?? 0, times: dieTimes)
    }
    configuration.goAwayAfterStreams = goawayAfterStreams
    if let (width, height) = Self.parseSize(cameraSize) {
      configuration.cameraWidth = width
      configuration.cameraHeight = height
    }
    configuration.cameraFPS = cameraFps
    if let streamEndAfter {
      configuration.streaming.endAfterMessages = TestServer.StreamingKnobs.EndAfter(
        messages: streamEndAfter, status: Status(code: streamEndStatus?.code ?? .ok, message: streamEndMessage))
    }
    if let streamEndAfterRequests {
      configuration.streaming.endAfterRequestMessages = TestServer.StreamingKnobs.EndAfter(
        messages: streamEndAfterRequests, status: Status(code: streamEndStatus?.code ?? .ok, message: streamEndMessage))
    }
    configuration.sensesLog = sensesLog
    configuration.streaming.dieAfterMessages = dieMidStreamAfter
    configuration.streaming.stopReadingAfterMessages = stopReadingAfter
    if logRequests {
      configuration.onRequest = { request in
        let headers = request.headers.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        Self.writeLine(
          "connection \(request.connectionID) stream \(request.streamID) \(request.path) [\(headers)]",
          to: .standardError)
      }
    }
    return configuration
  }

  func run() throws {
    let signals = StopSignals()
    let server: TestServer
    do {
      server = try TestServer.start(serverConfiguration())
    } catch {
      Self.writeLine("resoio-test-server: cannot serve: \(error)", to: .standardError)
      throw ExitCode.failure
    }
    // The path is announced only once connections are accepted (after any listen delay).
    while !server.waitUntilListening(timeout: .milliseconds(50)) {
      if signals.arrived() {
        server.stop()
        return
      }
    }
    Self.writeLine(server.socketPath, to: .standardOutput)
    signals.wait()
    server.stop()
  }

  /// Writes `text` and a newline straight to `handle` (unbuffered, so a parent sees it at once).
  static func writeLine(_ text: String, to handle: FileHandle) {
    handle.write(Data((text + "\n").utf8))
  }
}
