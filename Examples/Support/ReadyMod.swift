// Picking the mod an example talks to: the running one, or the bundled test server for a demo,
// and waiting until it answers. This is the part every example shares; what each example does
// with the mod stays in the example.
import ArgumentParser
import Foundation
import ResoniteIO
public import ResoniteTestServer

/// A mod that answered Ping: the running one, or the bundled test server started for a demo.
public struct ReadyMod: Sendable {
  /// The socket the mod answered on.
  public let socketPath: String
  /// The test server started for `--demo`, or nil when the example talks to a running mod.
  public let demoServer: TestServer?
  /// Whether this is a demo run against the bundled test server.
  public var isDemo: Bool { demoServer != nil }
}

extension ModOptions {
  /// Finds the mod (starting the bundled test server for `--demo`, or for `--demo-if-absent`
  /// when no mod runs), waits until it answers, runs `body`, and stops the demo server after.
  ///
  /// When the mod does not become ready within `--wait` seconds it prints why and how to try
  /// the demo on stderr, and exits 1.
  ///
  /// - Parameters:
  ///   - example: The example's executable name, for the advice `swift run <example> --demo`.
  ///   - configure: Changes to the demo server's configuration (its window size, its account).
  ///   - body: What the example does with the ready mod.
  public func withReadyMod<Result>(
    example: String,
    demo configure: (inout TestServer.Configuration) -> Void = { _ in },
    _ body: (ReadyMod) async throws -> Result
  ) async throws -> Result {
    let server = try startDemoIfAsked(example: example, configure)
    defer { server?.stop() }
    let path: String
    do {
      path = try await waitForReady(socketPath: server?.socketPath ?? socket, timeout: .seconds(wait))
    } catch {
      printToStderr("Resonite IO is not ready: \(error)")
      printToStderr("Is Resonite running with the Resonite IO mod? To try without it: swift run \(example) --demo")
      throw ExitCode.failure
    }
    return try await body(ReadyMod(socketPath: path, demoServer: server))
  }

  /// The bundled test server on a temporary socket, when this run is a demo; else nil.
  func startDemoIfAsked(
    example: String, _ configure: (inout TestServer.Configuration) -> Void
  ) throws -> TestServer? {
    guard try demo || (demoIfAbsent && runningModSocket() == nil) else { return nil }
    if !demo { print("No Resonite IO socket found, so this runs the demo.") }
    let name = "resoio-\(example.lowercased())-\(getpid()).sock"
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
    var configuration = TestServer.Configuration(socketPath: path)
    configure(&configuration)
    let server = try TestServer.start(configuration)
    print("No Resonite needed: started the bundled test server at \(path)")
    return server
  }

  /// The socket of a running mod, or nil when there is none.
  func runningModSocket() throws -> String? {
    if let socket { return FileManager.default.fileExists(atPath: socket) ? socket : nil }
    do {
      return try resolveSocketPath()
    } catch is SocketNotFoundError {
      return nil
    }
  }
}

/// Writes one line to standard error.
public func printToStderr(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
