#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ResoniteTransport

/// What the stand-in mod received on its client streams, as JSON lines appended to
/// ``TestServer/Configuration/sensesLog`` (`resoio-test-server --senses-log PATH`), for checks
/// run from other processes (the reference Python client's, for example). One line per event:
///
/// - an ended `Microphone/StreamAudio` stream:
///   `{"kind":"microphone","end":"finished"|"cancelled"|"failed","frames":[[frame_id,unix_nanos,sample_count,samples],...],"samples":"<hex>"}`,
///   `samples` being every received sample byte in order (float32 little-endian), in hex;
/// - an ended `Locomotion/Drive` stream:
///   `{"kind":"drive","end":"halfClosed"|"cancelled"|"failed","commands":[{...},...]}`, each
///   command holding only its present controls (`move_forward`, ..., `crouch`) and `unix_nanos`;
/// - a `Locomotion/Reset`: `{"kind":"reset","requested":[move,look,crouch,jump],"expanded":[...]}`.
public struct SensesLog: Sendable {
  /// The file appended to.
  public let path: String

  /// A log appending to `path`.
  public init(path: String) { self.path = path }

  /// Appends one line (with the newline).
  func append(_ line: String) {
    guard case .success(let fd) = Syscall.open(path, O_WRONLY | O_CREAT | O_APPEND, mode: 0o644) else { return }
    defer { Syscall.close(fd) }
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
      guard
        case .success(let written) = bytes.withUnsafeBytes({
          Syscall.write(fd, $0.baseAddress! + offset, $0.count - offset)
        }),
        written > 0
      else { return }
      offset += written
    }
  }

  func microphone(_ stream: MicrophoneModel.Stream) {
    let hexDigits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(stream.frames.reduce(0) { $0 + $1.samples.count } * 8)
    for frame in stream.frames {
      for sample in frame.samples {
        let bits = sample.bitPattern
        for shift in stride(from: 0, to: 32, by: 8) {
          let byte = UInt8(truncatingIfNeeded: bits >> UInt32(shift))
          hex.append(hexDigits[Int(byte >> 4)])
          hex.append(hexDigits[Int(byte & 15)])
        }
      }
    }
    let frames = stream.frames.map { "[\($0.frameID),\($0.unixNanos),\($0.sampleCount),\($0.samples.count)]" }
    append(
      "{\"kind\":\"microphone\",\"end\":\"\(Self.name(stream.end))\",\"frames\":[\(frames.joined(separator: ","))],"
        + "\"samples\":\"\(String(decoding: hex, as: UTF8.self))\"}")
  }

  func drive(_ drive: LocomotionModel.Drive) {
    let commands = drive.commands.map { command -> String in
      var fields: [String] = []
      func add(_ name: String, _ value: Float?) { if let value { fields.append("\"\(name)\":\(value)") } }
      add("move_forward", command.moveForward)
      add("move_right", command.moveRight)
      add("move_up", command.moveUp)
      add("yaw_rate", command.yawRate)
      add("pitch_rate", command.pitchRate)
      if let jump = command.jump { fields.append("\"jump\":\(jump)") }
      add("velocity", command.velocity)
      add("crouch", command.crouch)
      fields.append("\"unix_nanos\":\(command.unixNanos)")
      return "{" + fields.joined(separator: ",") + "}"
    }
    let end: String
    switch drive.end {
    case .halfClosed: end = "halfClosed"
    case .cancelled: end = "cancelled"
    case .failed, nil: end = "failed"
    }
    append("{\"kind\":\"drive\",\"end\":\"\(end)\",\"commands\":[\(commands.joined(separator: ","))]}")
  }

  func reset(_ record: LocomotionModel.ResetRecord) {
    append(
      "{\"kind\":\"reset\",\"requested\":[\(record.move),\(record.look),\(record.crouch),\(record.jump)],"
        + "\"expanded\":[\(record.expanded.map(String.init).joined(separator: ","))]}")
  }

  private static func name(_ end: MicrophoneModel.StreamEnd?) -> String {
    switch end {
    case .halfClosed: "finished"
    case .cancelled: "cancelled"
    case .failed, nil: "failed"
    }
  }
}
