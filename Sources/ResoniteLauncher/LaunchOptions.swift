/// A headset or display device to force (`-Device <value>`).
public enum Device: String, Sendable, CaseIterable {
  case steamVR = "SteamVR"
  case windowsMR = "WindowsMR"
  case oculus = "Oculus"
  case oculusQuest = "OculusQuest"
  case screen360 = "Screen360"
  case staticCamera = "StaticCamera"
  case staticCamera360 = "StaticCamera360"
}

/// The cloud API server set to target (`-CloudProfile <value>`).
public enum CloudProfile: String, Sendable, CaseIterable {
  case production = "Production"
  case staging = "Staging"
  case local = "Local"
}

/// Resonite's command-line launch options (https://wiki.resonite.com/Command_line_arguments),
/// typed: the reference's `LaunchOptions`, all 47 of them, rendered by ``arguments`` exactly as
/// its `to_args()` renders them.
///
/// A `true` Boolean is a bare flag, a `false` one nothing; a value is the flag and the value,
/// nil is nothing (an empty string is still a value); ``loadAssembly`` repeats
/// `-LoadAssembly <path>` per path. The order is the declaration order below. Everything
/// defaults to Resonite's own default except ``skipIntroTutorial``, which is on, as in the
/// reference. `-Renderer` and `-AttachRenderer` are left out on purpose, as the reference
/// leaves them out: they break finding the renderer process. Paths are passed as written;
/// Resonite starts in its install directory, so a relative one is relative to that.
public struct LaunchOptions: Sendable, Equatable {
  /// Skip the intro tutorial world (`-SkipIntroTutorial`). On by default, as in the
  /// reference (which always skipped it before it had options).
  public var skipIntroTutorial: Bool = true
  /// Force the intro tutorial to run (`-Forceintrotutorial`; note Resonite's irregular casing).
  public var forceIntroTutorial: Bool = false
  /// Do not auto-load the cloud Home on start (`-DoNotAutoLoadHome`).
  public var doNotAutoLoadHome: Bool = false
  /// Force desktop screen mode instead of VR (`-Screen`).
  public var screen: Bool = false
  /// Force a specific headset / display device (`-Device`).
  public var device: Device?
  /// Use legacy SteamVR input handling (`-LegacySteamVRInput`).
  public var legacySteamVRInput: Bool = false
  /// Force SRAnipal init for HTC eye/lip tracking (`-ForceSRAnipal`).
  public var forceSRAnipal: Bool = false
  /// Force the Project Babble face-tracking driver (`-ForceBabble`).
  public var forceBabble: Bool = false
  /// Disallow looking below the horizon in desktop first-person view
  /// (`-ForceReticleAboveHorizon`).
  public var forceReticleAboveHorizon: Bool = false
  /// Cubemap resolution for 360° equirectangular rendering (`-CubemapResolution`).
  public var cubemapResolution: Int?
  /// Join a session on start: `Auto` for active LAN sessions, or a session URI (`-Join`).
  public var join: String?
  /// Open a world at the given `resrec` URL on start (`-Open`).
  public var open: String?
  /// Run a custom bootstrap function in the named class (`-Bootstrap`).
  public var bootstrap: String?
  /// Start a scratchspace world on the given port (`-Scratchspace`; legacy).
  public var scratchspace: Int?
  /// Make Home and userspace accessible from LAN (`-AnnounceHomeOnLAN`).
  public var announceHomeOnLAN: Bool = false
  /// Init the static camera with the biggest-group preset (`-CameraBiggestGroup`).
  public var cameraBiggestGroup: Bool = false
  /// Init the static camera with the timelapse preset (`-CameraTimelapse`).
  public var cameraTimelapse: Bool = false
  /// Init the static camera with the stay-behind preset (`-CameraStayBehind`).
  public var cameraStayBehind: Bool = false
  /// Init the static camera with the stay-in-front preset (`-CameraStayInFront`).
  public var cameraStayInFront: Bool = false
  /// Spawn the static camera as a Resonite Camera with zoom controls (`-UseResoniteCamera`).
  public var useResoniteCamera: Bool = false
  /// Database directory location (`-DataPath`).
  public var dataPath: String?
  /// Cache directory location (`-CachePath`).
  public var cachePath: String?
  /// Log files directory location (`-LogsPath`).
  public var logsPath: String?
  /// Repair the local database on start (`-RepairDatabase`).
  public var repairDatabase: Bool = false
  /// Cache cloud records to `RuntimeData/PreCache` (`-GeneratePrecache`).
  public var generatePrecache: Bool = false
  /// Export all local database records to a directory (`-ExportDatabaseAll`).
  public var exportDatabaseAll: String?
  /// Export records owned by this machine to a directory (`-ExportDatabaseMachine`).
  public var exportDatabaseMachine: String?
  /// Reset the dashboard layout to default (`-ResetDash`).
  public var resetDash: Bool = false
  /// Do not save/sync settings — testing only (`-NeverSaveSettings`).
  public var neverSaveSettings: Bool = false
  /// Do not save/sync dashboard changes — testing only (`-NeverSaveDash`).
  public var neverSaveDash: Bool = false
  /// Run in Kiosk mode: hide userspace UI, disable guest teleport (`-Kiosk`).
  public var kiosk: Bool = false
  /// Hide the userspace UI (`-NoUI`).
  public var noUI: Bool = false
  /// Announce sessions on LAN only, not the internet (`-ForceLANOnly`).
  public var forceLANOnly: Bool = false
  /// Force online status to invisible on login (`-Invisible`).
  public var invisible: Bool = false
  /// Disable all platform interfaces — Discord/Steam/clipboard (`-DisablePlatformInterfaces`).
  public var disablePlatformInterfaces: Bool = false
  /// Do not set up avatars with voice (`-ForceNoVoice`).
  public var forceNoVoice: Bool = false
  /// Activate April Fools mode regardless of date (`-ForceAprilFools`).
  public var forceAprilFools: Bool = false
  /// Extra CLR assemblies / DLLs to load into the process (`-LoadAssembly`, one occurrence per
  /// path).
  public var loadAssembly: [String] = []
  /// Produce detailed engine-initialisation logs (`-Verbose`).
  public var verbose: Bool = false
  /// Check and log DataModel type validation (`-ValidateTypes`).
  public var validateTypes: Bool = false
  /// Periodically write the current time to this file for restart detection (`-Watchdog`).
  public var watchdog: String?
  /// Use a custom engine config file (`-EngineConfig`).
  public var engineConfig: String?
  /// Cloud API server set to use, for debugging (`-CloudProfile`).
  public var cloudProfile: CloudProfile?
  /// WARNING: irreversibly deletes local unsynced cloud records and re-downloads cloud copies
  /// (`-DeleteUnsyncedCloudRecords`).
  public var deleteUnsyncedCloudRecords: Bool = false
  /// WARNING: forces conflicting local records to overwrite their cloud copies
  /// (`-ForceSyncConflictingCloudRecords`).
  public var forceSyncConflictingCloudRecords: Bool = false
  /// WARNING: overrides the background worker process count; wrong values can destabilise the
  /// engine (`-BackgroundWorkers`).
  public var backgroundWorkers: Int?
  /// WARNING: overrides the priority worker process count; wrong values can destabilise the
  /// engine (`-PriorityWorkers`).
  public var priorityWorkers: Int?

