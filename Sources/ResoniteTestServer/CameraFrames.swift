import ResoniteGRPC

/// The synthetic `resonite_io.v1.Camera/StreamFrames` of the test server, and the helpers tests
/// use to check its frames.
///
/// ## Frames
/// Each `CameraFrame` has `format = RGBA8` (1), `width` × `height` pixels, row 0 first, no
/// padding, and pixel (x, y) of frame `frame_id` is
/// - R = `x & 255`, G = `y & 255`, B = `frame_id & 255`, A = 255
///
/// (``pixel(x:y:frameID:)``). The size is the request's `width` × `height` when both are
/// above 0, else ``TestServer/Configuration/cameraWidth`` × ``TestServer/Configuration/cameraHeight``
/// (`--camera-size`, default 1280×720). `unix_nanos` is the wall clock when the frame was
/// captured.
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
/// Frames are sent from one buffer allocated per call: only the B channel is rewritten per
/// frame, and the pixels go from that buffer to the socket without a copy.
public enum CameraFrames {
  /// The RGBA value of pixel (x, y) of frame `frameID`.
  public static func pixel(x: Int, y: Int, frameID: Int64) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
    (UInt8(truncatingIfNeeded: x), UInt8(truncatingIfNeeded: y), UInt8(truncatingIfNeeded: frameID), 255)
  }

  /// A `CameraStreamRequest` (width = 1, height = 2, fps_limit = 3), protobuf-encoded.
  public static func request(width: Int32 = 0, height: Int32 = 0, fpsLimit: Float = 0) -> [UInt8] {
    var out: [UInt8] = []
    if width != 0 { out.append(0x08); appendVarint(UInt64(bitPattern: Int64(width)), to: &out) }
    if height != 0 { out.append(0x10); appendVarint(UInt64(bitPattern: Int64(height)), to: &out) }
    if fpsLimit != 0 {
      out.append(0x1D)
      withUnsafeBytes(of: fpsLimit.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
    return out
  }

  /// A `CameraFrame`'s fields as decoded by ``decode(_:)``: the pixels stay where they are, in
  /// the message's bytes at ``pixels``.
  public struct Frame: Sendable, Hashable {
    public var width: Int32 = 0
    public var height: Int32 = 0
    public var format: Int = 0
    public var unixNanos: Int64 = 0
    public var frameID: Int64 = 0
    /// Where the pixel bytes are in the message.
    public var pixels: Range<Int> = 0..<0
  }

  /// Decodes a `CameraFrame` (fields 1-6) without copying its pixels; nil when malformed.
  public static func decode(_ bytes: [UInt8]) -> Frame? {
    var frame = Frame()
    var index = 0
    func varint() -> UInt64? {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while index < bytes.count, shift < 64 {
        let byte = bytes[index]
        index += 1
        value |= UInt64(byte & 0x7F) << shift
        if byte & 0x80 == 0 { return value }
        shift += 7
      }
      return nil
    }
    while index < bytes.count {
      guard let key = varint() else { return nil }
      switch (key >> 3, key & 7) {
      case (1, 0): guard let v = varint() else { return nil }; frame.width = Int32(truncatingIfNeeded: v)
      case (2, 0): guard let v = varint() else { return nil }; frame.height = Int32(truncatingIfNeeded: v)
      case (3, 0): guard let v = varint() else { return nil }; frame.format = Int(truncatingIfNeeded: v)
      case (4, 0): guard let v = varint() else { return nil }; frame.unixNanos = Int64(bitPattern: v)
      case (5, 0): guard let v = varint() else { return nil }; frame.frameID = Int64(bitPattern: v)
      case (6, 2):
        guard let length = varint(), length <= UInt64(bytes.count - index) else { return nil }
        frame.pixels = index..<(index + Int(length))
        index += Int(length)
      default:
        return nil
      }
    }
    return frame
  }

  static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }

  /// Reads a `CameraStreamRequest`: (width, height, fps_limit); nil when malformed.
  static func parseRequest(_ bytes: [UInt8]) -> (width: Int32, height: Int32, fps: Float)? {
    var result: (width: Int32, height: Int32, fps: Float) = (0, 0, 0)
    var index = 0
    func varint() -> UInt64? {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while index < bytes.count, shift < 64 {
        let byte = bytes[index]
        index += 1
        value |= UInt64(byte & 0x7F) << shift
        if byte & 0x80 == 0 { return value }
        shift += 7
      }
      return nil
    }
    while index < bytes.count {
      guard let key = varint() else { return nil }
      switch (key >> 3, key & 7) {
      case (1, 0): guard let v = varint() else { return nil }; result.width = Int32(truncatingIfNeeded: v)
      case (2, 0): guard let v = varint() else { return nil }; result.height = Int32(truncatingIfNeeded: v)
      case (3, 5):
        guard index + 4 <= bytes.count else { return nil }
        let bits = bytes[index..<(index + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        result.fps = Float(bitPattern: bits)
        index += 4
      default:
        return nil
      }
    }
    return result
  }
}

/// One `Camera/StreamFrames` call (see ``CameraFrames``).
final class CameraFramesHandler: StreamingHandler {
  private let defaultWidth: Int
  private let defaultHeight: Int
  private let defaultFPS: Double?
  private var width = 0
  private var height = 0
  private var interval: UInt64?
  private var pixels: UnsafeMutableRawBufferPointer?
  /// The latest captured frame not yet sent: its id and capture time.
  private var slot: (id: Int64, unixNanos: Int64)?
  private var captures: Int64 = 0
  private var sending = false
  private var started = false
  private var firstTick: UInt64 = 0

  init(width: Int, height: Int, fps: Double?) {
    defaultWidth = width
    defaultHeight = height
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
    if request.width > 0 && request.height > 0 {
      (width, height) = (Int(request.width), Int(request.height))
    } else {
      (width, height) = (defaultWidth, defaultHeight)
    }
    let fps = request.fps > 0 ? Double(request.fps) : defaultFPS
    if let fps, fps > 0 { interval = UInt64(1e9 / fps) }
    allocatePixels()
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

  /// Captures a frame into the slot, overwriting one not sent yet.
  private func capture() {
    slot = (captures, LoopClock.unixNanos())
    captures += 1
  }

  private func allocatePixels() {
    let count = width * height * 4
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
    let bytes = buffer.bindMemory(to: UInt8.self)
    for y in 0..<height {
      var offset = y * width * 4
      let g = UInt8(truncatingIfNeeded: y)
      for x in 0..<width {
        bytes[offset] = UInt8(truncatingIfNeeded: x)
        bytes[offset + 1] = g
        bytes[offset + 2] = 0
        bytes[offset + 3] = 255
        offset += 4
      }
    }
    pixels = buffer
  }

  /// Sends the frame in the slot, if any, rewriting the B channel for its id.
  private func sendLatest(_ call: ServerStreamingCall) {
    guard !sending, let frame = slot, let pixels, !call.isFinished else { return }
    slot = nil
    let b = UInt8(truncatingIfNeeded: frame.id)
    let count = width * height * 4
    if let base = pixels.baseAddress?.assumingMemoryBound(to: UInt8.self) {
      var offset = 2
      while offset < count {
        base[offset] = b
        offset += 4
      }
    }
    var header: [UInt8] = []
    header.reserveCapacity(48)
    header.append(0x08); CameraFrames.appendVarint(UInt64(width), to: &header)
    header.append(0x10); CameraFrames.appendVarint(UInt64(height), to: &header)
    header.append(0x18); header.append(1)
    header.append(0x20); CameraFrames.appendVarint(UInt64(bitPattern: frame.unixNanos), to: &header)
    if frame.id != 0 { header.append(0x28); CameraFrames.appendVarint(UInt64(bitPattern: frame.id), to: &header) }
    header.append(0x32); CameraFrames.appendVarint(UInt64(count), to: &header)
    sending = true
    call.send(segments: [.bytes(header), .borrowed(UnsafeRawBufferPointer(rebasing: pixels[0..<count]))])
  }
}
