import ResoniteIO
import SwiftProtobuf
import ResoniteTestSupport
import Testing

/// The committed generated messages encode and decode the wire contract exactly.
@Suite("Generated messages")
struct GeneratedMessagesTests {
  @Test("PingResponse round-trips server_unix_nanos above 2^53 exactly")
  func pingResponseRoundTrip() throws {
    var response = ResoniteIo_V1_PingResponse()
    response.message = "héllo %"
    response.serverUnixNanos = 1_700_000_000_123_456_789
    let bytes = try response.serializedBytes() as [UInt8]
    let decoded = try ResoniteIo_V1_PingResponse(serializedBytes: bytes)
    #expect(decoded == response)
    #expect(decoded.serverUnixNanos == 1_700_000_000_123_456_789)
    #expect(decoded.message == "héllo %")
  }

  @Test("ServerInfo round-trips every field")
  func serverInfoRoundTrip() throws {
    var info = ResoniteIo_V1_ServerInfo()
    info.modVersion = "0.7.0"
    info.engineVersion = "2025.1.1"
    info.platform = .linux
    info.isWine = true
    info.resonitePid = 1234
    info.rendererPid = 5678
    let bytes = try info.serializedBytes() as [UInt8]
    #expect(try ResoniteIo_V1_ServerInfo(serializedBytes: bytes) == info)
    #expect(ResoniteIo_V1_ServerPlatform.other.rawValue == 5)
  }
}
