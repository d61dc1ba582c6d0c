import Foundation
import ResoniteGRPC
import ResoniteHTTP2
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// The last ended streaming call to `path`, once the server has seen its end.
func endedStreamingCall(_ server: TestServer, path: String) async -> RecordedStreamingCall? {
  _ = await server.waitUntil(timeout: eventuallyBound) { $0.streamingCalls(path: path).last?.ended == true }
  return server.observations.streamingCalls(path: path).last
}

/// Whether every pixel of `frame` is the stand-in scene's for `shifts`.
func framePixelsMatch(_ frame: CameraFrame, shifts: (x: Int, y: Int) = (0, 0)) -> Bool {
  for y in 0..<frame.height {
    for x in 0..<frame.width {
      let expected = CameraFrames.pixel(x: x, y: y, frameID: frame.frameID, shifts: shifts)
      let p = frame.pixel(x: x, y: y)
      if (p.r, p.g, p.b, p.a) != expected { return false }
    }
  }
  return true
}

struct DeliberateError: Error {}

/// Whether the server received RST_STREAM(CANCEL) for the last streaming call to `path`.
func serverSawCancel(_ server: TestServer, path: String) async -> Bool {
  await server.waitUntil(timeout: eventuallyBound) { observations in
    guard let call = observations.streamingCalls(path: path).last else { return false }
    return observations.resets.contains {
      $0.connectionID == call.connectionID && $0.streamID == call.streamID && $0.errorCode == .cancel
    }
  }
}
