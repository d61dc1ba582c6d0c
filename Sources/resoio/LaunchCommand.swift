import ArgumentParser
import ResoniteLauncher

/// `resoio launch`: start Resonite through umu-launcher and print the engine and renderer PIDs.
struct Launch: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Launch Resonite (engine + renderer) via umu-launcher; prints both PIDs.",
    discussion: """
      Starts the Resonite client through umu-launcher with the ResoniteIO mod
      loaded, then prints the engine (resonite_pid) and renderer (renderer_pid)
      host PIDs, the handles `resoio terminate` takes. No gRPC.

      Resonite.exe comes from --exe, else RESONITE_EXE, else the Steam install
      (~/.steam/steam/steamapps/common/Resonite/Resonite.exe); the mod profile
      from --profile, else MOD_PATH (it must have ResoniteIO.dll somewhere under
      BepInEx/plugins/). --vanilla launches with no mod. Extra Resonite
      arguments go after '--' and are passed on as they are, after
      -SkipIntroTutorial and -DataPath/-CachePath/-LogsPath.

      The command line is the reference's:
        umu-run <Resonite.exe> --hookfxr-enable --bepinex-target <profile>/BepInEx
          [--doorstop-enabled true --doorstop-target-assembly <preloader>]
          -SkipIntroTutorial [-DataPath D] [-CachePath C] [-LogsPath L] [ARGS...]
      in the install directory, in a session of its own, with stdin from
      /dev/null and its output appended to <profile>/BepInEx/umu-launch.log
      (/dev/null with --vanilla), and with PROTON_SET_GAME_DRIVE=0,
      GAMEID (default umu-default), PROTONPATH (--proton-path, else the
      environment's, else GE-Proton), WINEPREFIX (--prefix, made absolute),
      PRESSURE_VESSEL_FILESYSTEMS_RW (+= the profile), WINEDLLOVERRIDES
      (+= winhttp=n,b) and a fresh RESONITE_IO_CAMERA_QUEUE. --name <label>
      also fills the prefix and the three paths not given with
      ~/.resonite-io/instances/<label>/{prefix,data,cache,logs}
      (RESONITE_IO_INSTANCES_DIR overrides the base), created as needed.

      The engine is the new process whose argv[0] is
      <install>/dotnet-runtime/dotnet, the renderer the new
      <install>/Renderer/Renderite.Renderer.exe. A missing Resonite.exe, mod
      or umu-run, more than one new engine or renderer, or neither appearing
      within --timeout exits 1 with the reason on stderr.

      Unlike the reference, Resonite.exe is passed to umu-run as an absolute
      path (the reference passes a relative one as written, which umu-run,
      running in the install directory, then cannot find), and errors are one
      plain line. -s/--socket is accepted and ignored.
      """
  )

  @OptionGroup var socketOption: IgnoredSocketOption

  @Option(name: [.short, .long], help: "Path to Resonite.exe (default: RESONITE_EXE, then the Steam install).")
  var exe: String?

  @Option(name: [.short, .long], help: "Gale profile dir holding the ResoniteIO mod (default: MOD_PATH).")
  var profile: String?

  @Flag(help: "Launch without loading any mod (skips the mod-profile checks).")
  var vanilla = false

  @Option(help: "Wine prefix dir (WINEPREFIX). Default: umu's (~/Games/umu/$GAMEID).")
  var prefix: String?

  @Option(help: "Proton build (PROTONPATH); a compat-tools name like GE-Proton or a path. Default: GE-Proton.")
  var protonPath: String?

  @Option(
    help: """
      Instance label for multi-launch: an isolated data tree (WINEPREFIX + data/cache/logs) and a \
      private camera queue under ~/.resonite-io/instances/<name>/.
      """)
  var name: String?

  @Option(help: "Resonite database directory (-DataPath).")
  var dataPath: String?

  @Option(help: "Resonite cache directory (-CachePath).")
  var cachePath: String?

  @Option(help: "Resonite log files directory (-LogsPath).")
  var logsPath: String?

  @Option(
    parsing: .unconditional, help: "Seconds to wait for the engine/renderer to appear (inf: no limit).",
    transform: PythonNumber.float)
  var timeout: Double = 60

  @Option(help: "Output format: human (resonite_pid= and renderer_pid= lines) or json (one object).")
  var format: OutputFormat = .human

  @Argument(help: "Extra Resonite arguments passed on as they are (put them after '--').")
  var args: [String] = []

  func run() async throws {
    var options = LaunchOptions()
    options.dataPath = dataPath
    options.cachePath = cachePath
    options.logsPath = logsPath
    let request = LaunchRequest(
      resoniteExe: exe, modPath: profile, vanilla: vanilla, options: options, extraArguments: args,
      prefix: prefix, protonPath: protonPath, name: name)
    let launcher = ResoniteLauncher()
    let result: LaunchResult
    do {
      let command = try launcher.prepare(request)
      for warning in command.warnings { Console.error("resoio launch: warning: \(warning)") }
      result = try await launcher.start(command, waitTimeout: Seconds.limit(timeout))
    } catch let error as LauncherError {
      throw ProcessControlFailure.failure(error, command: "launch")
    }
    switch format {
    case .human:
      Console.out("resonite_pid=\(result.resonitePID)")
      Console.out("renderer_pid=\(result.rendererPID)")
    case .json:
      Console.out(result.json.text)
    }
  }
}
