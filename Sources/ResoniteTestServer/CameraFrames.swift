import ResoniteGRPC
import ResoniteIOMessages

/// The synthetic `resonite_io.v1.Camera/StreamFrames` of the test server, and the helpers tests
/// use to check its frames.
///
/// ## Frames: the stand-in mod's scene
/// The avatar (``LocomotionModel``) stands inside a panorama at infinite distance, so turning
/// and looking up or down shift the image while walking does not. Each `CameraFrame` has
/// `format = RGBA8` (1), `width` × `height` pixels, row 0 at the top, no padding, and pixel
/// (x, y) of frame `frame_id`, seen from a pose with view yaw `yaw` and pitch `pitch`
/// (degrees), is (``pixel(x:y:frameID:pose:)``):
/// - R = `(x + sx) & 255`, with `sx = round(yaw · 1024 / 360)` (``horizontalShift(yaw:)``)
/// - G = `(y − sy) & 255`, with `sy = round(pitch · 1024 / 360)` (``verticalShift(pitch:)``)
/// - B = `frame_id & 255`, A = 255
///
/// (1024 pixels per full turn, rounding half away from zero.) So turning **right** (yaw up)
/// moves the scene **left** in the image by about 2.84 pixels per degree, turning left moves it
/// right, and looking up moves it down. At the initial pose (yaw 0, pitch 0) this is the fixed
/// pattern R = `x & 255`, G = `y & 255`, B = `frame_id & 255`, A = 255
/// (``pixel(x:y:frameID:)``), which is all that a server with an undriven avatar ever sends.
///
/// The size follows the window, as on the mod: ``DisplayModel``'s width × height when the frame
/// is captured, so a `Display.Apply` during a stream changes the size of the frames after it
/// (``TestServer/Configuration/cameraWidth`` and `--camera-size` set the window's initial
/// size). A test-server extension: a request with `width` and `height` both above 0 fixes the
/// size of that call instead (the mod ignores them). `unix_nanos` is the wall clock when the
/// frame was captured; the pose is read at capture too.
///
/// ## Pacing and backpressure, as in the mod
/// There is one latest-frame slot per call, and the write waits on HTTP/2 flow control: the
/// next frame is taken from the slot only once the previous one has gone to the socket, which
/// happens only while the client's window is open. So a slow reader gets fresh frames, never a
/// backlog.
/// - Unpaced (no `--camera-fps`, request `fps_limit` 0): a frame is captured whenever the last
///   one is out; `frame_id` counts 0, 1, 2... with no gap.
/// - Paced (`--camera-fps N`, or the request's `fps_limit` above 0): a frame is captured into
///   the slot every 1/N s, overwriting one not yet sent, and `frame_id` is the capture's index
///   since the call began: 0, 1, 2... for a reader that keeps up, with gaps for one that does
///   not (the frames overwritten in the slot). This differs from the mod, which renumbers sent
///   frames without gaps; here the gaps let tests see that frames were dropped, not queued.
///
/// Frames are sent from one buffer allocated per call (again after a size change): while the
/// pose's shifts stay the same only the B channel is rewritten per frame, and the pixels go
/// from that buffer to the socket without a copy.
public enum CameraFrames {
  /// The RGBA value of pixel (x, y) of frame `frameID` at the initial pose (yaw 0, pitch 0):
  /// R = `x & 255`, G = `y & 255`, B = `frameID & 255`, A = 255.
  public static func pixel(x: Int, y: Int, frameID: Int64) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
    (UInt8(truncatingIfNeeded: x), UInt8(truncatingIfNeeded: y), UInt8(truncatingIfNeeded: frameID), 255)
  }

  /// Scene pixels per full turn (360°) of yaw or pitch.
  public static let pixelsPerTurn = 1024

  /// The horizontal shift of the scene for view yaw `yaw` (degrees): `round(yaw · 1024 / 360)`.
  public static func horizontalShift(yaw: Double) -> Int {
    Int((yaw * Double(pixelsPerTurn) / 360).rounded())
  }

  /// The vertical shift of the scene for view pitch `pitch` (degrees): `round(pitch · 1024 / 360)`.
  public static func verticalShift(pitch: Double) -> Int {
    Int((pitch * Double(pixelsPerTurn) / 360).rounded())
  }

  /// The RGBA value of pixel (x, y) of frame `frameID` seen from `pose`:
  /// R = `(x + sx) & 255`, G = `(y − sy) & 255`, B = `frameID & 255`, A = 255.
  public static func pixel(x: Int, y: Int, frameID: Int64, pose: AvatarPose) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8)
  {
    pixel(x: x, y: y, frameID: frameID, shifts: (horizontalShift(yaw: pose.yaw), verticalShift(pitch: pose.pitch)))
  }

  /// The RGBA value of pixel (x, y) of frame `frameID` with the scene shifted by `shifts`.
  public static func pixel(x: Int, y: Int, frameID: Int64, shifts: (x: Int, y: Int)) -> (
    r: UInt8, g: UInt8, b: UInt8, a: UInt8
  ) {
    (
      UInt8(truncatingIfNeeded: x &+ shifts.x), UInt8(truncatingIfNeeded: y &- shifts.y),
      UInt8(truncatingIfNeeded: frameID), 255
    )
  }

  /// A `CameraStreamRequest` (width = 1, height = 2, fps_limit = 3), protobuf-encoded.
  public static func request(width: Int32 = 0, height: Int32 = 0, fpsLimit: Float = 0) -> [UInt8] {
    var out: [UInt8] = []
    if width != 0 { out.append(0x08); WireWriter.appendVarint(UInt64(bitPattern: Int64(width)), to: &out) }
    if height != 0 { out.append(0x10); WireWriter.appendVarint(UInt64(bitPattern: Int64(height)), to: &out) }
    if fpsLimit != 0 {
      out.append(0x1D)
      withUnsafeBytes(of: fpsLimit.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
    return out
  }

  /// A `CameraFrame`'s fields as decoded by ``decode(_:)``: the pixels stay where they are, in
  /// the message's bytes at ``pixels``.
  public struct Frame: Sendable, Hashable {
    /// `width`.
    public var width: Int32 = 0
    /// `height`.
    public var height: Int32 = 0
    /// `format` (1 = RGBA8).
    public var format: Int = 0
    /// `unix_nanos`.
    public var unixNanos: Int64 = 0
    /// `frame_id`.
    public var frameID: Int64 = 0
    /// Where the pixel bytes are in the message.
    public var pixels: Range<Int> = 0..<0
  }

  /// Decodes a `CameraFrame` (fields 1-6) without copying its pixels; nil when malformed.
  public static func decode(_ bytes: [UInt8]) -> Frame? {
    var frame = Frame()
    var reader = WireReader(bytes: bytes)
    while !reader.atEnd {
      guard let (field, wireType) = reader.key() else { return nil }
      switch (field, wireType) {
      case (1, 0): guard let v = reader.varint() else { return nil }; frame.width = Int32(truncatingIfNeeded: v)
      case (2, 0): guard let v = reader.varint() else { return nil }; frame.height = Int32(truncatingIfNeeded: v)
      case (3, 0): guard let v = reader.varint() else { return nil }; frame.format = Int(truncatingIfNeeded: v)
      case (4, 0): guard let v = reader.varint() else { return nil }; frame.unixNanos = Int64(bitPattern: v)
      case (5, 0): guard let v = reader.varint() else { return nil }; frame.frameID = Int64(bitPattern: v)
      case (6, 2): guard let range = reader.lengthDelimited() else { return nil }; frame.pixels = range
      default: return nil
      }
    }
    return frame
  }

  /// Reads a `CameraStreamRequest`: (width, height, fps_limit); nil when malformed.
  static func parseRequest(_ bytes: [UInt8]) -> (width: Int32, height: Int32, fps: Float)? {
    var result: (width: Int32, height: Int32, fps: Float) = (0, 0, 0)
    var reader = WireReader(bytes: bytes)
    while !reader.atEnd {
      guard let (field, wireType) = reader.key() else { return nil }
      switch (field, wireType) {
      case (1, 0): guard let v = reader.varint() else { return nil }; result.width = Int32(truncatingIfNeeded: v)
      case (2, 0): guard let v = reader.varint() else { return nil }; result.height = Int32(truncatingIfNeeded: v)
      case (3, 5):
        guard let bits = reader.fixed32() else { return nil }
        result.fps = Float(bitPattern: bits)
      default:
        guard reader.skip(wireType) else { return nil }
      }
    }
    return result
  }
}

/// One `Camera/StreamFrames` call (see ``CameraFrames``).
final class CameraFramesHandler: StreamingHandler {
  private struct Capture {
    var id: Int64
    var unixNanos: Int64
    var width: Int
    var height: Int
    var shifts: (x: Int, y: Int)
  }

  private let mod: StandInMod
  private let defaultFPS: Double?
  /// The request's size, when it asked for one.
  private var fixedSize: (width: Int, height: Int)?
  private var interval: UInt64?
  private var pixels: UnsafeMutableRawBufferPointer?
  /// What the buffer holds now.
  private var rendered: (width: Int, height: Int, shifts: (x: Int, y: Int))?
  /// The latest captured frame not yet sent.
  private var slot: Capture?
  private var captures: Int64 = 0
  private var sending = false
  private var started = false
  private var firstTick: UInt64 = 0

  init(mod: StandInMod, fps: Double?) {
    self.mod = mod
    defaultFPS = fps
  }

  deinit { pixels?.deallocate() }

  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    guard !started else { return }
    started = true
    guard let request = CameraFrames.parseRequest(message) else {
      call.finish(Status(code: .invalidArgument, message: "could not decode resonite_io.v1.CameraStreamRequest"))
      return
    }
    if request.width > 0 && request.height > 0 { fixedSize = (Int(request.width), Int(request.height)) }
    let fps = request.fps > 0 ? Double(request.fps) : defaultFPS
    if let fps, fps > 0 { interval = UInt64(1e9 / fps) }
    if interval != nil {
      firstTick = LoopClock.monotonicNanos()
      timerFired(on: call)
    } else {
      capture()
      sendLatest(call)
    }
  }

  func timerFired(on call: ServerStreamingCall) {
    guard let interval, !call.isFinished else { return }
    capture()
    if !sending { sendLatest(call) }
    // Ticks on a fixed grid from the first one; a late tick does not catch up.
    let now = LoopClock.monotonicNanos()
    let next = firstTick + (UInt64(captures) * interval)
    let delay = next > now ? next - now : interval - (now - firstTick) % interval
    call.scheduleTimer(after: .nanoseconds(Int64(delay)))
  }

  func responseDrained(on call: ServerStreamingCall) {
    sending = false
    if interval == nil { capture() }
    sendLatest(call)
  }

  func ended(on call: ServerStreamingCall) {
    pixels?.deallocate()
    pixels = nil
  }

  /// Captures a frame into the slot (size and pose now), overwriting one not sent yet.
  private func capture() {
    let size = fixedSize ?? mod.display.size
    let pose = mod.locomotion.pose
    slot = Capture(
      id: captures, unixNanos: LoopClock.unixNanos(), width: max(size.width, 0), height: max(size.height, 0),
      shifts: (CameraFrames.horizontalShift(yaw: pose.yaw), CameraFrames.verticalShift(pitch: pose.pitch)))
    captures += 1
  }

  /// Makes the buffer hold `frame` (reallocating after a size change; a full render after a
  /// size or pose change, else only the B channel).
  private func render(_ frame: Capture) -> UnsafeMutableRawBufferPointer {
    let count = frame.width * frame.height * 4
    var full = false
    if let rendered, rendered.width == frame.width, rendered.height == frame.height, let pixels {
      full = rendered.shifts != frame.shifts
      _ = pixels
    } else {
      pixels?.deallocate()
      pixels = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
      full = true
    }
    let buffer = pixels!
    let b = UInt8(truncatingIfNeeded: frame.id)
    let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
    if full {
      for y in 0..<frame.height {
        var offset = y * frame.width * 4
        let g = UInt8(truncatingIfNeeded: y &- frame.shifts.y)
        for x in 0..<frame.width {
          base[offset] = UInt8(truncatingIfNeeded: x &+ frame.shifts.x)
          base[offset + 1] = g
          base[offset + 2] = b
          base[offset + 3] = 255
          offset += 4
        }
      }
    } else {
      var offset = 2
      while offset < count {
        base[offset] = b
        offset += 4
      }
    }
    rendered = (frame.width, frame.height, frame.shifts)
    return buffer
  }

  /// Sends the frame in the slot, if any.
  private func sendLatest(_ call: ServerStreamingCall) {
    guard !sending, let frame = slot, !call.isFinished else { return }
    slot = nil
    let pixels = render(frame)
    let count = frame.width * frame.height * 4
    var header: [UInt8] = []
    header.reserveCapacity(48)
    header.append(0x08); WireWriter.appendVarint(UInt64(frame.width), to: &header)
    header.append(0x10); WireWriter.appendVarint(UInt64(frame.height), to: &header)
    header.append(0x18); header.append(1)
    header.append(0x20); WireWriter.appendVarint(UInt64(bitPattern: frame.unixNanos), to: &header)
    if frame.id != 0 { header.append(0x28); WireWriter.appendVarint(UInt64(bitPattern: frame.id), to: &header) }
    header.append(0x32); WireWriter.appendVarint(UInt64(count), to: &header)
    sending = true
    call.send(segments: [.bytes(header), .borrowed(UnsafeRawBufferPointer(rebasing: pixels[0..<count]))])
  }
}
