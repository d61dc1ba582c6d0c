import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// The README's "The services" example, as written there (with the socket given), so that an
/// API change that breaks it breaks this build.
@Suite("README: the services example")
struct ReadmeServicesExampleTests {
  @Test("display, a camera shot and a scoped drive over one connection")
  func servicesExample() async throws {
    try await withServer { server, _ in
      try await ResoniteClient.withConnection(socketPath: server.socketPath) { mod in
        try await mod.display.apply(width: 1280, height: 720)
        let frame = try await mod.camera.shot()  // one frame, then the stream is cancelled
        try await mod.locomotion.drive { driver in  // half-closes at the end: the avatar keeps going
          try await driver.send(yawRate: 45)
        }
        print(frame.width, frame.height, frame.pixels.count)
        #expect(frame.width == 1280 && frame.height == 720)
        #expect(frame.pixels.count == 1280 * 720 * 4)
      }
      #expect(server.mod.locomotion.drives.count == 1)
    }
  }
}
