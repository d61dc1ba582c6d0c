import Foundation
import ResoniteLauncher
import ResoniteTestSupport
import Testing

/// `resoio terminate-all` against stand-ins: pairing by RESONITE_IO_CAMERA_QUEUE, by the process
/// tree, lone renderers and engines, both formats, and the reference's output for the same.
@Suite("resoio terminate-all")
struct TerminateAllCommandTests {
  /// The processes of one scene, by name.
  struct Scene {
    var pids: [String: Int32] = [:]
    var standIns: [String: StandIn] = [:]

    /// `text` with each PID replaced by its name (longest PIDs first, so none is cut).
    func named(_ text: String) -> String {
      var text = text
      for (name, pid) in pids.sorted(by: { String($0.value).count > String($1.value).count }) {
        text = text.replacing(try! Regex("\\b\(pid)\\b"), with: name)
      }
      return text
    }
  }

  /// Instances A and B (engine and renderer apart, paired only by their queue), C (a renderer
  /// under its engine, no queue), an engine D alone, a renderer X alone, and F, an engine of
  /// another install. Started so that PID order alone would pair them wrongly.
  static func startScene(_ fake: FakeResonite, rendererIgnoresTERM: Bool = false) throws -> Scene {
    var scene = Scene()
    func add(_ name: String, _ standIn: StandIn) {
      scene.pids[name] = standIn.pid
      scene.standIns[name] = standIn
    }
    let queueA = ["RESONITE_IO_CAMERA_QUEUE": "resonite-io-camera-aaaa"]
    let queueB = ["RESONITE_IO_CAMERA_QUEUE": "resonite-io-camera-bbbb"]
    add("eA", try fake.startStandIn(.engine, environment: queueA))
    add("eB", try fake.startStandIn(.engine, environment: queueB))
    add("rB", try fake.startStandIn(.renderer, environment: queueB))
    add("rA", try fake.startStandIn(.renderer, environment: queueA, ignoresTERM: rendererIgnoresTERM))
    let engineC = try fake.startStandIn(.engine, childArgv0: fake.rendererArgv0)
    add("eC", engineC)
    let rendererC = try #require(fake.child(of: engineC))
    scene.pids["rC"] = rendererC
    add("eD", try fake.startStandIn(.engine))
    add("rX", try fake.startStandIn(.renderer))
    add("eF", try fake.startStandIn(.engine, argv0: fake.scratch.path + "/Other/dotnet-runtime/dotnet"))
    return scene
  }

  /// What terminate-all prints for ``startScene(_:rendererIgnoresTERM:)``: engines in PID order
  /// with their partners, then the lone renderer.
  static func expectedLines(_ scene: Scene) -> [String] {
    let partners = ["eA": "rA", "eB": "rB", "eC": "rC", "eD": "0"]
    let engines = partners.keys.sorted { scene.pids[$0]! < scene.pids[$1]! }
    return engines.map { "resonite_pid=\($0) renderer_pid=\(partners[$0]!)" } + [
      "resonite_pid=0 renderer_pid=rX", "terminated 5 instance(s)",
    ]
  }

  @Test("pairs by the camera queue, else the process tree; lone renderers and engines; other installs untouched")
  func pairs() async throws {
    try await withFakeResonite { fake in
      let scene = try Self.startScene(fake, rendererIgnoresTERM: true)
      let outcome = try await fake.resoio(["terminate-all", "--timeout", "0.3"])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        scene.named(outcome.stdout).split(separator: "\n").map(String.init) == Self.expectedLines(scene), "\(outcome)")
      #expect(outcome.stderr == "")
      for name in ["eA", "eB", "rB", "eC", "eD", "rX"] {
        #expect(await scene.standIns[name]?.endingSignal() ?? SIGTERM == SIGTERM, "\(name)")
      }
      #expect(await scene.standIns["rA"]!.endingSignal() == SIGKILL, "rA ignores SIGTERM")
      #expect(await FakeResonite.waitUntilGone(scene.pids["rC"]!))
      #expect(FakeResonite.isRunning(scene.pids["eF"]!), "another install's engine")

      let again = try await fake.resoio(["terminate-all"])
      #expect(again.stdoutLines == ["no running Resonite instances found"], "\(again)")
    }
  }

  @Test("--format json: the list of pairs, [] when nothing runs")
  func json() async throws {
    try await withFakeResonite { fake in
      let engine = try fake.startStandIn(.engine, environment: ["RESONITE_IO_CAMERA_QUEUE": "q"])
      let renderer = try fake.startStandIn(.renderer, environment: ["RESONITE_IO_CAMERA_QUEUE": "q"])
      let outcome = try await fake.resoio(["terminate-all", "--format", "json"])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stdout
          == "[\n  {\n    \"resonite_pid\": \(engine.pid),\n    \"renderer_pid\": \(renderer.pid)\n  }\n]\n")
      let empty = try await fake.resoio(["terminate-all", "--format", "json", "-s", "/ignored"])
      #expect(empty.status == 0, "\(empty)")
      #expect(empty.stdout == "[]\n", "\(empty)")
    }
  }

  @Test("a negative --timeout, a bad --format or an extra argument is a usage error (2); --help")
  func usageErrors() async throws {
    try await withFakeResonite { fake in
      for arguments in [
        ["terminate-all", "--timeout", "-0.5"], ["terminate-all", "--format", "xml"], ["terminate-all", "extra"],
      ] {
        let outcome = try await fake.resoio(arguments)
        #expect(outcome.status == 2, "\(arguments): \(outcome)")
        #expect(outcome.stdout == "")
      }
      let help = try await fake.resoio(["terminate-all", "--help"])
      #expect(help.status == 0 && help.stdout.contains("RESONITE_IO_CAMERA_QUEUE"), "\(help)")
    }
  }

  @Test(
    "the reference prints the same pairs in the same order, in both formats",
    .enabled(if: ReferenceCLI.available, "needs the reference venv (scripts/reference/setup.sh)"),
    arguments: [["terminate-all", "--timeout", "0.3"], ["terminate-all", "--format", "json"], ["terminate-all"]])
  func sameAsReference(arguments: [String]) async throws {
    var outputs: [String] = []
    for reference in [false, true] {
      let output = try await withFakeResonite { fake in
        let scene = arguments.count == 1 ? Scene() : try Self.startScene(fake)
        let outcome = reference ? try await fake.reference(arguments) : try await fake.resoio(arguments)
        return "exit \(outcome.status)\n" + scene.named(outcome.stdout)
      }
      outputs.append(output)
    }
    #expect(outputs[0] == outputs[1])
  }
}
