import Foundation
import PythonCompatibility
import ResoniteTestSupport
import Testing

@testable import ResoniteLauncher

/// The reference's Python, when its venv is here (`$RESOIO_REFERENCE_VENV`, the repository's
/// `.venv-ref`, /work/.venv-ref).
enum ReferencePython {
  static let path: String? = {
    var candidates: [String] = []
    if let venv = ProcessInfo.processInfo.environment["RESOIO_REFERENCE_VENV"], !venv.isEmpty {
      candidates.append(venv)
    }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    candidates += [repo + "/.venv-ref", "/work/.venv-ref"]
    return candidates.map { $0 + "/bin/python" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// Runs `script` and returns its stdout lines.
  static func run(_ script: String, arguments: [String] = []) async throws -> [String] {
    let directory = try TemporaryDirectory(prefix: "resoio-launcher")
    defer { directory.remove() }
    let outcome = try await ChildProcess.run(
      URL(fileURLWithPath: try #require(path)), ["-c", script] + arguments,
      environment: ProcessInfo.processInfo.environment, scratch: directory.path)
    #expect(outcome.status == 0, "\(outcome)")
    return outcome.stdoutLines
  }
}

@Suite("LaunchOptions")
struct LaunchOptionsTests {
  @Test("the defaults are -SkipIntroTutorial alone")
  func defaults() {
    #expect(LaunchOptions().arguments == ["-SkipIntroTutorial"])
  }

  @Test("every one of the 47 options set renders as the reference's to_args() renders it")
  func allOptions() async throws {
    var options = LaunchOptions()
    options.skipIntroTutorial = false
    options.forceIntroTutorial = true
    options.doNotAutoLoadHome = true
    options.screen = true
    options.device = .oculusQuest
    options.legacySteamVRInput = true
    options.forceSRAnipal = true
    options.forceBabble = true
    options.forceReticleAboveHorizon = true
    options.cubemapResolution = 16
    options.join = "v10 ü"
    options.open = "v11 ü"
    options.bootstrap = "v12 ü"
    options.scratchspace = 20
    options.announceHomeOnLAN = true
    options.cameraBiggestGroup = true
    options.cameraTimelapse = true
    options.cameraStayBehind = true
    options.cameraStayInFront = true
    options.useResoniteCamera = true
    options.dataPath = "v20 ü"
    options.cachePath = "v21 ü"
    options.logsPath = "v22 ü"
    options.repairDatabase = true
    options.generatePrecache = true
    options.exportDatabaseAll = "v25 ü"
    options.exportDatabaseMachine = "v26 ü"
    options.resetDash = true
    options.neverSaveSettings = true
    options.neverSaveDash = true
    options.kiosk = true
    options.noUI = true
    options.forceLANOnly = true
    options.invisible = true
    options.disablePlatformInterfaces = true
    options.forceNoVoice = true
    options.forceAprilFools = true
    options.loadAssembly = ["a.dll", "b c.dll"]
    options.verbose = true
    options.validateTypes = true
    options.watchdog = "v40 ü"
    options.engineConfig = "v41 ü"
    options.cloudProfile = .staging
    options.deleteUnsyncedCloudRecords = true
    options.forceSyncConflictingCloudRecords = true
    options.backgroundWorkers = 52
    options.priorityWorkers = 53
    let expected = [
      "-Forceintrotutorial", "-DoNotAutoLoadHome", "-Screen", "-Device", "OculusQuest", "-LegacySteamVRInput",
      "-ForceSRAnipal", "-ForceBabble", "-ForceReticleAboveHorizon", "-CubemapResolution", "16", "-Join", "v10 ü",
      "-Open", "v11 ü", "-Bootstrap", "v12 ü", "-Scratchspace", "20", "-AnnounceHomeOnLAN", "-CameraBiggestGroup",
      "-CameraTimelapse", "-CameraStayBehind", "-CameraStayInFront", "-UseResoniteCamera", "-DataPath", "v20 ü",
      "-CachePath", "v21 ü", "-LogsPath", "v22 ü", "-RepairDatabase", "-GeneratePrecache", "-ExportDatabaseAll",
      "v25 ü", "-ExportDatabaseMachine", "v26 ü", "-ResetDash", "-NeverSaveSettings", "-NeverSaveDash", "-Kiosk",
      "-NoUI", "-ForceLANOnly", "-Invisible", "-DisablePlatformInterfaces", "-ForceNoVoice", "-ForceAprilFools",
      "-LoadAssembly", "a.dll", "-LoadAssembly", "b c.dll", "-Verbose", "-ValidateTypes", "-Watchdog", "v40 ü",
      "-EngineConfig", "v41 ü", "-CloudProfile", "Staging", "-DeleteUnsyncedCloudRecords",
      "-ForceSyncConflictingCloudRecords", "-BackgroundWorkers", "52", "-PriorityWorkers", "53",
    ]
    #expect(options.arguments == expected)
    if ReferencePython.path != nil {
      // The same values through the reference's dataclass: each field flipped or set, in order.
      let reference = try await ReferencePython.run(
        """
        import json
        from dataclasses import fields
        from resoio.launcher import LaunchOptions, Device, CloudProfile
        values = {}
        for i, f in enumerate(fields(LaunchOptions)):
            t = str(f.type)
            if t == 'bool': values[f.name] = not f.default
            elif t.startswith('tuple'): values[f.name] = ('a.dll', 'b c.dll')
            elif t.startswith('int'): values[f.name] = 7 + i
            elif t.startswith('str'): values[f.name] = f'v{i} ü'
            elif t.startswith('Device'): values[f.name] = Device.OCULUS_QUEST
            else: values[f.name] = CloudProfile.STAGING
        print(len(values))
        print(json.dumps(LaunchOptions(**values).to_args(), ensure_ascii=False))
        print(json.dumps(LaunchOptions().to_args()))
        print(json.dumps(LaunchOptions(data_path='', skip_intro_tutorial=False).to_args()))
        """)
      #expect(reference.first == "47")
      let decoded = try JSONDecoder().decode([String].self, from: Data(reference[1].utf8))
      #expect(decoded == expected)
      #expect(reference[2] == #"["-SkipIntroTutorial"]"#)
      #expect(reference[3] == #"["-DataPath", ""]"#)
    }
    var empty = LaunchOptions()
    empty.skipIntroTutorial = false
    empty.dataPath = ""
    #expect(empty.arguments == ["-DataPath", ""], "an empty value is still a value")
  }
}

@Suite("Python path semantics")
struct PythonPathTests {
  static let samples = [
    "", ".", "/", "//", "///", "//x/y", "a/../b//c/.", "../..", "/..", "a/b/../../..", "/tmp/./x/", "x",
    "/usr/bin/../lib", "a//b", "./a", "/a/b/c/../../d",
  ]

  @Test("normpath, abspath, dirname, split, join and pathlib joins equal Python's")
  func againstPython() async throws {
    try #require(ReferencePython.path != nil, "needs the reference venv")
    let lines = try await ReferencePython.run(
      """
      import os.path, sys
      from pathlib import PurePosixPath
      for p in sys.argv[1:]:
          print(repr((os.path.normpath(p), os.path.abspath(p), os.path.dirname(p), os.path.split(p), os.path.join(p, 'n'), str(PurePosixPath(p) / 'n' / 'm'))))
      """, arguments: Self.samples)
    for (sample, line) in zip(Self.samples, lines) {
      let split = PythonPath.split(sample)
      let ours =
        "(\(PythonText.repr(PythonPath.normalize(sample))), \(PythonText.repr(PythonPath.absolute(sample))), "
        + "\(PythonText.repr(PythonPath.dirname(sample))), (\(PythonText.repr(split.head)), \(PythonText.repr(split.tail))), "
        + "\(PythonText.repr(PythonPath.join(sample, "n"))), \(PythonText.repr(PythonPath.pathlibJoin(sample, ["n", "m"]))))"
      #expect(ours == line, "\(sample)")
    }
  }

  @Test("realpath through symbolic links, loops and missing parts equals Python's")
  func realpath() async throws {
    try #require(ReferencePython.path != nil, "needs the reference venv")
    let root = NSTemporaryDirectory() + "realpath-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    let files = FileManager.default
    try files.createDirectory(atPath: root + "/real/sub", withIntermediateDirectories: true)
    try files.createSymbolicLink(atPath: root + "/link", withDestinationPath: "real/sub")
    try files.createSymbolicLink(atPath: root + "/abs", withDestinationPath: root + "/real")
    try files.createSymbolicLink(atPath: root + "/loop1", withDestinationPath: "loop2")
    try files.createSymbolicLink(atPath: root + "/loop2", withDestinationPath: "loop1")
    try files.createSymbolicLink(atPath: root + "/up", withDestinationPath: "real/sub/..")
    let samples = [
      "link", "link/..", "link/../x/y", "abs/sub/missing", "loop1/x", "up/sub", "missing/../link", "real//sub/.",
    ].map { root + "/" + $0 }
    let lines = try await ReferencePython.run(
      "import os.path, sys\nfor p in sys.argv[1:]: print(os.path.realpath(p))", arguments: samples)
    #expect(samples.map(PythonPath.realpath) == lines)
  }

  @Test("repr quotes and escapes like Python")
  func repr() async throws {
    let samples = [
      "plain", "it's", "say \"hi\"", "both ' and \"", "tab\tnew\nline\\", "ü 日本", "\u{7}\u{85}\u{200B}\u{10FFFF}",
    ]
    #expect(PythonText.repr("it's") == "\"it's\"")
    if ReferencePython.path != nil {
      let lines = try await ReferencePython.run("import sys\nfor p in sys.argv[1:]: print(repr(p))", arguments: samples)
      #expect(samples.map(PythonText.repr) == lines)
    }
  }
}

@Suite("ProcessTable", .ownThread)
struct ProcessTableTests {
  /// A fake /proc with one process per entry: `cmdline` and `environ` bytes.
  private func fakeProc(_ entries: [Int32: (cmdline: String, environ: String, state: String)]) throws -> String {
    let root = NSTemporaryDirectory() + "proc-\(UUID().uuidString)"
    for (pid, entry) in entries {
      let directory = root + "/\(pid)"
      try FileManager.default.createDirectory(atPath: directory + "/task/\(pid)", withIntermediateDirectories: true)
      try Data(entry.cmdline.utf8).write(to: URL(fileURLWithPath: directory + "/cmdline"))
      try Data(entry.environ.utf8).write(to: URL(fileURLWithPath: directory + "/environ"))
      let stat = "\(pid) (a (b) c) \(entry.state) 1 \(pid) \(pid) 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0"
      try Data(stat.utf8).write(to: URL(fileURLWithPath: directory + "/stat"))
    }
    try FileManager.default.createDirectory(atPath: root + "/self", withIntermediateDirectories: true)
    return root
  }

  @Test("cmdline splits as psutil splits it: NULs, a retitled process's spaces, a zombie's nothing")
  func commandLines() throws {
    let root = try fakeProc([
      10: ("/opt/R/dotnet-runtime/dotnet\0BepisLoader.dll\0", "", "S"),
      11: ("/opt/R/Renderer/Renderite.Renderer.exe --flag", "", "S"),
      12: ("/path with space/dotnet\0", "", "S"),
      13: ("", "", "Z"),
      14: ("", "", "S"),
      9: ("a\0\0b\0", "", "R"),
    ])
    defer { try? FileManager.default.removeItem(atPath: root) }
    let table = ProcessTable(root: root)
    #expect(table.pids() == [9, 10, 11, 12, 13, 14])
    #expect(table.commandLine(of: 10) == ["/opt/R/dotnet-runtime/dotnet", "BepisLoader.dll"])
    #expect(table.commandLine(of: 11) == ["/opt/R/Renderer/Renderite.Renderer.exe", "--flag"])
    #expect(table.commandLine(of: 12) == ["/path", "with", "space/dotnet"])
    #expect(table.commandLine(of: 13) == nil)
    #expect(table.commandLine(of: 14) == [])
    #expect(table.commandLine(of: 9) == ["a", "", "b"])
    #expect(table.commandLine(of: 99) == nil)
    #expect(table.status(of: 13)?.isZombie == true)
    #expect(table.status(of: 10) == ProcessTable.Status(state: "S", parentPID: 1, startTime: 12345))
    #expect(table.pids(withResolvedArgv0: "/opt/R/dotnet-runtime/dotnet") == [10])
  }

  @Test("a directory listing longer than glibc's 32 KiB readdir buffer: every name, once (no dirent over-read)")
  func longListings() throws {
    let directory = try TemporaryDirectory(prefix: "resoio-proc")
    defer { directory.remove() }
    // 24-byte records for 4-digit names: 3 000 of them fill the buffer twice over.
    let pids = Array(Int32(1000)..<4000)
    for pid in pids {
      try FileManager.default.createDirectory(atPath: "\(directory.path)/\(pid)", withIntermediateDirectories: false)
    }
    try FileManager.default.createDirectory(atPath: directory.path + "/self", withIntermediateDirectories: false)
    #expect(ProcessTable(root: directory.path).pids() == pids)
    #expect(ProcessTable.names(in: directory.path)?.count == pids.count + 1)
    #expect(ProcessTable.names(in: directory.path + "/missing") == nil)
    // This process's own descriptors, a thousand-odd of them open at once, as a parallel test
    // run can hold (the listing that crashed Foundation's Process).
    let opened = (0..<1400).map { _ in open("/dev/null", O_RDONLY | O_CLOEXEC) }
    defer { opened.forEach { close($0) } }
    let listed = Set((ProcessTable.names(in: "/proc/self/fd") ?? []).compactMap { Int32($0) })
    #expect(opened.allSatisfy { $0 >= 0 && listed.contains($0) })
    let descriptors = try #require(ProcessTable().fileDescriptors(of: getpid()))
    #expect(Set(opened).isSubset(of: descriptors) && descriptors == descriptors.sorted())
  }

  @Test("a process's threads and descriptors: this process's, none for a process that does not exist")
  func threadsAndDescriptors() throws {
    let table = ProcessTable()
    let threads = try #require(table.threadIDs(of: getpid()))
    #expect(threads.contains(getpid()), "the main thread's ID is the PID: \(threads)")
    #expect(threads == threads.sorted())
    var ends: [Int32] = [-1, -1]
    try #require(pipe(&ends) == 0)
    defer { ends.forEach { close($0) } }
    let after = try #require(table.fileDescriptors(of: getpid()))
    #expect(ends.allSatisfy(after.contains), "a pipe just opened: \(ends) in \(after)")
    // PIDs are below pid_max (at most 2^22), so this one is never a process.
    #expect(table.threadIDs(of: Int32.max) == nil && table.fileDescriptors(of: Int32.max) == nil)
  }

  @Test("environ parses as psutil parses it: up to an empty entry, names not empty, the last value wins")
  func environments() throws {
    let root = try fakeProc([
      20: ("x\0", "A=1\0=skipped\0noequals\0B=x=y\0A=2\0\0C=after\0", "S"),
      21: ("x\0", "A=1\0B=unterminated", "S"),
    ])
    defer { try? FileManager.default.removeItem(atPath: root) }
    let table = ProcessTable(root: root)
    #expect(table.environment(of: 20) == ["A": "2", "B": "x=y"])
    #expect(table.environment(of: 21) == ["A": "1"])
  }
}
