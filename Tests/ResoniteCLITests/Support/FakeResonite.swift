import Foundation
import ResoniteTestSupport
import CResoniteLauncher
import ResoniteLauncher

#if canImport(Glibc)
  import Glibc
#endif

/// A Resonite install without Resonite, for launch, terminate and terminate-all.
///
/// In the scratch directory: `Resonite/Resonite.exe` (empty), a mod profile (`ResoniteIO.dll`
/// under `BepInEx/plugins/`, a renderer preloader), and `bin/umu-run`, a bash stand-in for
/// umu-launcher that records what it got (argv, environment, working directory, session,
/// descriptors) and starts an engine and a renderer: `sleep` with argv[0] set to
/// `<install>/dotnet-runtime/dotnet` and `<install>/Renderer/Renderite.Renderer.exe` (bash's
/// `exec -a`), inheriting its environment, as the real chain passes it on. Knobs, in the
/// environment of the launch: `FAKE_UMU_ENGINES` (how many engines, 1), `FAKE_UMU_NO_RENDERER=1`,
/// `FAKE_UMU_RENDERER_IGNORES_TERM=1`.
///
/// Stand-ins can also be started directly (``startStandIn(_:argv0:environment:ignoresTERM:childArgv0:)``).
/// ``close()`` kills every process it started or that carries the scratch path in its command
/// line (the umu-run sessions included), then removes the directory.
final class FakeResonite: @unchecked Sendable {
  let scratch: Scratch
  let install: String
  let exe: String
  let profile: String
  let bin: String
  let record: String
  private var standIns: [StandIn] = []

  var engineArgv0: String { install + "/dotnet-runtime/dotnet" }
  var rendererArgv0: String { install + "/Renderer/Renderite.Renderer.exe" }
  var logPath: String { profile + "/BepInEx/umu-launch.log" }

  init(scratch: Scratch, installName: String = "Resonite") throws {
    self.scratch = scratch
    install = scratch.path + "/" + installName
    exe = install + "/Resonite.exe"
    profile = scratch.path + "/profile"
    bin = scratch.path + "/bin"
    record = scratch.path + "/record"
    let files = FileManager.default
    for directory in [
      install + "/dotnet-runtime", install + "/Renderer", profile + "/BepInEx/plugins/Unit-ResoniteIO/ResoniteIO",
      profile + "/Renderer/BepInEx/core", bin, record,
    ] {
      try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    for file in [
      exe, profile + "/BepInEx/plugins/Unit-ResoniteIO/ResoniteIO/ResoniteIO.dll",
      profile + "/Renderer/BepInEx/core/BepInEx.Unity.Mono.Preloader.dll",
      profile + "/Renderer/BepInEx/core/BepInEx.Core.dll",
    ] {
      guard files.createFile(atPath: file, contents: Data()) else { throw POSIXError(.EIO) }
    }
    try Self.writeExecutable(Self.umuRun, to: bin + "/umu-run")
  }

  /// Writes an executable script through a close-on-exec descriptor: a child spawned by another
  /// test meanwhile must not inherit it open for writing, or executing the script fails with
  /// ETXTBSY ("Text file busy").
  static func writeExecutable(_ text: String, to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { Glibc.close(fd) }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      offset += n
    }
  }

