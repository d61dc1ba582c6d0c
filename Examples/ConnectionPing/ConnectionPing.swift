// ConnectionPing: the smallest useful Resonite IO client.
//
// It waits until the mod answers, pings it once, and prints what came back. With --demo it
// first starts the bundled test server (an nghttp2 stand-in for the mod), so it runs anywhere:
//
//   swift run ConnectionPing --demo
import ArgumentParser
import Foundation
import ExampleSupport
import ResoniteCommandLine
import ResoniteIO

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

  @OptionGroup var mod: ModOptions

  func run() async throws {
    // 1. Pick the server (the running mod, or the bundled test server for --demo) and wait
    //    until it answers Ping: a booting engine answers FAILED_PRECONDITION for a while.
    try await mod.withReadyMod(example: "ConnectionPing") { ready in
      try await ping(ready.socketPath)
    }
  }

  func ping(_ path: String) async throws {
    // 2. Connect, ping once, and time the round trip. withConnection always closes.
    let (reply, roundTrip) = try await ConnectionClient.withConnection(socketPath: path) { client in
      let clock = ContinuousClock()
      let start = clock.now
      let reply = try await client.ping(message, timeout: .seconds(5))
      return (reply, start.duration(to: clock.now))
    }

    // 3. Show it. The nanoseconds are an exact Int64; serverTime is the same instant as a Date.
    let iso8601 = reply.serverTime.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    print("Socket:      \(path)")
    print("Echoed:      \(reply.message)")
    print("Server time: \(reply.serverUnixNanos) ns since the Unix epoch (\(iso8601))")
    print("Round trip:  \(roundTrip.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 3))))")
  }
}
