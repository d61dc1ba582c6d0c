import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

let echoServerStream = MethodDescriptor(service: "resonite_io.test.Echo", method: "ServerStream")
let echoClientStream = MethodDescriptor(service: "resonite_io.test.Echo", method: "ClientStream")
let echoBidiStream = MethodDescriptor(service: "resonite_io.test.Echo", method: "BidiStream")
let cameraStreamFrames = MethodDescriptor(service: "resonite_io.v1.Camera", method: "StreamFrames")

/// The FNV-1a 64 hash of `messages` in order, as `Echo/ClientStream` reports it.
func fnvHash(_ messages: [[UInt8]]) -> UInt64 {
  var hash = EchoStreams.fnvOffsetBasis
  for message in messages { EchoStreams.fnv1a(message, into: &hash) }
  return hash
}

/// Checks the pixels of a decoded camera frame against ``CameraFrames/pixel(x:y:frameID:)``
/// at a few places (corners, middle, a stride of rows).
func checkCameraPixels(
  _ message: [UInt8], _ frame: CameraFrames.Frame, sourceLocation: SourceLocation = #_sourceLocation
) {
  let width = Int(frame.width)
  let height = Int(frame.height)
  #expect(frame.pixels.count == width * height * 4, sourceLocation: sourceLocation)
  guard frame.pixels.count == width * height * 4, width > 0, height > 0 else { return }
  let base = frame.pixels.lowerBound
  var points = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1), (width / 2, height / 2)]
  for y in stride(from: 0, to: height, by: max(height / 7, 1)) { points.append(((y * 31) % width, y)) }
  for (x, y) in points {
    let offset = base + (y * width + x) * 4
    let expected = CameraFrames.pixel(x: x, y: y, frameID: frame.frameID)
    let actual = (message[offset], message[offset + 1], message[offset + 2], message[offset + 3])
    #expect(actual == expected, "pixel (\(x), \(y)) of frame \(frame.frameID)", sourceLocation: sourceLocation)
  }
}

/// The wall clock in Unix nanoseconds.
func unixNanosNow() -> Int64 {
  var now = timespec()
  clock_gettime(CLOCK_REALTIME, &now)
  return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}

/// Streams `count` `Echo/ServerStream` messages of `size` bytes over `channel` and returns how
/// many arrived byte for byte as the test server's pattern has them.
func streamEchoMessages(on channel: GRPCChannel, count: Int, size: Int) async throws -> Int {
  try await channel.serverStreamingRaw(
    echoServerStream, request: EchoStreams.serverStreamRequest(count: count, size: size)
  ) { response in
    var matched = 0
    var index = 0
    for try await message in response.messages {
      if message == EchoStreams.message(index: index, size: size) { matched += 1 }
      index += 1
    }
    return matched
  }
}
