import CResoniteLauncher
import Foundation
import PythonCompatibility

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The host PIDs of a Resonite engine and its renderer; 0 for a role that was not running (or
/// not signalled).
///
/// `resonitePID` is the PID the mod reports as `ServerInfo.resonite_pid` (and names its socket
/// after); `rendererPID` is `ServerInfo.renderer_pid`.
public struct LaunchResult: Sendable, Hashable {
  public var resonitePID: Int32
  public var rendererPID: Int32

  public init(resonitePID: Int32, rendererPID: Int32) {
    self.resonitePID = resonitePID
    self.rendererPID = rendererPID
  }
}

/// A launch or terminate that could not be done; ``message`` is the reference's wording.
public struct LauncherError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}

/// What to launch: the reference's `launch()` keyword arguments, but the timeouts.
public struct LaunchRequest: Sendable, Equatable {
  /// `Resonite.exe`; nil (or empty) takes `RESONITE_EXE`, then the Steam install under HOME.
  public var resoniteExe: String?
  /// The mod profile (a Gale profile with the ResoniteIO mod); nil (or empty) takes `MOD_PATH`.
  public var modPath: String?
  /// Launch without any mod: no profile needed, no hook arguments.
  public var vanilla: Bool
  /// The typed Resonite options; nil means the defaults (which skip the intro tutorial).
  public var options: LaunchOptions?
  /// Arguments passed on after the options, as they are.
  public var extraArguments: [String]
  /// The Wine prefix (`WINEPREFIX`, made absolute); nil leaves umu's default.
  public var prefix: String?
  /// `PROTONPATH`: a compat-tools name or a path; nil takes `PROTONPATH`, then `GE-Proton`.
  public var protonPath: String?
  /// An instance label: allocates `<instances>/<name>/{prefix,data,cache,logs}` for the slots
  /// not given explicitly, and a camera queue named after it.
  public var name: String?

  public init(
    resoniteExe: String? = nil, modPath: String? = nil, vanilla: Bool = false, options: LaunchOptions? = nil,
    extraArguments: [String] = [], prefix: String? = nil, protonPath: String? = nil, name: String? = nil
  ) {
    self.resoniteExe = resoniteExe
    self.modPath = modPath
    self.vanilla = vanilla
    self.options = options
    self.extraArguments = extraArguments
    self.prefix = prefix
    self.protonPath = protonPath
    self.name = name
  }
}

/// The `umu-run` invocation a ``LaunchRequest`` resolves to.
public struct LaunchCommand: Sendable, Equatable {
  /// The `umu-run` found on PATH, absolute.
  public var executable: String
  /// argv, starting with `umu-run`.
  public var arguments: [String]
  /// The whole environment the launch chain gets.
  public var environment: LaunchEnvironment
  /// The Resonite install directory: the working directory, and where the engine and renderer
  /// executables are looked for.
  public var installDirectory: String
  /// Where umu-run's output goes (`<profile>/BepInEx/umu-launch.log`, appended); nil for a
  /// vanilla launch (/dev/null).
  public var logPath: String?
  /// The `RESONITE_IO_CAMERA_QUEUE` value this launch gets.
  public var cameraQueue: String
  /// Things worth saying that do not stop the launch (no renderer preloader in the profile).
  public var warnings: [String]
}

