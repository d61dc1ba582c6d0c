// CameraShot: take one frame from the engine's camera and save it as a PPM (or PAM, with alpha).
//
//   swift run CameraShot --demo --out frame.ppm
import ArgumentParser
import Foundation
import ExampleSupport
import ResoniteCommandLine
import ResoniteIO
import ResoniteTestServer

@main
struct CameraShot: AsyncParsableCommand {
  static func main() async { await mainExitingTwoOnUsageErrors() }

  static let configuration = CommandConfiguration(
    abstract: "Save one camera frame from a Resonite IO mod as a PPM (RGB) or PAM (RGBA) image.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case ppm, pam
  }

  @Option(help: "Where to write the image.")
  var out = "frame.ppm"

  @Option(help: "ppm: binary P6, RGB (alpha dropped, as the reference CLI does); pam: P7 RGB_ALPHA, all four bytes.")
  var format: Format = .ppm

  @Option(help: "Frames to skip before the one saved (0: the first frame, as shot() does).")
  var skip = 0

  @OptionGroup var target: ModOptions

  func validate() throws {
    if skip < 0 { throw ValidationError("--skip must not be negative") }
  }

  func run() async throws {
    try await target.withReadyMod(
      example: "CameraShot",
      demo: { configuration in
        configuration.cameraWidth = 320
        configuration.cameraHeight = 180
      }
    ) { ready in
      try await run(on: ready)
    }
  }

  func run(on ready: ReadyMod) async throws {
    let path = ready.socketPath
    let frame = try await ResoniteClient.withConnection(socketPath: path) { mod in
      let options = CallOptions(timeout: .seconds(target.wait))
      if skip == 0 { return try await mod.camera.shot(options: options) }
      return try await mod.camera.frames(options: options) { frames in
        var seen = 0
        for try await frame in frames {
          if seen == skip { return frame }
          seen += 1
        }
        throw ValidationError("the stream ended after \(seen) frames")
      }
    }
    let data = Self.encode(frame, format)
    try data.write(to: URL(fileURLWithPath: out))
    print("Frame:  \(frame.frameID), \(frame.width)x\(frame.height), captured at \(frame.unixNanos) ns")
    print("Saved:  \(out) (\(format.rawValue.uppercased()), \(data.count) bytes)")
  }

  /// The frame as a binary PPM (P6, RGB) or PAM (P7, RGB_ALPHA); rows top to bottom, as the
  /// frame's are.
  static func encode(_ frame: CameraFrame, _ format: Format) -> Data {
    var data = Data()
    switch format {
    case .ppm:
      data.append(contentsOf: Array("P6\n\(frame.width) \(frame.height)\n255\n".utf8))
      data.reserveCapacity(data.count + frame.width * frame.height * 3)
      frame.withUnsafePixels { pixels in
        var rgb = [UInt8](repeating: 0, count: frame.width * frame.height * 3)
        for i in 0..<(frame.width * frame.height) {
          rgb[3 * i] = pixels[4 * i]
          rgb[3 * i + 1] = pixels[4 * i + 1]
          rgb[3 * i + 2] = pixels[4 * i + 2]
        }
        data.append(contentsOf: rgb)
      }
    case .pam:
      data.append(
        contentsOf: Array(
          "P7\nWIDTH \(frame.width)\nHEIGHT \(frame.height)\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n".utf8))
      frame.withUnsafePixels { data.append(contentsOf: $0) }
    }
    return data
  }
}
