import ArgumentParser
import PythonCompatibility
import ResoniteIO

/// `resoio display get|set`: the window resolution and the background frame-rate cap
/// (Display.Get / Display.Apply).
struct DisplayCommand: SubcommandRequired {
  static let configuration = CommandConfiguration(
    commandName: "display",
    abstract: "Read or apply engine-side display settings (resolution, fps cap).",
    discussion: """
      'get' prints the current snapshot; 'set' applies a partial config (unset
      values are sent as 0, which the mod treats as 'leave unchanged') and
      prints the snapshot read back after it.
      """,
    subcommands: [DisplayGet.self, DisplaySet.self])
}

/// The snapshot line or object both leaves print.
enum DisplayOutput {
  static func emit(_ info: DisplayInfo, format: OutputFormat) {
    switch format {
    case .human:
      Console.out("width=\(info.width) height=\(info.height) max_fps=\(PythonText.float(info.maxFPS))")
    case .json:
      Console.out(
        JSONValue.object([
          ("width", .integer(Int64(info.width))),
          ("height", .integer(Int64(info.height))),
          ("max_fps", .number(Double(info.maxFPS))),
        ]).text)
    }
  }
}

/// `resoio display get`.
struct DisplayGet: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "get",
    abstract: "Print the current display snapshot.",
    discussion: """
      Prints width=W height=H max_fps=F, or with --format json one object
      {"width", "height", "max_fps"}. Connecting and the call each give up
      after 10 seconds; a failure is one or two lines on stderr naming the
      gRPC status and the mod's message (exit 1).


      """ + socketResolutionHelp)

  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human (one line) or json (one object).")
  var format: OutputFormat = .human

  func run() async throws {
    let info = try await ServiceCall.run(socketOptions, command: "display get") { client in
      try await client.display.get(options: ServiceCall.options())
    }
    DisplayOutput.emit(info, format: format)
  }
}

/// A `display set` resolution spec: `hd`/`fhd`/`qhd`/`uhd` or `WIDTHxHEIGHT`, optionally
/// `@FPS`.
struct DisplaySpec: ExpressibleByArgument {
  static let presets: [(String, Int, Int)] = [
    ("hd", 1280, 720), ("fhd", 1920, 1080), ("qhd", 2560, 1440), ("uhd", 3840, 2160),
  ]

  var width: Int
  var height: Int
  /// nil when the spec has no `@` part.
  var fps: Double?

  init?(argument: String) {
    guard let spec = try? Self.parse(argument) else { return nil }
    self = spec
  }

  init(width: Int, height: Int, fps: Double?) {
    self.width = width
    self.height = height
    self.fps = fps
  }

  struct Invalid: Error, CustomStringConvertible {
    var description: String
  }

  /// Parses `raw` as the reference does (case-insensitive presets, Python's number syntax).
  static func parse(_ raw: String) throws(Invalid) -> DisplaySpec {
    let resolution: Substring
    var fps: Double?
    if let at = raw.firstIndex(of: "@") {
      resolution = raw[..<at]
      let fpsText = String(raw[raw.index(after: at)...])
      guard let value = PythonText.parseFloat(fpsText) else {
        throw Invalid(description: "invalid spec \(PythonText.repr(raw)): expected a number after '@'")
      }
      // NaN passes, as in the reference (`nan <= 0` is false): the mod keeps the cap.
      if value <= 0 {
        throw Invalid(description: "invalid spec \(PythonText.repr(raw)): fps after '@' must be positive")
      }
      fps = value
    } else {
      resolution = Substring(raw)
    }
    let key = resolution.lowercased()
    if let preset = presets.first(where: { $0.0 == key }) {
      return DisplaySpec(width: preset.1, height: preset.2, fps: fps)
    }
    let name = PythonText.repr(String(resolution))
    guard let x = key.firstIndex(of: "x") else {
      throw Invalid(
        description: "invalid resolution \(name): expected a preset (\(presets.map(\.0).joined(separator: "/"))) "
          + "or WIDTHxHEIGHT")
    }
    guard let width = PythonText.parseInt(String(key[..<x])),
      let height = PythonText.parseInt(String(key[key.index(after: x)...]))
    else {
      throw Invalid(description: "invalid resolution \(name): WIDTHxHEIGHT must be integers")
    }
    guard width > 0, height > 0 else {
      throw Invalid(description: "invalid resolution \(name): width and height must be positive")
    }
    return DisplaySpec(width: width, height: height, fps: fps)
  }
}