  /// The defaults: only ``skipIntroTutorial`` is set.
  public init() {}

  /// The argument list for these options, as the reference's `LaunchOptions.to_args()`.
  public var arguments: [String] {
    var arguments: [String] = []
    func flag(_ name: String, _ on: Bool) {
      if on { arguments.append(name) }
    }
    func value(_ name: String, _ value: String?) {
      if let value { arguments += [name, value] }
    }
    flag("-SkipIntroTutorial", skipIntroTutorial)
    flag("-Forceintrotutorial", forceIntroTutorial)
    flag("-DoNotAutoLoadHome", doNotAutoLoadHome)
    flag("-Screen", screen)
    value("-Device", device?.rawValue)
    flag("-LegacySteamVRInput", legacySteamVRInput)
    flag("-ForceSRAnipal", forceSRAnipal)
    flag("-ForceBabble", forceBabble)
    flag("-ForceReticleAboveHorizon", forceReticleAboveHorizon)
    value("-CubemapResolution", cubemapResolution.map { String($0) })
    value("-Join", join)
    value("-Open", open)
    value("-Bootstrap", bootstrap)
    value("-Scratchspace", scratchspace.map { String($0) })
    flag("-AnnounceHomeOnLAN", announceHomeOnLAN)
    flag("-CameraBiggestGroup", cameraBiggestGroup)
    flag("-CameraTimelapse", cameraTimelapse)
    flag("-CameraStayBehind", cameraStayBehind)
    flag("-CameraStayInFront", cameraStayInFront)
    flag("-UseResoniteCamera", useResoniteCamera)
    value("-DataPath", dataPath)
    value("-CachePath", cachePath)
    value("-LogsPath", logsPath)
    flag("-RepairDatabase", repairDatabase)
    flag("-GeneratePrecache", generatePrecache)
    value("-ExportDatabaseAll", exportDatabaseAll)
    value("-ExportDatabaseMachine", exportDatabaseMachine)
    flag("-ResetDash", resetDash)
    flag("-NeverSaveSettings", neverSaveSettings)
    flag("-NeverSaveDash", neverSaveDash)
    flag("-Kiosk", kiosk)
    flag("-NoUI", noUI)
    flag("-ForceLANOnly", forceLANOnly)
    flag("-Invisible", invisible)
    flag("-DisablePlatformInterfaces", disablePlatformInterfaces)
    flag("-ForceNoVoice", forceNoVoice)
    flag("-ForceAprilFools", forceAprilFools)
    for item in loadAssembly { arguments += ["-LoadAssembly", item] }
    flag("-Verbose", verbose)
    flag("-ValidateTypes", validateTypes)
    value("-Watchdog", watchdog)
    value("-EngineConfig", engineConfig)
    value("-CloudProfile", cloudProfile?.rawValue)
    flag("-DeleteUnsyncedCloudRecords", deleteUnsyncedCloudRecords)
    flag("-ForceSyncConflictingCloudRecords", forceSyncConflictingCloudRecords)
    value("-BackgroundWorkers", backgroundWorkers.map { String($0) })
    value("-PriorityWorkers", priorityWorkers.map { String($0) })
    return arguments
  }
}
