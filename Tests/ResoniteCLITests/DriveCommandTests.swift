import Foundation
import ResoniteGRPC
import ResoniteTestServer
import Synchronization
import ResoniteTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("resoio drive")
struct DriveCommandTests {
  typealias Command = LocomotionModel.Command

  /// The full command the reference sends (every control present).
  static func full(
    forward: Float = 0, right: Float = 0, up: Float = 0, yaw: Float = 0, pitch: Float = 0, jump: Bool = false,
    velocity: Float = 1, crouch: Float = 0
  ) -> Command {
    var command = Command()
    command.moveForward = forward
    command.moveRight = right
    command.moveUp = up
    command.yawRate = yaw
    command.pitchRate = pitch
    command.jump = jump
    command.velocity = velocity
    command.crouch = crouch
    return command
  }

  /// `commands` without their send stamps.
  /// Runs `body` with `resoio drive --no-wait` on a terminal against a fresh server, once the
  /// terminal is in cbreak mode and the first status line is out; closed afterwards.
  /// `ignoring` names signals it starts with ignored (as `nohup` starts it).
  static func withDriveOnTerminal(
    ignoring: [String] = [], _ body: (TestServer, TerminalChild) async throws -> Void
  ) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let terminal = try scratch.resoioOnTerminal("drive", "--no-wait", "-s", server.socketPath, ignoring: ignoring)
      defer { terminal.close() }
      #expect(try await terminal.inCbreakMode(), "\(terminal.stderr)")
      #expect(try await terminal.waitFor { _, err in err.contains("\rmove=") }, "\(terminal.stderr)")
      try await body(server, terminal)
    }
  }

  static func unstamped(_ commands: [Command]) -> [Command] {
    commands.map {
      var command = $0
      command.unixNanos = 0
      return command
    }
  }

  static var summary: Regex<(Substring, Substring)> { #/received_count=(\d+) dropped_count=0 unix_nanos=\d{19}/# }

  @Test("keys piped ahead: they shape the first command, q ends it; reset, then half-close and the summary")
  func pipedKeys() async throws {
    try await withScratch { scratch in
      let log = scratch.path + "/senses.log"
      let server = try scratch.startServer { $0.sensesLog = log }
      let outcome = try await scratch.resoio(arguments: ["drive", "-s", server.socketPath], stdin: "wdq-ignored")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stdoutLines.count == 1
          && outcome.stdout.wholeMatch(of: #/received_count=1 dropped_count=0 unix_nanos=\d{19}\n/#) != nil,
        "\(outcome)")
      #expect(
        outcome.stderr.hasPrefix("resoio drive — interactive controls\n  w / s : forward / back toggle"), "\(outcome)")
      #expect(outcome.stderr.contains("settings: look_rate=90.0 deg/s, sprint=2.0\n"), "\(outcome)")
      #expect(
        outcome.stderr.hasSuffix("\rmove=(fwd+1.0,right+1.0,up+0.0) look=(+0.0,+0.0) velocity=1.00 crouch=off\n"),
        "\(outcome)")
      let drives = server.mod.locomotion.drives
      try #require(drives.count == 2, "the readiness probe, then the drive: \(drives)")
      #expect(drives[0].commands.map(\.presentFields) == [[]], "the probe sends no control")
      #expect(Self.unstamped(drives[1].commands) == [Self.full(forward: 1, right: 1)])
      #expect(drives.allSatisfy { $0.end == .halfClosed })
      #expect(server.mod.locomotion.resets.count == 1)
      let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
      #expect(lines.suffix(2).first?.hasPrefix("{\"kind\":\"reset\"") == true, "reset before the half-close: \(lines)")
    }
  }

  @Test("--sprint, --look-rate and the arrows; Python number forms and option prefixes; end of input quits")
  func sprintAndLookRate() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        arguments: ["drive", "--no-wait", "--spr", " 1_5e-1 ", "--look=4_5", "-s", server.socketPath],
        stdin: "t\u{1B}[C\u{1B}[A\u{1B}Oc ")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout.firstMatch(of: Self.summary)?.output.1 == "1", "\(outcome)")
      #expect(outcome.stderr.contains("t : sprint toggle (velocity 1.0 <-> 1.5)\n"), "\(outcome)")
      #expect(outcome.stderr.contains("settings: look_rate=45.0 deg/s, sprint=1.5\n"), "\(outcome)")
      let drives = server.mod.locomotion.drives
      try #require(drives.count == 1, "--no-wait: no probe")
      // ESC O is no arrow: the O is dropped with the ESC, the c after it still crouches.
      #expect(
        Self.unstamped(drives[0].commands) == [Self.full(yaw: 45, pitch: 45, jump: true, velocity: 1.5, crouch: 1)])
    }
  }

  @Test(
    "usage errors exit 2",
    arguments: [["--sprint", "abc"], ["--look-rate"], ["extra"], ["--look-rate", "0x10"], ["--no-wait=1"]])
  func usageErrors(arguments: [String]) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio(
        arguments: ["drive"] + arguments + ["-s", scratch.path + "/none.sock"], stdin: "")
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stdout.isEmpty)
    }
  }

  @Test("the readiness loop retries FAILED_PRECONDITION every 2 s; Ctrl-C ends it (130)")
  func readinessRetries() async throws {
    try await withScratch { scratch in
      let drives = Mutex(0)
      let server = try scratch.startServer {
        $0.failures["/resonite_io.v1.Locomotion/Drive"] = CallFailure(
          code: .failedPrecondition, message: "no local user yet")
        $0.onRequest = { request in if request.path.hasSuffix("/Drive") { drives.withLock { $0 += 1 } } }
      }
      let outcome = try await scratch.resoio(
        "drive", "-s", server.socketPath,
        interruptWhen: {
          // Cancelled when the child ends first: Task.sleep then returns at once, so stop.
          while drives.withLock({ $0 }) < 2 && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
        })
      #expect(outcome.status == 130, "\(outcome)")
      #expect(outcome.stdout.isEmpty, "\(outcome)")
      #expect(drives.withLock { $0 } >= 2)
    }
  }

  @Test("exit 1: a readiness error other than FAILED_PRECONDITION, a failing Drive with --no-wait, a mid-drive error")
  func failures() async throws {
    try await withScratch { scratch in
      let unavailable = try scratch.startServer(named: "a.sock") {
        $0.failures["/resonite_io.v1.Locomotion/Drive"] = CallFailure(code: .unavailable, message: "bridge gone")
      }
      let probe = try await scratch.resoio(arguments: ["drive", "-s", unavailable.socketPath], stdin: "q")
      #expect(probe.status == 1, "\(probe)")
      #expect(probe.stdout.isEmpty)
      #expect(probe.stderrLines.contains("resoio drive: locomotion bridge error: UNAVAILABLE: bridge gone"), "\(probe)")

      let notReady = try scratch.startServer(named: "b.sock") {
        $0.failures["/resonite_io.v1.Locomotion/Drive"] = CallFailure(code: .failedPrecondition, message: "not yet")
      }
      let noWait = try await scratch.resoio(arguments: ["drive", "--no-wait", "-s", notReady.socketPath], stdin: "wq")
      #expect(noWait.status == 1, "\(noWait)")
      #expect(noWait.stdout.isEmpty)
      #expect(noWait.stderrLines.contains("resoio drive: drive failed: FAILED_PRECONDITION: not yet"), "\(noWait)")

      let faulting = try scratch.startServer(named: "c.sock") {
        $0.streaming.endAfterRequestMessages = .init(
          messages: 1, status: Status(code: .internalError, message: "bridge faulted"))
      }
      let midDrive = try await scratch.resoio(arguments: ["drive", "--no-wait", "-s", faulting.socketPath], stdin: "w")
      #expect(midDrive.status == 1, "\(midDrive)")
      #expect(midDrive.stdout.isEmpty, "no summary: \(midDrive)")
      #expect(midDrive.stderrLines.contains("resoio drive: drive failed: INTERNAL: bridge faulted"), "\(midDrive)")
    }
  }

  @Test("stdin closed: exit 1 'stdin has no fd', with and without --no-wait")
  func stdinClosed() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let executable = try BuiltProducts.executable("resoio").path
      for extra in ["", " --no-wait"] {
        let outcome = try await ChildProcess.run(
          URL(fileURLWithPath: "/bin/sh"),
          ["-c", "exec \"$0\" drive\(extra) -s \"$1\" <&-", executable, server.socketPath],
          environment: ChildProcess.environment(home: scratch.home, [:]), scratch: scratch.path)
        #expect(outcome.status == 1, "\(extra): \(outcome)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasSuffix("resoio drive: stdin has no fd\n"), "\(outcome)")
      }
      #expect(server.mod.locomotion.drives.count == 1, "the readiness probe only (without --no-wait)")
    }
  }

  @Test("on a terminal: cbreak while it runs, one send per key, reset before q, the terminal restored")
  func terminalKeys() async throws {
    try await Self.withDriveOnTerminal { server, terminal in
      let keys = ["w", "\u{1B}[D", "t", "s", " ", "c", "\u{1B}[B", "x", "z", "r"]
      let expected: [Command] = [
        Self.full(), Self.full(forward: 1), Self.full(forward: 1, yaw: -90),
        Self.full(forward: 1, yaw: -90, velocity: 2), Self.full(yaw: -90, velocity: 2),
        Self.full(yaw: -90, jump: true, velocity: 2), Self.full(yaw: -90, velocity: 2, crouch: 1),
        Self.full(yaw: -90, pitch: -90, velocity: 2, crouch: 1), Self.full(), Self.full(up: 1),
      ]
      func sent() -> Int { server.mod.locomotion.drives.first?.commands.count ?? 0 }
      var count = 1
      for key in keys {
        terminal.type(key)
        // z changes nothing: nothing is sent for it.
        if key != "z" { count += 1 }
        let deadline = ContinuousClock.now + .seconds(20)
        while sent() < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!terminal.echoes && !terminal.canonical)
      }
      try await Task.sleep(for: .milliseconds(200))
      terminal.type("q")
      let outcome = try await terminal.wait()
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout.firstMatch(of: Self.summary)?.output.1 == "10", "\(outcome)")
      #expect(terminal.echoes && terminal.canonical, "the terminal is restored")
      let drive = try #require(server.mod.locomotion.drives.first)
      #expect(Self.unstamped(drive.commands) == expected)
      #expect(drive.end == .halfClosed)
      #expect(server.mod.locomotion.resets.count == 1)
      #expect(
        outcome.stderr.contains("\rmove=(fwd+0.0,right+0.0,up+1.0) look=(+0.0,+0.0) velocity=1.00 crouch=off\n"),
        "\(outcome)")
    }
  }

  @Test("on a terminal: Ctrl-C exits 130, cancels the stream (the mod resets), restores the terminal")
  func terminalInterrupt() async throws {
    try await Self.withDriveOnTerminal { server, terminal in
      terminal.type("w")
      _ = try await terminal.waitFor { _, err in err.contains("fwd+1.0") }
      terminal.type("\u{03}")
      let outcome = try await terminal.wait()
      #expect(outcome.status == 130, "\(outcome)")
      #expect(outcome.stdout.isEmpty, "no summary after Ctrl-C: \(outcome)")
      #expect(terminal.echoes && terminal.canonical, "the terminal is restored after Ctrl-C")
      let deadline = ContinuousClock.now + .seconds(10)
      while server.mod.locomotion.drives.first?.end == nil, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
      }
      #expect(server.mod.locomotion.drives.first?.end == .cancelled)
      #expect(server.mod.locomotion.resets.isEmpty)
    }
  }

  @Test("on a terminal: SIGTERM restores the terminal, then ends the process by the signal")
  func terminalTerminate() async throws {
    try await Self.withDriveOnTerminal { _, terminal in
      terminal.child.kill(SIGTERM)
      let outcome = try await terminal.wait()
      #expect(outcome.status == SIGTERM, "killed by the signal: \(outcome)")
      #expect(terminal.echoes && terminal.canonical, "the terminal is restored after SIGTERM")
    }
  }

  @Test("on a terminal: a SIGHUP ignored at the start (nohup) stays ignored while the terminal is in cbreak mode")
  func ignoredHangup() async throws {
    try await Self.withDriveOnTerminal(ignoring: ["HUP"]) { server, terminal in
      terminal.child.kill(SIGHUP)
      try await Task.sleep(for: .milliseconds(300))
      #expect(terminal.child.exitCode == nil, "still driving after SIGHUP: \(terminal.stderr)")
      #expect(!terminal.echoes && !terminal.canonical, "still in cbreak mode")
      terminal.type("q")
      let outcome = try await terminal.wait()
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout.firstMatch(of: Self.summary) != nil, "\(outcome)")
      #expect(terminal.echoes && terminal.canonical, "the terminal is restored")
    }
  }
}
