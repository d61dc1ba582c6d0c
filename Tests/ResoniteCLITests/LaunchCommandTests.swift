import Foundation
import ResoniteLauncher
import ResoniteTestSupport
import Testing

/// `resoio launch` against a stand-in umu-run (``FakeResonite``): the command line and
/// environment umu-run gets, the session, the descriptors, the PIDs found, every exit code.
@Suite("resoio launch")
struct LaunchCommandTests {
  /// Stops what a launch started (with terminate, which is under test elsewhere; close() kills
  /// anything left).
  private func stop(_ fake: FakeResonite) async throws {
    for engine in try fake.recordedEnginePIDs { kill(engine, SIGKILL) }
    if let renderer = fake.recordedRendererPID { kill(renderer, SIGKILL) }
  }

  @Test("modded: the reference's argv, environment, cwd, a new session, /dev/null stdin, output in the launch log")
  func modded() async throws {
    try await withFakeResonite { fake in
      let outcome = try await fake.resoio(
        [
          "launch", "-e", fake.exe, "-p", fake.profile, "--prefix", "wine/prefix", "--proton-path", "/opt/proton",
          "--data-path", "/d", "--cache-path", "", "--logs-path", "/l", "-s", "/ignored.sock", "--", "-Screen", "-Join",
          "Auto", "--", "x y",
        ],
        [
          "PROTON_SET_GAME_DRIVE": "1", "GAMEID": "mine", "PRESSURE_VESSEL_FILESYSTEMS_RW": "/a:/b",
          "WINEDLLOVERRIDES": "d3d11=n", "FAKE_EXTRA": "kept ünchanged", "PROTONPATH": "overridden",
          "RESONITE_IO_CAMERA_QUEUE": "stale",
        ])
      #expect(outcome.status == 0, "\(outcome)")
      let engines = try fake.recordedEnginePIDs
      let renderer = try #require(fake.recordedRendererPID)
      #expect(outcome.stdoutLines == ["resonite_pid=\(engines[0])", "renderer_pid=\(renderer)"], "\(outcome)")
      #expect(outcome.stderr == "", "\(outcome)")
      #expect(
        try fake.recordedArguments == [
          fake.bin + "/umu-run", fake.exe, "--hookfxr-enable", "--bepinex-target", fake.profile + "/BepInEx",
          "--doorstop-enabled", "true", "--doorstop-target-assembly",
          fake.profile + "/Renderer/BepInEx/core/BepInEx.Unity.Mono.Preloader.dll", "-SkipIntroTutorial", "-DataPath",
          "/d", "-CachePath", "", "-LogsPath", "/l", "-Screen", "-Join", "Auto", "--", "x y",
        ])
      #expect(try fake.recordedVariable("PROTON_SET_GAME_DRIVE") == "0", "forced, not defaulted")
      #expect(try fake.recordedVariable("GAMEID") == "mine")
      #expect(try fake.recordedVariable("PROTONPATH") == "/opt/proton")
      #expect(try fake.recordedVariable("WINEPREFIX") == FileManager.default.currentDirectoryPath + "/wine/prefix")
      #expect(try fake.recordedVariable("PRESSURE_VESSEL_FILESYSTEMS_RW") == "/a:/b:" + fake.profile)
      #expect(try fake.recordedVariable("WINEDLLOVERRIDES") == "d3d11=n;winhttp=n,b")
      #expect(try fake.recordedVariable("FAKE_EXTRA") == "kept ünchanged")
      let queue = try #require(try fake.recordedVariable("RESONITE_IO_CAMERA_QUEUE"))
      #expect(queue.wholeMatch(of: /resonite-io-camera-[0-9a-f]{16}/) != nil, "\(queue)")
      #expect(try fake.recordedLines("cwd") == [fake.install])
      let session = try fake.recordedLines("session")[0].split(separator: " ")
      #expect(session[0] == session[1] && session[0] == session[2], "umu-run leads a session of its own: \(session)")
      #expect(try fake.recordedLines("fds") == ["/dev/null", fake.logPath, fake.logPath])
      #expect(try String(contentsOfFile: fake.logPath, encoding: .utf8).contains("fake umu-run: started"))
      // The engine and renderer inherit the queue: what terminate-all pairs them by.
      let launcher = ResoniteLauncher()
      #expect(launcher.instanceToken(of: engines[0]) == queue)
      #expect(launcher.instanceToken(of: renderer) == queue)
    }
  }

  @Test("defaults: the Steam install under HOME, MOD_PATH, GAMEID/PROTONPATH defaults, no WINEPREFIX; json")
  func defaults() async throws {
    try await withFakeResonite { fake in
      let steam = fake.scratch.home + "/.steam/steam/steamapps/common/Resonite"
      try FileManager.default.createDirectory(atPath: steam, withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: steam + "/Resonite.exe", contents: Data())
      let outcome = try await fake.resoio(
        ["launch", "--format", "json", "--timeout", "20"], ["MOD_PATH": fake.profile], unset: ["RESONITE_EXE"])
      #expect(outcome.status == 0, "\(outcome)")
      let arguments = try fake.recordedArguments
      #expect(arguments.prefix(2) == [fake.bin + "/umu-run", steam + "/Resonite.exe"])
      #expect(arguments.last == "-SkipIntroTutorial")
      #expect(try fake.recordedLines("cwd") == [steam])
      #expect(try fake.recordedVariable("GAMEID") == "umu-default")
      #expect(try fake.recordedVariable("PROTONPATH") == "GE-Proton")
      #expect(try fake.recordedVariable("WINEPREFIX") == nil)
      #expect(try fake.recordedVariable("PRESSURE_VESSEL_FILESYSTEMS_RW") == fake.profile)
      #expect(try fake.recordedVariable("WINEDLLOVERRIDES") == "winhttp=n,b")
      // The stand-in starts its processes under the install of the exe it was given.
      let engines = ResoniteLauncher().enginePIDs(installDirectory: steam)
      let renderers = ResoniteLauncher().rendererPIDs(installDirectory: steam)
      try #require(engines.count == 1 && renderers.count == 1)
      #expect(outcome.stdout == "{\n  \"resonite_pid\": \(engines[0]),\n  \"renderer_pid\": \(renderers[0])\n}\n")
    }
  }

  @Test("--vanilla: no profile needed, no hook arguments or variables, output to /dev/null")
  func vanilla() async throws {
    try await withFakeResonite { fake in
      let outcome = try await fake.resoio(["launch", "--vanilla", "--", "-Kiosk"], ["WINEDLLOVERRIDES": "x=n"])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(try fake.recordedArguments == [fake.bin + "/umu-run", fake.exe, "-SkipIntroTutorial", "-Kiosk"])
      #expect(try fake.recordedVariable("WINEDLLOVERRIDES") == "x=n")
      #expect(try fake.recordedVariable("PRESSURE_VESSEL_FILESYSTEMS_RW") == nil)
      #expect(try fake.recordedLines("fds") == ["/dev/null", "/dev/null", "/dev/null"])
      #expect(!FileManager.default.fileExists(atPath: fake.logPath))
    }
  }

  @Test("--name: the instance tree under HOME (or RESONITE_IO_INSTANCES_DIR), explicit paths win, a named queue")
  func named() async throws {
    try await withFakeResonite { fake in
      let outcome = try await fake.resoio(["launch", "-p", fake.profile, "--name", "alt_1", "--cache-path", "/c"])
      #expect(outcome.status == 0, "\(outcome)")
      let base = fake.scratch.home + "/.resonite-io/instances/alt_1"
      for sub in ["prefix", "data", "cache", "logs"] {
        #expect(PythonPathProbe.isDirectory(base + "/" + sub), "\(sub)")
      }
      #expect(
        try fake.recordedArguments.suffix(7) == [
          "-SkipIntroTutorial", "-DataPath", base + "/data", "-CachePath", "/c", "-LogsPath", base + "/logs",
        ])
      #expect(try fake.recordedVariable("WINEPREFIX") == base + "/prefix")
      let queue = try #require(try fake.recordedVariable("RESONITE_IO_CAMERA_QUEUE"))
      #expect(queue.wholeMatch(of: /resonite-io-camera-alt_1-[0-9a-f]{8}/) != nil, "\(queue)")
      try await stop(fake)
      _ = await FakeResonite.waitUntilGone(try fake.recordedEnginePIDs[0])

      let instances = fake.scratch.path + "/instances/"
      let second = try await fake.resoio(
        ["launch", "-p", fake.profile, "--name", "B", "--prefix", "/p"], ["RESONITE_IO_INSTANCES_DIR": instances])
      #expect(second.status == 0, "\(second)")
      #expect(try fake.recordedVariable("WINEPREFIX") == "/p")
      #expect(try fake.recordedArguments.contains(fake.scratch.path + "/instances/B/data"))
      #expect(PythonPathProbe.isDirectory(instances + "B/prefix"), "made even when --prefix is given")
    }
  }

  @Test("no preloader in the profile: no doorstop arguments, a warning on stderr")
  func noPreloader() async throws {
    try await withFakeResonite { fake in
      try FileManager.default.removeItem(atPath: fake.profile + "/Renderer")
      let outcome = try await fake.resoio(["launch", "-p", fake.profile])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(!(try fake.recordedArguments.contains("--doorstop-enabled")))
      #expect(
        outcome.stderrLines == [
          "resoio launch: warning: renderer preloader not found under \(fake.profile)/Renderer/BepInEx/core; "
            + "launching with Camera v2 (renderer plugin) disabled"
        ], "\(outcome)")
    }
  }

  @Test("another instance already running: the new PIDs are the ones found")
  func otherInstanceRunning() async throws {
    try await withFakeResonite { fake in
      let oldEngine = try fake.startStandIn(.engine)
      let oldRenderer = try fake.startStandIn(.renderer)
      let outcome = try await fake.resoio(["launch", "--vanilla"])
      #expect(outcome.status == 0, "\(outcome)")
      let engine = try fake.recordedEnginePIDs[0]
      let renderer = try #require(fake.recordedRendererPID)
      #expect(outcome.stdoutLines == ["resonite_pid=\(engine)", "renderer_pid=\(renderer)"], "\(outcome)")
      #expect(engine != oldEngine.pid && renderer != oldRenderer.pid)
    }
  }

  @Test(
    "launcher errors exit 1 with the reason: no exe, bad name, no umu-run, no profile, no mod, several engines, timeout",
    arguments: [
      (
        ["launch", "-e", "/nonexistent/Resonite.exe", "--vanilla"], [String: String](),
        "Resonite.exe not found at '/nonexistent/Resonite.exe'. Set RESONITE_EXE"
      ),
      (["launch", "--vanilla", "--name", "../up"], [:], "invalid instance name '../up': use only letters, digits"),
      (["launch", "--vanilla", "--name", ""], [:], "invalid instance name '': "),
      (["launch", "--vanilla"], ["PATH": "/nonexistent"], "umu-run not found on PATH."),
      (["launch"], [:], "mod profile path is required: set MOD_PATH or pass --profile/mod_path"),
      (
        ["launch", "-p", "/nonexistent/profile"], [:],
        "ResoniteIO mod not found in '/nonexistent/profile' (no ResoniteIO.dll under /nonexistent/profile/BepInEx/plugins)."
      ),
      (
        ["launch", "--vanilla", "--timeout", "5"], ["FAKE_UMU_ENGINES": "2"], "multiple new engine processes appeared ("
      ),
      (
        ["launch", "--vanilla", "--timeout", "1"], ["FAKE_UMU_NO_RENDERER": "1"],
        "timed out waiting for the Resonite renderer process to appear."
      ),
      (
        ["launch", "--vanilla", "--timeout", "0"], ["FAKE_UMU_ENGINES": "0"],
        "timed out waiting for the Resonite engine process to appear."
      ),
    ])
  func launcherErrors(arguments: [String], environment: [String: String], message: String) async throws {
    try await withFakeResonite { fake in
      let outcome = try await fake.resoio(arguments, environment)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "", "\(outcome)")
      try #require(outcome.stderrLines.count == 1, "\(outcome)")
      // A timeout of 1 s on a starved machine can run out before the fake engine appears.
      let starvedTimeout = "resoio launch: timed out waiting for the Resonite engine process to appear."
      #expect(
        outcome.stderrLines[0].hasPrefix("resoio launch: " + message)
          || (!SchedulingProbe.machineHasSpareCPU && message.hasPrefix("timed out")
            && outcome.stderrLines[0].hasPrefix(starvedTimeout)),
        "\(outcome)")
    }
  }

  @Test("Ctrl-C while waiting for the engine exits 130 at once")
  func interrupted() async throws {
    try await withFakeResonite { fake in
      let argv = fake.record + "/argv"
      let outcome = try await fake.resoio(
        ["launch", "--vanilla", "--timeout", "3600"], ["FAKE_UMU_ENGINES": "0", "FAKE_UMU_NO_RENDERER": "1"],
        interruptWhen: {
          // Cancelled when the child ends first: Task.sleep then returns at once, so stop.
          while !FileManager.default.fileExists(atPath: argv) && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
          }
        })
      #expect(outcome.status == 130, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.elapsed < noHangBound, "well before --timeout 3600: \(outcome.elapsed)")
    }
  }

  @Test("usage errors exit 2: an option Resonite's way without '--', a bad --format, a non-number --timeout")
  func usageErrors() async throws {
    try await withFakeResonite { fake in
      for arguments in [["launch", "-Screen"], ["launch", "--format", "yaml"], ["launch", "--timeout", "soon"]] {
        let outcome = try await fake.resoio(arguments)
        #expect(outcome.status == 2, "\(arguments): \(outcome)")
        #expect(outcome.stdout == "", "\(outcome)")
      }
      #expect(!FileManager.default.fileExists(atPath: fake.record + "/argv"), "nothing was launched")
    }
  }

  @Test("--help shows every flag and says what differs from the reference")
  func help() async throws {
    try await withFakeResonite { fake in
      let outcome = try await fake.resoio(["launch", "--help"])
      #expect(outcome.status == 0, "\(outcome)")
      for flag in [
        "--exe", "--profile", "--vanilla", "--prefix", "--proton-path", "--name", "--data-path", "--cache-path",
        "--logs-path", "--timeout", "--format", "--socket",
      ] {
        #expect(outcome.stdout.contains(flag), "\(flag)")
      }
      #expect(outcome.stdout.contains("Unlike the reference"))
    }
  }

  @Test(
    "the reference builds the same command line and environment, and prints the same lines",
    .enabled(if: ReferenceCLI.available, "needs the reference venv (scripts/reference/setup.sh)"),
    arguments: [
      [
        "launch", "-p", "PROFILE", "--prefix", "pfx", "--proton-path", "GE-Proton9", "--data-path", "", "--logs-path",
        "/l", "--", "-Screen", "--", "y",
      ],
      ["launch", "--vanilla", "--format", "json", "--", "-Invisible"],
      ["launch", "-p", "PROFILE", "--name", "twin", "--data-path", "/explicit"],
      ["launch", "-e", "/nonexistent/Resonite.exe"],
      ["launch"],
    ])
  func sameAsReference(arguments: [String]) async throws {
    struct Run: Equatable {
      var status: Int32
      var stdout: String
      var argv: [String]
      var environment: [String]
    }
    func run(_ reference: Bool) async throws -> Run {
      try await withFakeResonite { fake in
        let arguments = arguments.map { $0 == "PROFILE" ? fake.profile : $0 }
        let extra = ["WINEDLLOVERRIDES": "a=b", "PRESSURE_VESSEL_FILESYSTEMS_RW": "/ro"]
        let outcome = reference ? try await fake.reference(arguments, extra) : try await fake.resoio(arguments, extra)
        var stdout = outcome.stdout
        var argv: [String] = []
        var environment: [String] = []
        if outcome.status == 0 {
          stdout = stdout.replacing(String(try fake.recordedEnginePIDs[0]), with: "ENGINE")
          stdout = stdout.replacing(String(try #require(fake.recordedRendererPID)), with: "RENDERER")
          let root = fake.scratch.path
          argv = try fake.recordedArguments.map { $0.replacing(root, with: "ROOT") }
          environment = try fake.recordedEnvironment.filter {
            ["HOME", "FAKE_UMU_RECORD", "PATH"].contains($0.0) == false
          }
          .map { name, value in
            name == "RESONITE_IO_CAMERA_QUEUE"
              ? name + "=" + value.replacing(/[0-9a-f]+$/, with: "HEX")
              : name + "=" + value.replacing(root, with: "ROOT")
          }.sorted()
          // The reference's own process leaves variables of its own (Python's); only ours count.
          environment = environment.filter { !$0.hasPrefix("PYTHON") && !$0.hasPrefix("_=") }
        }
        return Run(status: outcome.status, stdout: stdout, argv: argv, environment: environment)
      }
    }
    let ours = try await run(false)
    let theirs = try await run(true)
    #expect(ours == theirs)
  }
}

/// File checks for the tests.
enum PythonPathProbe {
  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }
}
