import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Locomotion over real sockets")
struct LocomotionTests {
  @Test(
    "drive: only the given controls are present on the wire; the half-close keeps the state and returns the summary")
  func presenceAndHalfClose() async throws {
    try await withMod { mod, server in
      let summary = try await mod.locomotion.drive { driver in
        try await driver.send(yawRate: 30)
        try await driver.send(moveForward: 1, jump: true)
        try await driver.send()
        try await driver.send(
          LocomotionCommand(moveRight: -0.5, moveUp: 0.25, pitchRate: -10, velocity: 2, crouch: 0.5))
      }
      #expect(summary.receivedCount == 4 && summary.droppedCount == 0)
      let drive = try #require(server.mod.locomotion.drives.last)
      #expect(drive.end == .halfClosed)
      #expect(
        drive.commands.map(\.presentFields) == [
          ["yaw_rate"], ["move_forward", "jump"], [], ["move_right", "move_up", "pitch_rate", "velocity", "crouch"],
        ])
      #expect(drive.commands[0].yawRate == 30 && drive.commands[3].velocity == 2 && drive.commands[3].moveUp == 0.25)
      #expect(drive.commands.allSatisfy { $0.unixNanos > 1_700_000_000_000_000_000 })
      #expect(server.observations.streamingCalls(path: TestServer.Path.locomotionDrive).last?.requestEnd == .halfClosed)
      let controls = server.mod.locomotion.controls
      #expect(
        controls.yawRate == 30 && controls.moveForward == 1 && controls.moveRight == -0.5 && controls.velocity == 2)
      #expect(controls.crouch == 0.5, "the avatar keeps doing the last command")
    }
  }

  @Test("drive: an error thrown from the body resets the stream (RST_STREAM) and the mod resets the controls")
  func errorCancels() async throws {
    try await withMod { mod, server in
      await #expect(throws: DeliberateError.self) {
        try await mod.locomotion.drive { driver in
          try await driver.send(moveForward: 1, yawRate: 45)
          #expect(await eventually { server.mod.locomotion.controls.yawRate == 45 })
          throw DeliberateError()
        }
      }
      #expect(await serverSawCancel(server, path: TestServer.Path.locomotionDrive))
      #expect(await eventually { server.mod.locomotion.drives.last?.end == .cancelled })
      #expect(server.mod.locomotion.controls == LocomotionModel.Controls())
    }
  }

  @Test("drive: cancelling the task resets the stream; driver.cancel() throws CANCELLED")
  func taskCancellation() async throws {
    try await withMod { mod, server in
      let task = Task {
        try await mod.locomotion.drive { driver in
          try await driver.send(yawRate: 10)
          try await Task.sleep(for: .seconds(60))
        }
      }
      #expect(await eventually { server.mod.locomotion.controls.yawRate == 10 })
      task.cancel()
      _ = await task.result
      #expect(await eventually { server.mod.locomotion.drives.last?.end == .cancelled })
      #expect(server.mod.locomotion.controls.yawRate == 0)

      let error = await expectRPCError {
        try await mod.locomotion.drive { driver in
          try await driver.send(crouch: 1)
          driver.cancel()
        }
      }
      #expect(error?.code == .cancelled)
      #expect(
        await eventually {
          server.mod.locomotion.drives.count == 2 && server.mod.locomotion.drives[1].end == .cancelled
        })
    }
  }

  @Test(
    "send(): one long-lived Drive stream opened on the first send; finishDrive half-closes with the summary; cancelDrive resets"
  )
  func longLived() async throws {
    try await withMod { mod, server in
      #expect(try await mod.locomotion.finishDrive() == nil)
      try await mod.locomotion.send(yawRate: 10)
      try await mod.locomotion.send(crouch: 0.5)
      try await mod.locomotion.send(jump: true)
      // A send returns once its command is queued for the socket; the server sees it a moment later.
      #expect(await eventually { server.mod.locomotion.drives.count == 1 && server.mod.locomotion.commands.count == 3 })
      let summary = try #require(try await mod.locomotion.finishDrive())
      #expect(summary.receivedCount == 3)
      #expect(await mod.locomotion.driveSummary == summary)
      #expect(server.mod.locomotion.drives[0].end == .halfClosed)
      #expect(server.mod.locomotion.drives[0].commands.map(\.presentFields) == [["yaw_rate"], ["crouch"], ["jump"]])
      #expect(server.mod.locomotion.controls.yawRate == 10)

      try await mod.locomotion.send(moveForward: 1)
      #expect(await eventually { server.mod.locomotion.drives.count == 2 })
      await mod.locomotion.cancelDrive()
      #expect(await eventually { server.mod.locomotion.drives[1].end == .cancelled })
      #expect(server.mod.locomotion.controls == LocomotionModel.Controls())
    }
  }

  @Test("close() finishes the long-lived stream gracefully (the avatar keeps the last command)")
  func closeFinishes() async throws {
    try await withServer { server, _ in
      let client = ResoniteClient(socketPath: server.socketPath, probeTimeout: .zero)
      try await client.connect()
      try await client.locomotion.send(moveForward: 0.5)
      await client.close()
      #expect(await eventually { server.mod.locomotion.drives.first?.end == .halfClosed })
      #expect(server.mod.locomotion.controls.moveForward == 0.5)
      #expect(await client.locomotion.driveSummary?.receivedCount == 1)
    }
  }

  @Test("close() with a mod that never answers the half-close: the Drive is cancelled after the grace period")
  func closeDoesNotHang() async throws {
    // A wedged mod: its Drive takes the commands and the half-close, and never answers.
    try await withServer({ $0.streamingHandlers["/resonite_io.v1.Locomotion/Drive"] = { NeverAnswers() } }) {
      server, _ in
      var configuration = ChannelConfiguration()
      configuration.closeGracePeriod = .milliseconds(300)
      let client = ResoniteClient(socketPath: server.socketPath, configuration: configuration, probeTimeout: .zero)
      try await client.connect()
      try await client.locomotion.send(moveForward: 0.5)
      try await client.locomotion.send(moveForward: 1)
      let closed = await withTaskGroup(of: Bool.self) { group in
        group.addTask {
          await client.close()
          return true
        }
        group.addTask {
          try? await Task.sleep(for: noHangBound)
          return false
        }
        defer { group.cancelAll() }
        return await group.next() ?? false
      }
      #expect(closed, "close() returned")
      #expect(await serverSawCancel(server, path: "/resonite_io.v1.Locomotion/Drive"))
      #expect(await client.locomotion.driveSummary == nil)
    }
  }

  @Test("a send after the mod ended the stream throws its status; the next send opens a new stream")
  func sendAfterFailure() async throws {
    try await withMod({
      $0.streaming.endAfterRequestMessages = .init(
        messages: 1, status: Status(code: .internalError, message: "Locomotion stream faulted: boom"))
    }) { mod, server in
      try await mod.locomotion.send(yawRate: 5)
      #expect(await eventually { server.mod.locomotion.drives.first?.end == .failed(.internalError) })
      let error = await expectRPCError {
        for _ in 0..<100 {
          try await mod.locomotion.send(yawRate: 6)
          try await Task.sleep(for: .milliseconds(5))
        }
      }
      #expect(error?.code == .internalError)
      try await mod.locomotion.send(yawRate: 7)
      #expect(await eventually { server.mod.locomotion.drives.count == 2 })
    }
  }

  @Test("reset(): all false expands to all true; a partial reset echoes itself and resets only that")
  func resetExpansion() async throws {
    try await withMod { mod, server in
      try await mod.locomotion.drive { driver in
        try await driver.send(moveForward: 1, yawRate: 20, velocity: 2, crouch: 0.7)
      }
      let look = try await mod.locomotion.reset(look: true)
      #expect((look.move, look.look, look.crouch, look.jump) == (false, true, false, false))
      var controls = server.mod.locomotion.controls
      #expect(controls.yawRate == 0 && controls.moveForward == 1 && controls.velocity == 2 && controls.crouch == 0.7)
      let all = try await mod.locomotion.reset()
      #expect((all.move, all.look, all.crouch, all.jump) == (true, true, true, true))
      #expect(all.unixNanos > 1_700_000_000_000_000_000)
      controls = server.mod.locomotion.controls
      #expect(controls == LocomotionModel.Controls())
      let records = server.mod.locomotion.resets
      #expect(records.count == 2)
      #expect(records[1].expanded == [true, true, true, true])
      #expect(!records[1].move && !records[1].look && !records[1].crouch && !records[1].jump)
    }
  }

  @Test("Reset does not end an open Drive")
  func resetDuringDrive() async throws {
    try await withMod { mod, server in
      let summary = try await mod.locomotion.drive { driver in
        try await driver.send(yawRate: 20)
        try await mod.locomotion.reset()
        try await driver.send(yawRate: 30)
      }
      #expect(summary.receivedCount == 2)
      #expect(server.mod.locomotion.controls.yawRate == 30)
    }
  }

  @Test("integration: rates in degrees per second, velocity, the jump pulse, pitch clamped to ±89° (stepped ticks)")
  func integration() async throws {
    try await withMod { mod, server in
      server.mod.locomotion.isPaused = true
      try await mod.locomotion.drive { driver in
        try await driver.send(moveForward: 1, yawRate: 60, pitchRate: 1000, jump: true, velocity: 2)
      }
      server.mod.locomotion.advance(ticks: 60)  // 1 s
      let pose = server.mod.locomotion.pose
      #expect(abs(pose.yaw - 60) < 1e-9, "\(pose)")
      #expect(pose.pitch == 89)
      #expect(pose.jumps == 1)
      // 1 s at 2 × 1.5 m/s along a heading turning from 0° to 60°: an arc of length 3 m.
      let distance = (pose.x * pose.x + pose.z * pose.z).squareRoot()
      #expect(distance > 2.5 && distance < 3.0, "\(pose)")
      #expect(pose.x > 0 && pose.z > 0, "turning right from +z heads towards +x")
      #expect(pose.y == 0, "move_up is ignored while walking")
      try await mod.locomotion.drive { driver in
        try await driver.send(jump: false)
      }
      server.mod.locomotion.advance(ticks: 1)
      #expect(server.mod.locomotion.pose.jumps == 1, "a jump is one pulse")
    }
  }
}

/// A streaming handler that never sends a response nor a status.
private final class NeverAnswers: StreamingHandler {}