  static let umuRun = #"""
    #!/bin/bash
    # A stand-in for umu-run (see FakeResonite.swift).
    rec="${FAKE_UMU_RECORD:?}"
    printf '%s\0' "$0" "$@" > "$rec/argv"
    cat /proc/self/environ > "$rec/environ"
    pwd -P > "$rec/cwd"
    read -r -a stat < /proc/$$/stat
    echo "$$ ${stat[5]} ${stat[4]}" > "$rec/session"
    readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2 > "$rec/fds"
    echo $$ >> "$rec/umu.pids"
    install="$(dirname "$(realpath "$1")")"
    : > "$rec/engine.pids"
    for _ in $(seq "${FAKE_UMU_ENGINES:-1}"); do
      (exec -a "$install/dotnet-runtime/dotnet" sleep 1000) &
      echo $! >> "$rec/engine.pids"
    done
    if [ "${FAKE_UMU_NO_RENDERER:-0}" != 1 ]; then
      if [ "${FAKE_UMU_RENDERER_IGNORES_TERM:-0}" = 1 ]; then
        (trap '' TERM; exec -a "$install/Renderer/Renderite.Renderer.exe" sleep 1000) &
      else
        (exec -a "$install/Renderer/Renderite.Renderer.exe" sleep 1000) &
      fi
      echo $! > "$rec/renderer.pid"
    fi
    echo "fake umu-run: started"
    wait
    """#

  /// The environment for a `resoio` (or reference) run against this install: the stand-in
  /// umu-run first on PATH, the recording directory, RESONITE_EXE, then `extra`.
  func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment: [String: String] = [
      "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
      "FAKE_UMU_RECORD": record,
      "RESONITE_EXE": exe,
    ]
    environment.merge(extra) { _, new in new }
    return environment
  }

  /// Runs the built `resoio` with `arguments` in ``environment(_:)`` plus `extra`.
  func resoio(
    _ arguments: [String], _ extra: [String: String] = [:], unset: [String] = [],
    interruptWhen: (@Sendable () async -> Void)? = nil
  ) async throws -> ProcessOutcome {
    var environment = ChildProcess.environment(home: scratch.home, self.environment(extra))
    for name in unset + Self.hostLauncherVariables where extra[name] == nil { environment[name] = nil }
    return try await ChildProcess.run(
      BuiltProducts.executable("resoio"), arguments, environment: environment, scratch: scratch.path,
      interruptWhen: interruptWhen)
  }

  /// Runs the reference `resoio` the same way.
  func reference(_ arguments: [String], _ extra: [String: String] = [:], unset: [String] = []) async throws
    -> ProcessOutcome
  {
    var environment = ChildProcess.environment(home: scratch.home, self.environment(extra))
    for name in unset + Self.hostLauncherVariables where extra[name] == nil { environment[name] = nil }
    guard let executable = ReferenceCLI.executable else { throw POSIXError(.ENOENT) }
    return try await ChildProcess.run(
      URL(fileURLWithPath: executable), arguments, environment: environment, scratch: scratch.path)
  }

  /// Variables of the host that would change what the launcher builds.
  static let hostLauncherVariables = [
    "GAMEID", "PROTONPATH", "WINEPREFIX", "PRESSURE_VESSEL_FILESYSTEMS_RW", "WINEDLLOVERRIDES", "MOD_PATH",
    "RESONITE_IO_INSTANCES_DIR", "RESONITE_IO_CAMERA_QUEUE", "PROTON_SET_GAME_DRIVE",
  ]

  // MARK: - What umu-run got

  var recordedArguments: [String] {
    get throws { try nulSeparated(record + "/argv") }
  }

  /// The environment umu-run got, in order.
  var recordedEnvironment: [(String, String)] {
    get throws {
      try nulSeparated(record + "/environ").compactMap { entry in
        guard let equals = entry.firstIndex(of: "=") else { return nil }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
      }
    }
  }

  func recordedVariable(_ name: String) throws -> String? {
    try recordedEnvironment.first { $0.0 == name }?.1
  }

  func recordedLines(_ file: String) throws -> [String] {
    try String(contentsOfFile: record + "/" + file, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  var recordedEnginePIDs: [Int32] { get throws { try recordedLines("engine.pids").compactMap { Int32($0) } } }
  var recordedRendererPID: Int32? { try? recordedLines("renderer.pid").first.flatMap { Int32($0) } }

  private func nulSeparated(_ path: String) throws -> [String] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var pieces = String(decoding: data, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false)
      .map(String.init)
    if pieces.last == "" { pieces.removeLast() }
    return pieces
  }

  // MARK: - Stand-ins started directly

  enum Role { case engine, renderer, other }

  /// Starts a stand-in child of this test process: `sleep` under argv[0] `argv0` (default: the
  /// engine's or renderer's path of this install), with `environment` added to the test's; when
  /// `childArgv0` is set it is bash that starts a `sleep` child under that argv[0] and waits.
  @discardableResult
  func startStandIn(
    _ role: Role, argv0: String? = nil, environment: [String: String] = [:], ignoresTERM: Bool = false,
    childArgv0: String? = nil
  ) throws -> StandIn {
    let name = argv0 ?? (role == .engine ? engineArgv0 : rendererArgv0)
    let trap = ignoresTERM ? "trap '' TERM; " : ""
    var arguments = ["/bin/bash", "-c", trap + #"exec -a "$0" sleep 1000"#, name]
    if let childArgv0 {
      arguments = [
        "/bin/bash", "-c", trap + #"exec -a "$0" /bin/bash -c '(exec -a "$0" sleep 1000) & wait' "$1""#, name,
        childArgv0,
      ]
    }
    var env = ProcessInfo.processInfo.environment
    env["RESONITE_IO_CAMERA_QUEUE"] = nil
    env.merge(environment) { _, new in new }
    let standIn = try StandIn(arguments: arguments, environment: env.map { "\($0.key)=\($0.value)" }, in: scratch.path)
    standIns.append(standIn)
    // Wait until the exec happened (argv[0] is the stand-in's), so the process table shows it.
    let table = ProcessTable()
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if table.commandLine(of: standIn.pid)?.first == name,
        childArgv0 == nil
          || table.descendants(of: standIn.pid).contains(where: { table.commandLine(of: $0)?.first == childArgv0 })
      {
        return standIn
      }
      usleep(2_000)
    }
    throw POSIXError(.ETIMEDOUT)
  }

  /// A renderer started by an engine stand-in (its `childArgv0`).
  func child(of standIn: StandIn) -> Int32? {
    let table = ProcessTable()
    return table.descendants(of: standIn.pid).first { table.commandLine(of: $0)?.first == rendererArgv0 }
  }

  /// Whether `pid` is still running (not gone, not a zombie).
  static func isRunning(_ pid: Int32) -> Bool {
    guard let status = ProcessTable().status(of: pid) else { return false }
    return !status.isZombie
  }

  /// Waits up to 10 s for `pid` to stop running.
  static func waitUntilGone(_ pid: Int32) async -> Bool {
    for _ in 0..<1000 {
      if !isRunning(pid) { return true }
      try? await Task.sleep(for: .milliseconds(10))
    }
    return false
  }

  /// Kills everything this fixture started, then removes the scratch directory.
  func close() {
    for standIn in standIns { kill(standIn.pid, SIGKILL) }
    for line in (try? recordedLines("umu.pids")) ?? [] {
      if let pid = Int32(line) { kill(-pid, SIGKILL) }
    }
    let table = ProcessTable()
    for pid in table.pids() where pid != getpid() {
      if let arguments = table.commandLine(of: pid), arguments.contains(where: { $0.contains(scratch.path) }) {
        kill(pid, SIGKILL)
      }
    }
    for standIn in standIns { _ = standIn.waitForExit(timeout: 10) }
    scratch.close()
  }
}

/// A stand-in process the test started, and reaps (a thread waits for it).
///
/// Started with posix_spawn and an empty signal mask: a process that Foundation's `Process`
/// starts from a test's worker thread inherits that thread's blocked signals, and SIGTERM
/// would never reach it.
final class StandIn: @unchecked Sendable {
  let pid: Int32
  private let lock = NSLock()
  private var status: Int32?

  init(arguments: [String], environment: [String], in directory: String) throws {
    var pid: pid_t = 0
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    let result = resonite_launcher_spawn_detached(&pid, arguments[0], argv, envp, directory, -1)
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
    self.pid = pid
    let child = pid
    Thread.detachNewThread { [self] in
      var status: Int32 = 0
      while waitpid(child, &status, 0) < 0 && errno == EINTR {}
      lock.withLock { self.status = status }
    }
  }

  /// The wait status once it has ended, waiting up to `timeout` seconds.
  func waitForExit(timeout: Double) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let status = lock.withLock({ status }) { return status }
      usleep(5_000)
    }
    return nil
  }

  /// The signal that ended it, once it has ended (waits up to 10 s), or nil (it exited, or runs on).
  func endingSignal() async -> Int32? {
    for _ in 0..<1000 {
      if let status = lock.withLock({ status }) {
        let signal = status & 0x7f
        return signal != 0 && signal != 0x7f ? signal : nil
      }
      try? await Task.sleep(for: .milliseconds(10))
    }
    return nil
  }
}

/// Runs `body` with a fresh ``FakeResonite`` and always cleans it up.
func withFakeResonite<T>(_ body: (FakeResonite) async throws -> T) async throws -> T {
  // Set up and closed on a thread of its own: file-system work, and close() waits for the
  // stand-ins to exit.
  let fake = try await tryOnOwnThread { UncheckedSendable(try FakeResonite(scratch: try Scratch())) }
  do {
    let result = try await body(fake.value)
    await onOwnThread { fake.value.close() }
    return result
  } catch {
    await onOwnThread { fake.value.close() }
    throw error
  }
}

/// The reference CLI (`resonite-io` 0.7.0), when a venv with it is here: `$RESOIO_REFERENCE_VENV`,
/// the repository's `.venv-ref` (scripts/reference/setup.sh), or /work/.venv-ref.
enum ReferenceCLI {
  static let venv: String? = {
    var candidates: [String] = []
    if let venv = ProcessInfo.processInfo.environment["RESOIO_REFERENCE_VENV"], !venv.isEmpty {
      candidates.append(venv)
    }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().path
    candidates += [repo + "/.venv-ref", "/work/.venv-ref"]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/bin/resoio") }
  }()

  static var executable: String? { venv.map { $0 + "/bin/resoio" } }
  static var python: String? { venv.map { $0 + "/bin/python" } }
  static var available: Bool { venv != nil }
}
