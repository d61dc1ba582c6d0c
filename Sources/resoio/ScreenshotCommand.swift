import ArgumentParser
import Foundation
import PythonCompatibility
import ResoniteIO
import ResonitePNG

/// `resoio screenshot [-o OUTPUT]`: one Camera frame as a PNG (Camera.StreamFrames, first frame).
struct Screenshot: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "screenshot",
    abstract: "Save a single Camera frame as a PNG to a file or stdout.",
    discussion: """
      Captures one frame from the Camera stream and writes it as a lossless
      8-bit RGB PNG (encoded with libpng). The alpha channel is dropped, as the
      reference drops it (whose help wrongly says RGBA): the engine's
      framebuffer alpha is often below 255, which viewers would composite into
      a washed-out image. With no -o the image is saved in the current
      directory as screenshot_YYYYMMDD_HHMMSS.png (local time); -o - writes the
      PNG bytes to stdout; otherwise -o must end in .png (any case; else exit
      2, before connecting). After a file save its absolute path is printed;
      -o - prints nothing else. A closed stdout (`| head -c N`) is a clean exit
      0. Connecting and the capture each give up after 10 seconds; a failure
      is one or two lines on stderr naming the gRPC status and the mod's
      message (exit 1), as is a file that cannot be written.


      """ + socketResolutionHelp)

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Output target; \"-\" emits PNG bytes to stdout, a path ending in .png writes that file. Omitted: screenshot_YYYYMMDD_HHMMSS.png in the current directory.",
      valueName: "output"))
  var output: String?

  @OptionGroup var socketOptions: SocketOptions

  func run() async throws {
    if let output, output != "-", !output.lowercased().hasSuffix(".png") {
      throw CommandFailure(
        lines: [
          "resoio screenshot: unsupported output extension: \(PythonText.repr(output)). "
            + "Use '-' (stdout) or a path ending in '.png'."
        ], exitCode: 2)
    }
    // A reader that goes away (`| head -c 100`) makes writes fail with EPIPE instead of
    // killing the process, which then exits 0 as the reference does.
    signal(SIGPIPE, SIG_IGN)
    let frame = try await ServiceCall.run(socketOptions, command: "screenshot") { client in
      try await client.camera.shot(options: ServiceCall.options())
    }
    let png: [UInt8]
    do {
      png = try frame.withUnsafePixels { pixels throws(PNGEncoder.Failure) in
        try PNGEncoder.opaqueRGB(fromRGBA: pixels, width: frame.width, height: frame.height)
      }
    } catch {
      throw CommandFailure(lines: [
        "resoio screenshot: cannot encode the \(frame.width)x\(frame.height) frame: \(error)"
      ])
    }
    if output == "-" {
      try StandardOutput.write(png, command: "screenshot")
      return
    }
    let path = output ?? "screenshot_\(OutputFile.stamp()).png"
    try OutputFile.write(Data(png), to: path, command: "screenshot")
    Console.out(PythonPath.absolute(path))
  }
}
