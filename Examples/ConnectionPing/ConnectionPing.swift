// ConnectionPing: the smallest useful Resonite IO client.
//
// It waits until the mod answers, pings it once, and prints what came back. With --demo it
// first starts the bundled test server (an nghttp2 stand-in for the mod), so it runs anywhere:
//
//   swift run ConnectionPing --demo
import ArgumentParser
import Foundation
import ResoniteCommandLine
import ResoniteIO
import ResoniteTestServer

@main
struct ConnectionPing: AsyncParsableCommand {
  /// Usage errors exit 2, as every executable of this package does.
  static func main() async { await mainExitingTwoOnUsageErrors() }

  static let configuration = CommandConfiguration(
    abstract: "Ping a Resonite IO mod once and show the echo, the server's clock and the round trip.",
    discussion: """
      Without -s/--socket the socket is found the way the mod binds it: RESONITE_IO_SOCKET, \
      else resonite-<pid>.sock in RESONITE_IO_SOCKET_DIR or ~/.resonite-io/ (stale ones skipped).
      """)

  @Option(help: "The text to send; a healthy server echoes it.")
  var message = "hello from ConnectionPing"

  @Option(name: .shortAndLong, help: "The socket path; resolved from the environment when not given.")
  var socket: String?

  @Option(help: "Seconds to wait for the server to become ready.")
  var wait: Double = 5

  @Flag(help: "Start the bundled test server on a temporary socket and ping that: no Resonite needed.")
  var demo = false

  @Flag(help: "Ping the running mod if there is one; otherwise behave like --demo.")
  var demoIfAbsent = false

  func run() async throws {
    // 1. Pick the server: the running mod, or the bundled test server.
    var target = socket
    var demoServer: TestServer?
    let runDemo = try demo || (demoIfAbsent && runningModSocket() == nil)
    if runDemo {
      if !demo { print("No Resonite IO socket found, so this runs the demo.") }
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("resoio-demo-\(getpid()).sock").path
      demoServer = try TestServer.start(TestServer.Configuration(socketPath: path))
      target = path
      print("No Resonite needed: started the bundled test server at \(path)")
    }
    defer { demoServer?.stop() }

    // 2. Wait until it answers Ping (a booting engine answers FAILED_PRECONDITION for a while).
    let path: String
    do {
      path = try await waitForReady(socketPath: target, timeout: .seconds(wait))
    } catch {
      printToStderr("Resonite IO is not ready: \(error)")
      printToStderr("Is Resonite running with the Resonite IO mod? To try without it: swift run ConnectionPing --demo")
      throw ExitCode.failure
    }

    // 3. Connect, ping once, and time the round trip. withConnection always closes.
    let (reply, roundTrip) = try await ConnectionClient.withConnection(socketPath: path) { client in
      let clock = ContinuousClock()
      let start = clock.now
      let reply = try await client.ping(message, timeout: .seconds(5))
      return (reply, start.duration(to: clock.now))
    }

    // 4. Show it. The nanoseconds are an exact Int64; serverTime is the same instant as a Date.
    let iso8601 = reply.serverTime.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    print("Socket:      \(path)")
    print("Echoed:      \(reply.message)")
    print("Server time: \(reply.serverUnixNanos) ns since the Unix epoch (\(iso8601))")
    print("Round trip:  \(roundTrip.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 3))))")
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

func printToStderr(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
