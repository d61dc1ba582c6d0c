import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// A server that answers, then closes its socket: what it sent before closing must reach the
/// caller whole, even when one of the client's writes after it fails (EPIPE).
@Suite("A server that answers and closes")
struct ServerClosesAfterAnswerTests {
  @Test(
    "GOAWAY after one stream, then close: an 8 MiB answer arrives whole though the client's WINDOW_UPDATE meets a closed socket"
  )
  func largeAnswerBeforeClose() async throws {
    // The test server answers the one stream, sends GOAWAY and closes once nghttp2 has nothing
    // left to send. The client gives window back as it reads the 8 MiB, so it writes
    // WINDOW_UPDATEs while most of the answer still waits in its receive buffer, and one of
    // them can meet the closed socket. Before the client read the socket to its end after a
    // failed write, such a call failed UNAVAILABLE ("send: Broken pipe") 2-4 times in 5.
    let size = 8 << 20
    let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    for round in 0..<5 {
      try await withServer({ $0.goAwayAfterStreams = 1 }) { server, channel in
        do {
          let reply = try await channel.unaryRaw(echo, request: payload)
          #expect(reply.message == payload, "round \(round)")
        } catch {
          Issue.record("round \(round): \(error)")
        }
        // The closed connection is replaced: the next call works.
        let next = try await channel.unaryRaw(echo, request: [7])
        #expect(next.message == [7])
        #expect(server.connectionsAccepted == 2)
      }
    }
  }
}
