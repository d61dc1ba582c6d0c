import ArgumentParser
import ResoniteGRPC
import ResoniteIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `resoio drive`: drive the avatar from the keyboard over one `Locomotion.Drive` stream, as the
/// reference's `cli/drive.py` does: the keys toggle held controls (``DriveState``), each chunk
/// of input that changes them sends the full state once (the mod repeats the last command every
/// tick, so nothing is sent while nothing changes), and q or the end of input resets the
/// controls (`Locomotion.Reset`) before the stream is half-closed and its summary printed.
struct Drive: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drive",
    abstract: "Interactive WASD drive over the Resonite IO UDS (Locomotion.Drive).",
    discussion: """
      Keys (no Enter needed on a terminal):
        w / s    forward / back toggle      a / d   strafe left / right toggle
        r / f    up / down (fly or noclip only)
        arrows   LEFT/RIGHT yaw, UP/DOWN pitch toggles, at --look-rate deg/s
        Space    jump (one pulse)           t       sprint (velocity --sprint)
        c        crouch toggle              x / 0   stop every axis
        q        quit: reset the controls, then print the summary
      Pressing the opposite key of a held axis stops it; press again to reverse.

      The keymap and a live status line go to stderr; stdout gets one line at \
      the end: received_count=N dropped_count=N unix_nanos=N. On a terminal, \
      stdin is in cbreak mode (no echo, no line buffering) while it runs and is \
      restored however it ends (q, end of input, an error, Ctrl-C, SIGTERM, \
      SIGHUP). A pipe or a file is read as keys: `printf wd | resoio drive` \
      walks forward-right, then the end of input quits.

      Unless --no-wait, it first waits for the locomotion bridge (a Drive \
      answered FAILED_PRECONDITION is retried every 2 s for up to 120 s).

      Exit codes: 0 after q or the end of input; 1 when the bridge is not \
      ready in time, on a gRPC error, without a summary, or when stdin is \
      closed; 130 on Ctrl-C, which cancels the stream, so the mod puts the \
      avatar's controls back to neutral (the reference half-closes it on \
      Ctrl-C: the avatar keeps walking).


      """ + socketResolutionHelp)

  @Option(
    parsing: .unconditional,
    help: "LocomotionCommand.velocity to send while sprint is toggled on (default: 2.0).",
    transform: PythonNumber.float)
  var sprint: Double = 2.0

  @Option(
    name: .customLong("look-rate"), parsing: .unconditional,
    help: "Yaw / pitch angular speed in deg/s while a look axis is held (default: 90.0).",
    transform: PythonNumber.float)
  var lookRate: Double = 90.0

  @Flag(
    name: .customLong("no-wait"),
    help: "Skip the bridge-ready retry loop (default: retry FAILED_PRECONDITION for up to 120 s).")
  var noWait = false

  @OptionGroup var socketOptions: SocketOptions

  /// How long and how often the readiness loop retries, as the reference's.
  static let readyTimeout: Duration = .seconds(120)
  static let readyRetryInterval: Duration = .seconds(2)
  /// Stdin is read in chunks of up to 64 bytes, as the reference reads it.
  static let chunkSize = 64

  func run() async throws {
    Console.error(DriveHelp.text(sprint: sprint, lookRate: lookRate))
    // The reference checks stdin after the readiness loop, and before it connects with --no-wait.
    if noWait { try StandardInput.requireDescriptor(command: "drive") }
    let summary = try await ServiceCall.run(socketOptions, command: "drive") { client in
      if !noWait {
        try await Self.waitForBridge(client)
        try StandardInput.requireDescriptor(command: "drive")
      }
      return try await drive(client)
    }
    Console.out(
      "received_count=\(summary.receivedCount) dropped_count=\(summary.droppedCount) unix_nanos=\(summary.unixNanos)")
  }

  /// Retries a one-command Drive (no control present) while it answers FAILED_PRECONDITION, as
  /// the reference's `_wait_for_bridge_ready`.
  static func waitForBridge(_ client: ResoniteClient) async throws {
    let deadline = ContinuousClock.now + readyTimeout
    while true {
      do {
        try await client.locomotion.drive(options: ServiceCall.options()) { try await $0.send() }
        return
      } catch let rpc as RPCError where rpc.code == .failedPrecondition {
        if Task.isCancelled { throw CancellationError() }
        if ContinuousClock.now > deadline {
          throw CommandFailure(lines: [
            "resoio drive: the locomotion bridge did not become ready in 120 s; last error: \(FailureReport.describe(rpc))"
          ])
        }
        try await Task.sleep(for: readyRetryInterval)
      } catch let rpc as RPCError {
        if Task.isCancelled { throw CancellationError() }
        throw CommandFailure(lines: ["resoio drive: locomotion bridge error: \(FailureReport.describe(rpc))"])
      }
    }
  }

  /// The keyboard loop on one Drive stream; returns the stream's summary.
  private func drive(_ client: ResoniteClient) async throws -> LocomotionDriveSummary {
    let terminal = TerminalMode(fd: STDIN_FILENO, mode: .cbreak)
    defer {
      // Ends the status line, however the drive ended.
      Console.error("")
      terminal?.restore()
    }
    var state = DriveState()
    var parser = DriveKeyParser()
    let sprint = sprint
    let lookRate = lookRate

    /// Applies one chunk of input: the keys up to a q; whether it changed the state, or quit.
    func apply(_ bytes: [UInt8]) -> (changed: Bool, quit: Bool) {
      var changed = false
      for byte in bytes {
        guard let key = parser.feed(byte) else { continue }
        switch state.apply(key, lookRate: lookRate) {
        case .quit: return (changed, true)
        case .changed: changed = true
        case .ignored: break
        }
      }
      return (changed, false)
    }

    do {
      return try await client.locomotion.drive { driver in
        func send() async throws {
          try await driver.send(state.command(sprint: sprint))
          state.jumpPending = false
          Console.errorText("\r" + state.status(sprint: sprint))
        }
        // The reference reads stdin while it connects: keys already waiting (a pipe written
        // ahead) shape its first command, and a q or the end of input among them ends the
        // drive after that command. With --no-wait its connect (and version check) lasts long
        // enough for everything already in the pipe, the end of input included; after the
        // readiness loop it is quicker, and only the first chunk is read before the first
        // command (the rest, and the end of input, after it).
        let input = StandardInput.shared
        var stop = false
        var pending = false
        var chunksBeforeFirst = noWait ? Int.max : 1
        reading: while !stop, chunksBeforeFirst > 0 {
          chunksBeforeFirst -= 1
          switch try input.readAvailable(upTo: Self.chunkSize) {
          case .bytes(let bytes):
            let chunk = apply(bytes)
            pending = pending || chunk.changed
            stop = chunk.quit
          case .end: stop = true
          case .nothing: break reading
          }
        }
        try await send()
        if pending, !stop { try await send() }
        if !stop {
          for try await bytes in input.chunks(of: Self.chunkSize) {
            let chunk = apply(bytes)
            if chunk.quit { break }
            if chunk.changed { try await send() }
          }
        }
        // q or the end of input: back to neutral before the stream is half-closed (which
        // would otherwise keep the last command). A failed reset does not end the drive.
        do {
          try await client.locomotion.reset(options: ServiceCall.options())
        } catch let rpc as RPCError where !Task.isCancelled {
          Console.error("")
          Console.error("resoio drive: locomotion reset failed: \(FailureReport.describe(rpc))")
        }
      }
    } catch let rpc as RPCError where !Task.isCancelled {
      throw CommandFailure(lines: ["resoio drive: drive failed: \(FailureReport.describe(rpc))"])
    }
  }
}