/// Starts and stops the Resonite client as the reference launcher does (`resoio/launcher.py`):
/// through umu-launcher, and by PID, with no gRPC. Linux only: processes are found in `/proc`.
///
/// Resonite runs as two host processes under a tree of launch wrappers (`umu-run`, bwrap,
/// pressure-vessel, Wine's `Resonite.exe` bootstrap): the engine, whose argv[0] is
/// `<install>/dotnet-runtime/dotnet`, and the renderer, `<install>/Renderer/Renderite.Renderer.exe`.
/// They are told from the wrappers by their resolved argv[0] (``ProcessTable/resolvedArgv0(of:)``).
///
/// - ``prepare(_:)`` resolves a request to the umu-run command line and environment.
/// - ``start(_:waitTimeout:pollInterval:)`` spawns it detached (its own session, stdin from
///   /dev/null, output to the launch log) and finds the new engine and renderer by the
///   difference between the PID sets before and after.
/// - ``terminate(resonitePID:rendererPID:timeout:)`` checks each PID's argv[0], sends SIGTERM
///   and, when the process is still there after the timeout, SIGKILL; with no PIDs it finds the
///   one running instance.
/// - ``terminateAll(timeout:)`` does that to every instance, pairing each engine with its
///   renderer by their shared `RESONITE_IO_CAMERA_QUEUE`, else by the process tree.
public struct ResoniteLauncher: Sendable {
  /// argv[0] of the engine, relative to the install directory (Resonite's bundled .NET, not a
  /// system `dotnet`).
  public static let engineArgv0Suffix = "dotnet-runtime/dotnet"
  /// argv[0] of the renderer, relative to the install directory.
  public static let rendererArgv0Suffix = "Renderer/Renderite.Renderer.exe"
  /// The variable that carries an instance's camera queue name to both its processes.
  public static let cameraQueueVariable = "RESONITE_IO_CAMERA_QUEUE"

  /// The environment requests are resolved in and the launch chain inherits.
  public var environment: LaunchEnvironment
  /// Where processes are found.
  public var processes: ProcessTable

  public init(environment: LaunchEnvironment = .current, processes: ProcessTable = ProcessTable()) {
    self.environment = environment
    self.processes = processes
  }

  // MARK: - Finding processes

  /// `Resonite.exe` when neither a request nor `RESONITE_EXE` names one: the Steam install.
  public var defaultResoniteExe: String {
    PythonPath.pathlibJoin(
      PythonPath.home(environment: environment), [".steam", "steam", "steamapps", "common", "Resonite", "Resonite.exe"])
  }

  /// The install directory whose processes ``terminate(resonitePID:rendererPID:timeout:)``
  /// (without PIDs) and ``terminateAll(timeout:)`` look for: that of `RESONITE_EXE`, else of the
  /// Steam install. The executable need not exist.
  public var detectionInstallDirectory: String {
    PythonPath.dirname(PythonPath.realpath(environment.nonEmpty("RESONITE_EXE") ?? defaultResoniteExe))
  }

  /// The engine processes of `installDirectory`, ascending.
  public func enginePIDs(installDirectory: String) -> [Int32] {
    processes.pids(withResolvedArgv0: PythonPath.realpath(PythonPath.join(installDirectory, Self.engineArgv0Suffix)))
  }

  /// The renderer processes of `installDirectory`, ascending.
  public func rendererPIDs(installDirectory: String) -> [Int32] {
    processes.pids(withResolvedArgv0: PythonPath.realpath(PythonPath.join(installDirectory, Self.rendererArgv0Suffix)))
  }

  /// The camera queue name in the environment of `pid`, or nil when it has none (an empty value
  /// counts as none) or cannot be read.
  public func instanceToken(of pid: Int32) -> String? {
    guard let value = processes.environment(of: pid)?[Self.cameraQueueVariable], !value.isEmpty else { return nil }
    return value
  }

  // MARK: - Launch

