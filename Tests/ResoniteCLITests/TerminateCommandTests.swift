import Foundation
import ResoniteLauncher
import ResoniteTestSupport
import Testing

/// `resoio terminate` against stand-in engine and renderer processes (``FakeResonite``).
@Suite("resoio terminate")
struct TerminateCommandTests {
  @Test("explicit PIDs: SIGTERM to the engine; the renderer ignores it and gets SIGKILL after --timeout")
  func stagedKill() async throws {
    try await withFakeResonite { fake in
      let engine = try fake.startStandIn(.engine)
      let renderer = try fake.startStandIn(.renderer, ignoresTERM: true)
      let outcome = try await fake.resoio(["terminate", String(engine.pid), String(renderer.pid), "--timeout", "0.5"])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["resonite_pid=\(engine.pid)", "renderer_pid=\(renderer.pid)"], "\(outcome)")
      #expect(outcome.stderr == "")
      #expect(await engine.endingSignal() == SIGTERM)
      #expect(await renderer.endingSignal() == SIGKILL)
      #expect(outcome.elapsed >= .milliseconds(500), "the renderer had its grace period: \(outcome.elapsed)")
    }
  }

  @Test("--timeout 0: what SIGTERM did not end gets SIGKILL; -s is accepted")
  func zeroGrace() async throws {
    try await withFakeResonite { fake in
      let engine = try fake.startStandIn(.engine, ignoresTERM: true)
      let renderer = try fake.startStandIn(.renderer, ignoresTERM: true)
      let outcome = try await fake.resoio([
        "terminate", "-s", "/x.sock", "--timeout", "0", String(engine.pid), String(renderer.pid),
      ])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(await engine.endingSignal() == SIGKILL)
      #expect(await renderer.endingSignal() == SIGKILL)
    }
  }

  @Test("no PIDs: the single instance of RESONITE_EXE's install; others' installs are left alone")
  func detectsSingleInstance() async throws {
    try await withFakeResonite { fake in
      let engine = try fake.startStandIn(.engine)
      let renderer = try fake.startStandIn(.renderer)
      let foreign = try fake.startStandIn(.engine, argv0: fake.scratch.path + "/Other/dotnet-runtime/dotnet")
      let outcome = try await fake.resoio(["terminate"])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["resonite_pid=\(engine.pid)", "renderer_pid=\(renderer.pid)"], "\(outcome)")
      #expect(FakeResonite.isRunning(foreign.pid), "another install's engine is not this instance")

      let again = try await fake.resoio(["terminate"])
      #expect(again.status == 0, "\(again)")
      #expect(again.stdoutLines == ["resonite not running"], "idempotent: \(again)")
    }
  }

  @Test("nothing running, or PIDs that are gone (0 included): `resonite not running`, exit 0")
  func notRunning() async throws {
    try await withFakeResonite { fake in
      for arguments in [["terminate"], ["terminate", "0", "0"], ["terminate", "2147483646", "99999999999"]] {
        let outcome = try await fake.resoio(arguments)
        #expect(outcome.status == 0, "\(arguments): \(outcome)")
        #expect(outcome.stdoutLines == ["resonite not running"], "\(outcome)")
      }
    }
  }

  @Test("only the renderer still running: only its line")
  func onlyRenderer() async throws {
    try await withFakeResonite { fake in
      let renderer = try fake.startStandIn(.renderer)
      let outcome = try await fake.resoio(["terminate", "2147483646", String(renderer.pid)])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["renderer_pid=\(renderer.pid)"], "\(outcome)")
    }
  }

  @Test("one PID alone exits 2 and signals nothing")
  func onePID() async throws {
    try await withFakeResonite { fake in
      let engine = try fake.startStandIn(.engine)
      let outcome = try await fake.resoio(["terminate", String(engine.pid)])
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(
        outcome.stderrLines == [
          "resoio terminate: pass both resonite_pid and renderer_pid, or neither (neither auto-detects the running instance)."
        ], "\(outcome)")
      #expect(FakeResonite.isRunning(engine.pid))
    }
  }

  @Test("more than one instance without PIDs exits 1 listing them, and signals nothing")
  func severalInstances() async throws {
    try await withFakeResonite { fake in
      let first = try fake.startStandIn(.engine)
      let second = try fake.startStandIn(.engine)
      let renderer = try fake.startStandIn(.renderer)
      let outcome = try await fake.resoio(["terminate"])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      let engines = [first.pid, second.pid].sorted().map(String.init).joined(separator: ", ")
      #expect(
        outcome.stderrLines == [
          "resoio terminate: multiple Resonite instances detected (engine=[\(engines)] renderer=[\(renderer.pid)]); "
            + "pass explicit PIDs to choose which to stop."
        ], "\(outcome)")
      #expect(
        FakeResonite.isRunning(first.pid) && FakeResonite.isRunning(second.pid) && FakeResonite.isRunning(renderer.pid))
    }
  }

  @Test("a PID that is not the engine (or not the renderer) is refused, exit 1, not signalled")
  func refusesOtherProcesses() async throws {
    try await withFakeResonite { fake in
      let otherArgv0 = fake.scratch.path + "/not-resonite"
      let other = try fake.startStandIn(.other, argv0: otherArgv0)
      let renderer = try fake.startStandIn(.renderer)
      let engine = try fake.startStandIn(.engine)
      let outcome = try await fake.resoio(["terminate", String(other.pid), String(renderer.pid)])
      #expect(outcome.status == 1, "\(outcome)")
      #expect(
        outcome.stderrLines == [
          "resoio terminate: pid \(other.pid) is not a Resonite engine process (argv0='\(otherArgv0)'); refusing to kill it."
        ], "\(outcome)")
      #expect(FakeResonite.isRunning(other.pid) && FakeResonite.isRunning(renderer.pid))

      let swapped = try await fake.resoio(["terminate", String(renderer.pid), String(engine.pid)])
      #expect(swapped.status == 1, "\(swapped)")
      #expect(
        swapped.stderrLines == [
          "resoio terminate: pid \(renderer.pid) is not a Resonite engine process (argv0='\(fake.rendererArgv0)'); "
            + "refusing to kill it."
        ], "\(swapped)")
      #expect(FakeResonite.isRunning(renderer.pid) && FakeResonite.isRunning(engine.pid))
    }
  }

  @Test(
    "a negative PID exits 1 (as the reference's psutil error); a negative --timeout or a bad PID is a usage error (2)")
  func badValues() async throws {
    try await withFakeResonite { fake in
      let negative = try await fake.resoio(["terminate", "--", "-3", "-4"])
      #expect(negative.status == 1, "\(negative)")
      #expect(negative.stderrLines == ["resoio terminate: pid must be a positive integer (got -3)"], "\(negative)")
      for arguments in [
        ["terminate", "--timeout", "-1"], ["terminate", "--timeout", "nan"], ["terminate", "x", "y"],
      ] {
        let outcome = try await fake.resoio(arguments)
        #expect(outcome.status == 2, "\(arguments): \(outcome)")
        #expect(outcome.stdout == "")
      }
    }
  }

  @Test("--help exits 0 and names the differences from the reference")
  func help() async throws {
    try await withFakeResonite { fake in
      let outcome = try await fake.resoio(["terminate", "--help"])
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout.contains("--timeout") && outcome.stdout.contains("Unlike the reference"))
    }
  }

  @Test(
    "the reference prints the same lines and exits the same",
    .enabled(if: ReferenceCLI.available, "needs the reference venv (scripts/reference/setup.sh)"))
  func sameAsReference() async throws {
    // Each scenario: stand-ins to start, then the arguments (E and R stand for their PIDs).
    let scenarios: [(standIns: [FakeResonite.Role], arguments: [String])] = [
      ([.engine, .renderer], ["terminate", "E", "R", "--timeout", "0.2"]),
      ([.engine, .renderer], ["terminate"]),
      ([], ["terminate"]),
      ([.renderer], ["terminate"]),
      ([.engine, .engine], ["terminate"]),
      ([.engine, .renderer], ["terminate", "R", "E"]),
      ([.engine], ["terminate", "E"]),
      ([], ["terminate", "0", "0"]),
    ]
    for scenario in scenarios {
      var outputs: [String] = []
      for reference in [false, true] {
        let output = try await withFakeResonite { fake in
          var names: [Int32: String] = [:]
          var pids: [String: Int32] = [:]
          for (index, role) in scenario.standIns.enumerated() {
            let standIn = try fake.startStandIn(role)
            let name = (role == .engine ? "E" : "R") + (pids[role == .engine ? "E" : "R"] == nil ? "" : String(index))
            pids[name] = standIn.pid
            names[standIn.pid] = name
          }
          let arguments = scenario.arguments.map { pids[$0].map(String.init) ?? $0 }
          let outcome = reference ? try await fake.reference(arguments) : try await fake.resoio(arguments)
          var text = "exit \(outcome.status)\n" + outcome.stdout
          for (pid, name) in names { text = text.replacing(try! Regex("\\b\(pid)\\b"), with: name) }
          return text
        }
        outputs.append(output)
      }
      #expect(outputs[0] == outputs[1], "\(scenario.arguments)")
    }
  }
}