/// `resoio display set [RESOLUTION] [-W W] [-H H] [-F FPS]`.
struct DisplaySet: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set",
    abstract: "Apply a partial display config, then print the snapshot.",
    discussion: """
      RESOLUTION is a preset (hd = 1280x720, fhd = 1920x1080, qhd = 2560x1440,
      uhd = 3840x2160, any case) or WIDTHxHEIGHT, with an optional @FPS suffix
      (e.g. fhd, 1280x720, fhd@30). -W/-H/-F override the matching field.
      Omitted fields are sent as 0, which the mod treats as 'leave unchanged';
      an explicit -F 0 is sent as is. At least one of RESOLUTION or a flag is
      required (else exit 2, as for a bad RESOLUTION). Unlike the reference,
      a negative width or height, one above 4294967295, or a cap beyond a
      32-bit float is refused (exit 2) rather than wrapped or crashed on.
      Then the snapshot is
      read back (Display.Get) and printed as `display get` prints it; the
      engine applies settings on its own thread, so it may briefly lag.


      """ + socketResolutionHelp)

  @Argument(help: ArgumentHelp("Preset or WIDTHxHEIGHT, optionally @FPS.", valueName: "resolution"))
  var spec: String?

  @Option(name: [.customShort("W"), .long], parsing: .unconditional, help: "Window width in pixels.")
  var width: String?

  @Option(name: [.customShort("H"), .long], parsing: .unconditional, help: "Window height in pixels.")
  var height: String?

  @Option(
    name: [.customShort("F"), .customLong("max-fps")], parsing: .unconditional,
    help: "Background fps cap (the foreground cap is not exposed).")
  var maxFPS: String?

  @OptionGroup var socketOptions: SocketOptions

  @Option(help: "Output format: human (one line) or json (one object).")
  var format: OutputFormat = .human

  func validate() throws {
    _ = try resolved()
  }

  /// Width, height and cap to send, after the spec and the flags.
  private func resolved() throws -> (width: Int, height: Int, maxFPS: Double) {
    if spec == nil, width == nil, height == nil, maxFPS == nil {
      throw ValidationError("at least one of RESOLUTION, -W/--width, -H/--height, -F/--max-fps is required")
    }
    var base = DisplaySpec(width: 0, height: 0, fps: nil)
    if let spec {
      do { base = try DisplaySpec.parse(spec) } catch { throw ValidationError("argument RESOLUTION: \(error)") }
    }
    func integer(_ text: String?, _ flag: String) throws -> Int? {
      guard let text else { return nil }
      guard let value = PythonText.parseInt(text) else {
        throw ValidationError("argument \(flag): invalid int value: \(PythonText.repr(text))")
      }
      return value
    }
    let w = try integer(width, "-W/--width") ?? base.width
    let h = try integer(height, "-H/--height") ?? base.height
    var fps = base.fps ?? 0
    if let maxFPS {
      guard let value = PythonText.parseFloat(maxFPS) else {
        throw ValidationError("argument -F/--max-fps: invalid float value: \(PythonText.repr(maxFPS))")
      }
      fps = value
    }
    // The reference sends -5 as 4294967291 pixels and crashes on a cap beyond a 32-bit float;
    // both are refused here as usage errors.
    for (name, value) in [("width", w), ("height", h)] where !(0...Int(UInt32.max)).contains(value) {
      throw ValidationError("\(name) must be 0 (leave unchanged) or a pixel count up to \(UInt32.max), not \(value)")
    }
    guard PythonText.fitsFloat32(fps) else {
      throw ValidationError("the fps cap \(PythonText.float(fps)) does not fit a 32-bit float")
    }
    return (w, h, fps)
  }

  func run() async throws {
    let (w, h, fps) = try resolved()
    let info = try await ServiceCall.run(socketOptions, command: "display set") { client in
      try await client.display.apply(width: w, height: h, maxFPS: Float(fps), options: ServiceCall.options())
      return try await client.display.get(options: ServiceCall.options())
    }
    DisplayOutput.emit(info, format: format)
  }
}
