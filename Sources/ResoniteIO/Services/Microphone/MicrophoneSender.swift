import Foundation
import ResoniteGRPC
import ResoniteIOMessages
import SwiftProtobuf
import Synchronization

/// Sends microphone audio on one `Microphone.StreamAudio` stream, as
/// ``MicrophoneClient/stream(lead:options:_:)`` hands it to its body.
///
/// Each ``send(_:)`` is one chunk: 48 kHz mono float32 samples, with `frame_id` 0, 1, 2… in
/// send order and `unix_nanos` = the wall clock at send, both set here as the reference client
/// does. Sends wait while the call's send queue is full (the server not reading), so memory
/// stays bounded. The mod plays what it receives as soon as it arrives and applies no pacing of
/// its own, so send at real time: ``sendPaced(_:)`` does, against a clock
/// (``MicrophonePacer``).
///
/// How the stream ends is explicit:
/// - **finish**: return from the body. The request stream half-closes, the mod keeps its ring
///   buffer (the buffered tail still plays, up to 2 s) and answers the summary.
/// - **cancel**: ``cancel()``, or throw from the body, or cancel the task. RST_STREAM; the mod
///   clears its ring buffer (silence at once) and no summary comes (`RPCError` CANCELLED).
public struct MicrophoneSender: Sendable {
  /// Samples per second.
  public static let sampleRate = 48_000

  let writer: RequestStreamWriter<[UInt8]>
  private let state: Box

  private struct State {
    var nextFrameID: UInt64 = 0
    var samplesSent: Int64 = 0
    var pacer: MicrophonePacer
  }

  private final class Box: Sendable {
    let mutex: Mutex<State>
    init(_ state: State) { mutex = Mutex(state) }
    func withLock<R>(_ body: (inout State) -> R) -> R { mutex.withLock { body(&$0) } }
  }

  init(writer: RequestStreamWriter<[UInt8]>, pacer: MicrophonePacer) {
    self.writer = writer
    self.state = Box(State(pacer: pacer))
  }

  /// Chunks sent so far (the next chunk's `frame_id`).
  public var framesSent: UInt64 { state.withLock { $0.nextFrameID } }
  /// Samples sent so far.
  public var samplesSent: Int64 { state.withLock { $0.samplesSent } }

  /// Sends one chunk now.
  ///
  /// - Parameter samples: mono float32 samples at 48 kHz (any count; the reference CLI uses
  ///   1024, about 21.3 ms).
  /// - Throws: `RPCError`: the call's end when it is over (the mod's status, CANCELLED,
  ///   UNAVAILABLE...), RESOURCE_EXHAUSTED for a chunk above the request size limit.
  public func send(_ samples: [Float]) async throws {
    let frameID: UInt64 = state.withLock { state in
      defer {
        state.nextFrameID += 1
        state.samplesSent += Int64(samples.count)
      }
      return state.nextFrameID
    }
    var frame = ResoniteIo_V1_MicrophoneAudioFrame()
    frame.frameID = frameID
    frame.unixNanos = wallClockUnixNanos()
    frame.sampleCount = UInt32(clamping: samples.count)
    frame.samples = Self.littleEndianBytes(samples)
    let bytes: [UInt8] = try frame.serializedBytes()
    try await writer.send(bytes)
  }

  /// Waits until the chunk is due at real time, then sends it (see ``MicrophonePacer``: the
  /// first paced chunk goes at once; the schedule never drifts). Send paced chunks from one
  /// task, in order.
  /// - Throws: what ``send(_:)`` throws; `CancellationError` when cancelled while waiting.
  public func sendPaced(_ samples: [Float]) async throws {
    var pacer = state.withLock { $0.pacer }
    try await pacer.wait(toSend: samples.count)
    state.withLock { $0.pacer = pacer }
    try await send(samples)
  }

  /// Cancels the stream: RST_STREAM at once; the mod clears its buffered audio, and
  /// ``MicrophoneClient/stream(lead:options:_:)`` throws `RPCError` CANCELLED instead of returning a
  /// summary. Later sends throw.
  public func cancel() {
    writer.cancel()
  }

  private static func littleEndianBytes(_ samples: [Float]) -> Data {
    #if _endian(little)
      return samples.withUnsafeBytes { Data($0) }
    #else
      var data = Data(capacity: samples.count * 4)
      for sample in samples { withUnsafeBytes(of: sample.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
      return data
    #endif
  }
}
