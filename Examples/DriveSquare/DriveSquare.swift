// DriveSquare: walk the avatar around a square: forward, turn right 90°, four times.
//
//   swift run DriveSquare --demo
import ArgumentParser
import Foundation
import ExampleSupport
import ResoniteCommandLine
import ResoniteIO
import ResoniteTestServer

@main
struct DriveSquare: AsyncParsableCommand {
  static func main() async { await mainExitingTwoOnUsageErrors() }

  static let configuration = CommandConfiguration(
    abstract: "Drive a Resonite IO mod's avatar around a square: walk, turn right 90°, four times, then stop.")

  @Option(help: "Seconds of walking per side.")
  var side: Double = 1

  @Option(help: "Turn rate in degrees per second (each corner takes 90 / rate seconds).")
  var turnRate: Double = 180

  @Option(help: "Speed multiplier (1 walks, 2 sprints).")
  var velocity: Float = 1

  @OptionGroup var target: ModOptions

  func validate() throws {
    if !(side > 0) { throw ValidationError("--side must be above 0") }
    if !(turnRate > 0) { throw ValidationError("--turn-rate must be above 0") }
  }

  func run() async throws {
    try await target.withReadyMod(example: "DriveSquare") { ready in
      try await run(on: ready)
    }
  }

  func run(on ready: ReadyMod) async throws {
    let path = ready.socketPath
    let (side, turnRate, velocity) = (self.side, Float(self.turnRate), self.velocity)
    let summary = try await ResoniteClient.withConnection(socketPath: path) { mod in
      // The scoped stream: an error or Ctrl-C resets it, and the mod stops the avatar.
      let summary = try await mod.locomotion.drive { driver in
        try await driver.send(velocity: velocity)
        for corner in 1...4 {
          try await driver.send(moveForward: 1)
          try await Task.sleep(for: .seconds(side))
          try await driver.send(moveForward: 0, yawRate: turnRate)
          try await Task.sleep(for: .seconds(90 / Double(turnRate)))
          try await driver.send(yawRate: 0)
          print("Side \(corner): walked \(side) s, turned right 90°")
        }
      }
      // The half-close keeps the last command (all still); reset anyway, as a robot should.
      try await mod.locomotion.reset()
      return summary
    }
    print("Summary: \(summary.receivedCount) commands received")
    if let demoServer = ready.demoServer {
      let pose = demoServer.mod.locomotion.pose
      print(String(format: "Stand-in avatar: at (%.2f, %.2f) m, yaw %.1f°", pose.x, pose.z, pose.yaw))
    }
  }
}