  /// Resolves `request` to the umu-run command, in the reference's order of checks: the
  /// executable, the instance name (creating its directories), umu-run on PATH, the mod profile.
  ///
  /// The executable is passed to umu-run as an absolute path (the reference passes it as
  /// written, which breaks a relative one: umu-run runs in the install directory).
  public func prepare(_ request: LaunchRequest) throws(LauncherError) -> LaunchCommand {
    let exe =
      request.resoniteExe.flatMap { $0.isEmpty ? nil : $0 }
      ?? environment.nonEmpty("RESONITE_EXE") ?? defaultResoniteExe
    guard PythonPath.isFile(exe) else {
      throw LauncherError(
        "Resonite.exe not found at \(PythonText.repr(exe)). Set RESONITE_EXE or pass --exe/resonite_exe to point at "
          + "your Resonite install (e.g. ~/.steam/steam/steamapps/common/Resonite/Resonite.exe).")
    }
    let installDirectory = PythonPath.dirname(PythonPath.realpath(exe))

    var prefix = request.prefix
    var options = request.options
    let cameraQueue: String
    if let name = request.name {
      try Self.validateInstanceName(name)
      let instance = try instancePaths(name: name, prefix: prefix, options: options)
      prefix = instance.prefix
      options = instance.options
      cameraQueue = instance.token
    } else {
      cameraQueue = "resonite-io-camera-" + Self.randomHex(bytes: 8)
    }

    guard let umuRun = which("umu-run") else {
      throw LauncherError(
        "umu-run not found on PATH. Install umu-launcher (the dev container ships it) to launch Resonite.")
    }
    var arguments = ["umu-run", PythonPath.absolute(exe)]
    var env = environment
    // Forced, not defaulted: it fixes the hang of an install under $HOME (umu maps $HOME to a
    // Wine drive letter, which breaks the renderer's absolute Unix paths).
    env["PROTON_SET_GAME_DRIVE"] = "0"
    env.setDefault("GAMEID", "umu-default")
    if let protonPath = request.protonPath {
      env["PROTONPATH"] = protonPath
    } else {
      env.setDefault("PROTONPATH", "GE-Proton")
    }
    if let prefix { env["WINEPREFIX"] = PythonPath.absolute(prefix) }
    env[Self.cameraQueueVariable] = cameraQueue

    var logPath: String?
    var warnings: [String] = []
    if !request.vanilla {
      let profile = try resolveModPath(request.modPath)
      arguments += ["--hookfxr-enable", "--bepinex-target", PythonPath.join(profile, "BepInEx")]
      if let preloader = Self.rendererPreloader(profile: profile) {
        arguments += ["--doorstop-enabled", "true", "--doorstop-target-assembly", preloader]
      } else {
        warnings.append(
          "renderer preloader not found under \(profile)/Renderer/BepInEx/core; "
            + "launching with Camera v2 (renderer plugin) disabled")
      }
      // pressure-vessel must share the profile with the sandboxed engine; the override makes
      // Wine load the hook's winhttp.dll.
      env["PRESSURE_VESSEL_FILESYSTEMS_RW"] = Self.appending(
        profile, to: env["PRESSURE_VESSEL_FILESYSTEMS_RW"], separator: ":")
      env["WINEDLLOVERRIDES"] = Self.appending("winhttp=n,b", to: env["WINEDLLOVERRIDES"], separator: ";")
      logPath = PythonPath.join(profile, "BepInEx", "umu-launch.log")
    }
    // The options go after umu-run's flags and before the extra arguments, so an extra argument
    // can still override an option (Resonite takes the last one).
    arguments += (options ?? LaunchOptions()).arguments
    arguments += request.extraArguments
    return LaunchCommand(
      executable: umuRun, arguments: arguments, environment: env, installDirectory: installDirectory,
      logPath: logPath, cameraQueue: cameraQueue, warnings: warnings)
  }

