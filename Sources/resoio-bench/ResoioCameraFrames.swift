// `resoio-bench camera-frames`: the `stream-frames` measurement (StreamFramesHarness.swift, the
// same meter and RESULT line) through the public Camera API: `ResoniteClient` +
// `mod.camera.frames`, each frame a `CameraFrame` decoded by the library.
//
// The API sends the reference client's all-default request (the server's size; the mod ignores
// the request's size anyway), so --width/--height do not apply here.
import ResoniteIO

func cameraFrames(_ options: StreamFramesOptions) async throws {
  let mod = ResoniteClient(socketPath: options.camera.socket)
  let settings = options.settings(defaultName: "resoio-camera-api")
  var checksum: UInt64 = 0
  do {
    try await mod.connect()
    checksum = try await mod.camera.frames { stream in
      var meter = StreamMeter(settings)
      var sum: UInt64 = 0
      for try await frame in stream {
        // Touch the pixels in place: one byte per row (the first of each row), so that the view
        // is real memory of the received buffer. stream-frames only checks the pixel count;
        // this costs the Camera API `height` reads per frame on top.
        let count = frame.withUnsafePixels { pixels in
          let stride = frame.bytesPerRow
          var offset = 0
          while offset < pixels.count {
            sum &+= UInt64(pixels[offset])
            offset += stride
          }
          return pixels.count
        }
        var header = CameraFrameHeader()
        header.width = frame.width
        header.height = frame.height
        header.format = CameraWire.rgba8  // the decoder rejects any other format
        header.unixNanos = frame.unixNanos
        header.frameID = frame.frameID
        header.pixelsCount = count
        // Leaving the body ends the call (RST_STREAM(CANCEL)).
        if try await !meter.take(header) { return sum }
      }
      throw BenchFailure(description: "the stream ended before the measurement did")
    }
  } catch {
    await mod.close()
    throw error
  }
  await mod.close()
  writeStandardError("camera-frames: pixel checksum \(checksum)\n")
}