  /// Spawns `command` detached and waits for the engine and then the renderer it starts.
  ///
  /// The new processes are the ones absent before the spawn, so other running instances of the
  /// same install do not matter; more than one new engine (or renderer) is an error. umu-run gets
  /// a session of its own, stdin from /dev/null and its output appended to ``LaunchCommand/logPath``
  /// (or /dev/null), so the caller can exit without taking Resonite down; a thread of this
  /// process reaps it when it ends.
  ///
  /// - Parameters:
  ///   - waitTimeout: how long both may take to appear; nil waits for ever. The process table is
  ///     looked at once even when it is zero.
  ///   - pollInterval: the pause between looks (the reference's 0.5 s).
  /// - Throws: ``LauncherError`` (no log file, no spawn, several new processes, the timeout), or
  ///   `CancellationError`.
  public func start(
    _ command: LaunchCommand, waitTimeout: Duration? = .seconds(60), pollInterval: Duration = .milliseconds(500)
  ) async throws -> LaunchResult {
    let install = command.installDirectory
    let enginesBefore = Set(enginePIDs(installDirectory: install))
    let renderersBefore = Set(rendererPIDs(installDirectory: install))

    var outputFD: Int32 = -1
    if let logPath = command.logPath {
      outputFD = open(logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o666)
      guard outputFD >= 0 else {
        throw LauncherError("cannot open the launch log \(PythonText.repr(logPath)): \(Self.errorText(errno))")
      }
    }
    defer { if outputFD >= 0 { close(outputFD) } }
    let pid = try Self.spawn(command, outputFD: outputFD)
    Thread.detachNewThread {
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    let clock = ContinuousClock()
    let deadline = waitTimeout.map { clock.now + $0 }
    let engine = try await waitForNew(
      "engine", before: enginesBefore, deadline: deadline, pollInterval: pollInterval
    ) { enginePIDs(installDirectory: install) }
    let renderer = try await waitForNew(
      "renderer", before: renderersBefore, deadline: deadline, pollInterval: pollInterval
    ) { rendererPIDs(installDirectory: install) }
    return LaunchResult(resonitePID: engine, rendererPID: renderer)
  }

  /// ``prepare(_:)`` then ``start(_:waitTimeout:pollInterval:)``; warnings go to `warn`.
  public func launch(
    _ request: LaunchRequest, waitTimeout: Duration? = .seconds(60), pollInterval: Duration = .milliseconds(500),
    warn: (String) -> Void = { _ in }
  ) async throws -> LaunchResult {
    let command = try prepare(request)
    command.warnings.forEach(warn)
    return try await start(command, waitTimeout: waitTimeout, pollInterval: pollInterval)
  }

  private func waitForNew(
    _ label: String, before: Set<Int32>, deadline: ContinuousClock.Instant?, pollInterval: Duration,
    finder: () -> [Int32]
  ) async throws -> Int32 {
    while true {
      let new = finder().filter { !before.contains($0) }
      if new.count > 1 {
        throw LauncherError(
          "multiple new \(label) processes appeared (\(PythonText.list(new))); expected exactly one from this launch.")
      }
      if let pid = new.first { return pid }
      if let deadline, ContinuousClock.now >= deadline {
        throw LauncherError(
          "timed out waiting for the Resonite \(label) process to appear. Check the umu/Proton launch log "
            + "(BepInEx/umu-launch.log) and the mod log (just log).")
      }
      try await Task.sleep(for: pollInterval)
    }
  }

  private static func spawn(_ command: LaunchCommand, outputFD: Int32) throws(LauncherError) -> pid_t {
    var pid: pid_t = 0
    let result = withCStrings(command.arguments) { argv in
      withCStrings(command.environment.entries) { envp in
        resonite_launcher_spawn_detached(&pid, command.executable, argv, envp, command.installDirectory, outputFD)
      }
    }
    guard result == 0 else {
      throw LauncherError(
        "cannot start \(PythonText.repr(command.executable)) in \(PythonText.repr(command.installDirectory)): "
          + errorText(result))
    }
    return pid
  }

  // MARK: - Terminate

  /// Stops one instance: SIGTERM to each PID, then SIGKILL to whatever is left after `timeout`
  /// (nil: wait for ever).
  ///
  /// Each PID must be running the engine (or renderer) executable, checked by argv[0], or this
  /// throws without signalling it. A PID that is gone, or a zombie, is skipped (0 in the result);
  /// the reference refuses a zombie as not Resonite. After SIGKILL it waits up to a second for
  /// the process to be gone, so that it is when this returns. With both PIDs nil it finds the
  /// instance of ``detectionInstallDirectory`` and throws when there is more than one.
  public func terminate(resonitePID: Int?, rendererPID: Int?, timeout: Duration? = .seconds(3)) async throws
    -> LaunchResult
  {
    var engine = resonitePID
    var renderer = rendererPID
    if engine == nil && renderer == nil {
      let install = detectionInstallDirectory
      let engines = enginePIDs(installDirectory: install)
      let renderers = rendererPIDs(installDirectory: install)
      if engines.count > 1 || renderers.count > 1 {
        throw LauncherError(
          "multiple Resonite instances detected (engine=\(PythonText.list(engines)) "
            + "renderer=\(PythonText.list(renderers))); pass explicit PIDs to choose which to stop.")
      }
      engine = engines.first.map(Int.init)
      renderer = renderers.first.map(Int.init)
    }
    let killedEngine =
      try await engine.asyncMap { try await stop($0, suffix: Self.engineArgv0Suffix, role: "engine", timeout: timeout) }
      ?? 0
    let killedRenderer =
      try await renderer.asyncMap {
        try await stop($0, suffix: Self.rendererArgv0Suffix, role: "renderer", timeout: timeout)
      } ?? 0
    return LaunchResult(resonitePID: killedEngine, rendererPID: killedRenderer)
  }

  /// Stops every instance of ``detectionInstallDirectory`` and returns the pairs it signalled, in
  /// engine PID order, then renderers no engine claimed (`resonitePID` 0). An engine whose
  /// renderer was not found is a pair with `rendererPID` 0.
  ///
  /// An engine claims the unclaimed renderer with the same `RESONITE_IO_CAMERA_QUEUE` (Wine
  /// reparents the renderer, so the tree is not reliable), else the first unclaimed renderer
  /// among its descendants. PIDs are stopped one after the other as in
  /// ``terminate(resonitePID:rendererPID:timeout:)``.
  public func terminateAll(timeout: Duration? = .seconds(3)) async throws -> [LaunchResult] {
    let install = detectionInstallDirectory
    let engines = enginePIDs(installDirectory: install)
    let renderers = rendererPIDs(installDirectory: install)
    var byToken: [String: [Int32]] = [:]
    for renderer in renderers {
      if let token = instanceToken(of: renderer) { byToken[token, default: []].append(renderer) }
    }
    var results: [LaunchResult] = []
    var paired: Set<Int32> = []
    for engine in engines {
      let renderer = matchRenderer(engine: engine, renderers: renderers, byToken: byToken, paired: paired)
      let killedEngine = try await stop(Int(engine), suffix: Self.engineArgv0Suffix, role: "engine", timeout: timeout)
      var killedRenderer: Int32 = 0
      if let renderer {
        paired.insert(renderer)
        killedRenderer = try await stop(
          Int(renderer), suffix: Self.rendererArgv0Suffix, role: "renderer", timeout: timeout)
      }
      if killedEngine != 0 || killedRenderer != 0 {
        results.append(LaunchResult(resonitePID: killedEngine, rendererPID: killedRenderer))
      }
    }
    for renderer in renderers where !paired.contains(renderer) {
      let killed = try await stop(Int(renderer), suffix: Self.rendererArgv0Suffix, role: "renderer", timeout: timeout)
      if killed != 0 { results.append(LaunchResult(resonitePID: 0, rendererPID: killed)) }
    }
    return results
  }

  private func matchRenderer(engine: Int32, renderers: [Int32], byToken: [String: [Int32]], paired: Set<Int32>)
    -> Int32?
  {
    if let token = instanceToken(of: engine), let match = byToken[token]?.first(where: { !paired.contains($0) }) {
      return match
    }
    let candidates = Set(renderers).subtracting(paired)
    return processes.descendants(of: engine).first { candidates.contains($0) }
  }

  /// SIGTERM, then SIGKILL after `timeout`, to `pid` once its argv[0] ends in `/<suffix>`;
  /// returns `pid`, or 0 when it was not running.
  private func stop(_ pid: Int, suffix: String, role: String, timeout: Duration?) async throws -> Int32 {
    guard pid >= 0 else { throw LauncherError("pid must be a positive integer (got \(pid))") }
    guard pid > 0, pid <= Int(Int32.max) else { return 0 }
    let target = Int32(pid)
    guard let status = processes.status(of: target), !isDefunct(target, status) else { return 0 }
    let argv0 = processes.resolvedArgv0(of: target)
    guard let argv0, argv0.hasSuffix("/" + suffix) else {
      if processes.status(of: target) == nil { return 0 }
      throw LauncherError(
        "pid \(pid) is not a Resonite \(role) process (argv0=\(argv0.map(PythonText.repr) ?? "None")); "
          + "refusing to kill it.")
    }
    try signal(target, SIGTERM)
    let ended = { () -> Bool in
      guard let now = processes.status(of: target) else { return true }
      return now.startTime != status.startTime || isDefunct(target, now)
    }
    let clock = ContinuousClock()
    let deadline = timeout.map { clock.now + $0 }
    if try await !waitUntil(deadline: deadline, ended) {
      try signal(target, SIGKILL)
      _ = try await waitUntil(deadline: clock.now + .seconds(1), ended)
    }
    return target
  }

  /// A zombie whose threads have all ended (a zombie leader with live threads is still running).
  private func isDefunct(_ pid: Int32, _ status: ProcessTable.Status) -> Bool {
    guard status.isZombie else { return false }
    let tasks = ProcessTable.names(in: "\(processes.root)/\(pid)/task") ?? []
    return tasks.count <= 1
  }

  private func signal(_ pid: Int32, _ signal: Int32) throws(LauncherError) {
    if kill(pid, signal) != 0 && errno != ESRCH {
      throw LauncherError("cannot signal pid \(pid): \(Self.errorText(errno))")
    }
  }

  /// Polls `done` as psutil waits for a process (1 ms, doubling up to 40 ms) until it is true
  /// (returns true) or `deadline` passes (false).
  private func waitUntil(deadline: ContinuousClock.Instant?, _ done: () -> Bool) async throws -> Bool {
    var interval = Duration.milliseconds(1)
    while true {
      if done() { return true }
      if let deadline, ContinuousClock.now >= deadline { return false }
      var pause = interval
      if let deadline { pause = min(pause, ContinuousClock.now.duration(to: deadline)) }
      try await Task.sleep(for: max(pause, .zero))
      interval = min(interval * 2, .milliseconds(40))
    }
  }

  // MARK: - Resolution helpers

  static func validateInstanceName(_ name: String) throws(LauncherError) {
    func isAlphanumeric(_ byte: UInt8) -> Bool {
      (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
    let bytes = Array(name.utf8)
    guard let first = bytes.first, isAlphanumeric(first),
      bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
    else {
      throw LauncherError(
        "invalid instance name \(PythonText.repr(name)): use only letters, digits, '-' and '_' "
          + "(and it must start with a letter or digit).")
    }
  }

  /// The base of the per-instance trees: `RESONITE_IO_INSTANCES_DIR`, else
  /// `~/.resonite-io/instances`.
  public var instancesDirectory: String {
    environment.nonEmpty("RESONITE_IO_INSTANCES_DIR")
      ?? PythonPath.pathlibJoin(PythonPath.home(environment: environment), [".resonite-io", "instances"])
  }

  private func instancePaths(name: String, prefix: String?, options: LaunchOptions?) throws(LauncherError)
    -> (prefix: String, options: LaunchOptions, token: String)
  {
    var paths: [String: String] = [:]
    for sub in ["prefix", "data", "cache", "logs"] {
      let path = PythonPath.pathlibJoin(instancesDirectory, [name, sub])
      do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      } catch {
        throw LauncherError(
          "cannot create the instance directory \(PythonText.repr(path)): \(error.localizedDescription)")
      }
      paths[sub] = path
    }
    var resolved = options ?? LaunchOptions()
    resolved.dataPath = resolved.dataPath ?? paths["data"]
    resolved.cachePath = resolved.cachePath ?? paths["cache"]
    resolved.logsPath = resolved.logsPath ?? paths["logs"]
    return (prefix ?? paths["prefix"]!, resolved, "resonite-io-camera-\(name)-\(Self.randomHex(bytes: 4))")
  }

  private func resolveModPath(_ explicit: String?) throws(LauncherError) -> String {
    guard let profile = explicit.flatMap({ $0.isEmpty ? nil : $0 }) ?? environment.nonEmpty("MOD_PATH") else {
      throw LauncherError(
        "mod profile path is required: set MOD_PATH or pass --profile/mod_path to the Gale profile holding the "
          + "ResoniteIO mod (or use --vanilla to launch Resonite without any mod).")
    }
    let plugins = PythonPath.pathlibJoin(profile, ["BepInEx", "plugins"])
    guard PythonPath.isDirectory(plugins), Self.containsMod(plugins) else {
      throw LauncherError(
        "ResoniteIO mod not found in \(PythonText.repr(profile)) (no ResoniteIO.dll under \(plugins)). Install the "
          + "ResoniteIO mod into this profile first — via Gale or the Thunderstore package, or run `just deploy-mod`.")
    }
    // Absolute but not resolved: BepisLoader wants an absolute --bepinex-target.
    return PythonPath.absolute(profile)
  }

  /// Whether an entry named `ResoniteIO.dll` is anywhere under `directory` (pathlib's `rglob`:
  /// symbolic links to directories below it are not followed).
  static func containsMod(_ directory: String) -> Bool {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
    for name in names {
      if name == "ResoniteIO.dll" { return true }
    }
    for name in names {
      let path = PythonPath.join(directory, name)
      if !PythonPath.isSymbolicLink(path), PythonPath.isDirectory(path), containsMod(path) { return true }
    }
    return false
  }

  /// The renderer-side BepInEx preloader for the doorstop hook: the first (by name) regular file
  /// matching `BepInEx.*Preloader*.dll`, else `BepInEx.*IL2CPP*.dll`, in
  /// `<profile>/Renderer/BepInEx/core`.
  static func rendererPreloader(profile: String) -> String? {
    let core = PythonPath.pathlibJoin(profile, ["Renderer", "BepInEx", "core"])
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: core)) ?? []).sorted {
      $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars)
    }
    for pattern in [["BepInEx.", "Preloader", ".dll"], ["BepInEx.", "IL2CPP", ".dll"]] {
      for name in names where globMatches(name, pieces: pattern) {
        let path = PythonPath.pathlibJoin(core, [name])
        if PythonPath.isFile(path) { return path }
      }
    }
    return nil
  }

  /// Whether `name` matches the glob `pieces.joined(separator: "*")`.
  private static func globMatches(_ name: String, pieces: [String]) -> Bool {
    var rest = Substring(name)
    guard let first = pieces.first, let last = pieces.last, rest.hasPrefix(first) else { return false }
    rest = rest.dropFirst(first.count)
    for piece in pieces.dropFirst().dropLast() {
      guard let range = rest.range(of: piece) else { return false }
      rest = rest[range.upperBound...]
    }
    return rest.count >= last.count && rest.hasSuffix(last)
  }

  /// `shutil.which(command)`: the first PATH entry holding an executable, non-directory `command`
  /// (PATH unset: `/bin:/usr/bin`; empty: none), made absolute.
  func which(_ command: String) -> String? {
    let path = environment["PATH"] ?? "/bin:/usr/bin"
    guard !path.isEmpty else { return nil }
    var seen: Set<String> = []
    for directory in path.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    where seen.insert(directory).inserted {
      let candidate = PythonPath.join(directory, command)
      if access(candidate, X_OK) == 0, !PythonPath.isDirectory(candidate) { return PythonPath.absolute(candidate) }
    }
    return nil
  }

  private static func appending(_ value: String, to existing: String?, separator: String) -> String {
    guard let existing, !existing.isEmpty else { return value }
    return existing + separator + value
  }

  private static func randomHex(bytes: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<bytes).map { _ in
      let byte = UInt8.random(in: 0...255, using: &generator)
      return (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }.joined()
  }

  static func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
  }
}

/// Runs `body` with `strings` as a NULL-terminated array of C strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
  let pointers = strings.map { strdup($0) } + [nil]
  defer { pointers.forEach { free($0) } }
  return body(pointers)
}

extension Optional {
  fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
    guard let value = self else { return nil }
    return try await transform(value)
  }
}
