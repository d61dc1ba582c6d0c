import Foundation
import ResoniteGRPC
import ResoniteIOMessages
import SwiftProtobuf

extension StandInMod {
  /// `Locomotion.Reset` over ``locomotion``.
  var locomotionHandlers: [String: UnaryHandler] {
    let locomotion = self.locomotion
    let mod = self
    return [
      "/resonite_io.v1.Locomotion/Reset": ModHandler.unary(ResoniteIo_V1_LocomotionResetRequest.self) {
        (request, _) throws(CallFailure) in
        let flags = locomotion.reset(move: request.move, look: request.look, crouch: request.crouch, jump: request.jump)
        var reply = ResoniteIo_V1_LocomotionResetSummary()
        (reply.move, reply.look, reply.crouch, reply.jump) = flags
        reply.unixNanos = LoopClock.unixNanos()
        if let path = mod.sensesLogPath, let record = locomotion.resets.last { SensesLog(path: path).reset(record) }
        return reply
      }
    ]
  }

  /// The streaming methods of the senses: Camera, Speaker, Microphone, Locomotion.Drive.
  func streamingHandler(for path: String, configuration: TestServer.Configuration) -> StreamingHandlerFactory? {
    switch path {
    case TestServer.Path.cameraStreamFrames:
      let fps = configuration.cameraFPS
      return { [self] in CameraFramesHandler(mod: self, fps: fps) }
    case TestServer.Path.speakerStreamAudio:
      return { [self] in SpeakerStreamHandler(speaker: speaker) }
    case TestServer.Path.microphoneStreamAudio:
      let log = configuration.sensesLog.map(SensesLog.init(path:))
      return { [self] in MicrophoneStreamHandler(microphone: microphone, log: log) }
    case TestServer.Path.locomotionDrive:
      let log = configuration.sensesLog.map(SensesLog.init(path:))
      return { [self] in LocomotionDriveHandler(locomotion: locomotion, log: log) }
    default:
      return nil
    }
  }
}

/// One `Speaker.StreamAudio` call (see ``SpeakerModel``).
final class SpeakerStreamHandler: StreamingHandler {
  private let speaker: SpeakerModel
  private var next: UInt64 = 0
  private var pending: [(id: UInt64, unixNanos: Int64)] = []
  private var sending = false
  private var started = false

  init(speaker: SpeakerModel) { self.speaker = speaker }

  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    guard !started else { return }
    started = true
    next = speaker.currentChunk()
    timerFired(on: call)
  }

  func timerFired(on call: ServerStreamingCall) {
    guard !call.isFinished, !call.isEnded else { return }
    let now = speaker.currentChunk()
    while next <= now {
      if pending.count < SpeakerModel.bufferCapacity {
        pending.append((next, LoopClock.unixNanos()))
      } else {
        speaker.countDropped()
      }
      next += 1
    }
    sendNext(call)
    let due = speaker.origin &+ SpeakerModel.chunkDue(next)
    let current = LoopClock.monotonicNanos()
    call.scheduleTimer(after: .nanoseconds(Int64(due > current ? due - current : 0)))
  }

  func responseDrained(on call: ServerStreamingCall) {
    sending = false
    sendNext(call)
  }

  private func sendNext(_ call: ServerStreamingCall) {
    guard !sending, !pending.isEmpty, !call.isFinished else { return }
    let chunk = pending.removeFirst()
    var frame = ResoniteIo_V1_AudioFrame()
    frame.frameID = chunk.id
    frame.unixNanos = chunk.unixNanos
    frame.sampleCount = UInt32(SpeakerSignal.chunkFrames)
    frame.samples = Data(SpeakerSignal.bytes(frameID: chunk.id))
    guard let bytes: [UInt8] = try? frame.serializedBytes() else { return }
    sending = true
    speaker.countSent()
    call.send(bytes)
  }
}

/// One `Microphone.StreamAudio` call (see ``MicrophoneModel``).
final class MicrophoneStreamHandler: StreamingHandler {
  private let microphone: MicrophoneModel
  private let log: SensesLog?
  private var index = -1
  private var halfClosed = false

  init(microphone: MicrophoneModel, log: SensesLog?) {
    self.microphone = microphone
    self.log = log
  }

  func start(_ call: ServerStreamingCall) {
    index = microphone.openStream()
  }

  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    guard let frame = try? ResoniteIo_V1_MicrophoneAudioFrame(serializedBytes: message) else {
      halfClosed = true
      microphone.endStream(index, .failed(.internalError))
      call.finish(Status(code: .internalError, message: "could not decode resonite_io.v1.MicrophoneAudioFrame"))
      return
    }
    let count = frame.samples.count / 4
    var samples = [Float](repeating: 0, count: count)
    frame.samples.withUnsafeBytes { raw in
      for i in 0..<count {
        samples[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
      }
    }
    microphone.receive(
      MicrophoneModel.Frame(
        frameID: frame.frameID, unixNanos: frame.unixNanos, sampleCount: frame.sampleCount, samples: samples,
        receivedNanos: LoopClock.monotonicNanos()),
      stream: index)
    if let end = call.knobs.endAfterRequestMessages, call.messagesReceived >= end.messages, !call.isFinished {
      halfClosed = true
      microphone.endStream(index, end.status.code == .ok ? .halfClosed : .failed(end.status.code))
      call.finish(end.status, trailingMetadata: end.trailingMetadata)
    }
  }

  func requestEnded(on call: ServerStreamingCall) {
    guard !call.isFinished else { return }
    halfClosed = true
    let counts = microphone.endStream(index, .halfClosed)
    var summary = ResoniteIo_V1_MicrophoneStreamSummary()
    summary.receivedFrames = Int64(counts.frames)
    summary.receivedSamples = Int64(counts.samples)
    summary.droppedFrames = 0
    summary.unixNanos = LoopClock.unixNanos()
    if let bytes: [UInt8] = try? summary.serializedBytes() { call.send(bytes) }
    call.finish()
  }

  func ended(on call: ServerStreamingCall) {
    if !halfClosed { microphone.endStream(index, .cancelled) }
    if let log, microphone.streams.indices.contains(index) { log.microphone(microphone.streams[index]) }
  }
}

/// One `Locomotion.Drive` call (see ``LocomotionModel``).
final class LocomotionDriveHandler: StreamingHandler {
  private let locomotion: LocomotionModel
  private let log: SensesLog?
  private var index = -1
  private var received = 0
  private var halfClosed = false

  init(locomotion: LocomotionModel, log: SensesLog?) {
    self.locomotion = locomotion
    self.log = log
  }

  func start(_ call: ServerStreamingCall) {
    index = locomotion.openDrive()
  }

  func received(_ message: [UInt8], on call: ServerStreamingCall) {
    guard let wire = try? ResoniteIo_V1_LocomotionCommand(serializedBytes: message) else {
      halfClosed = true
      locomotion.endDrive(index, .failed(.internalError))
      call.finish(Status(code: .internalError, message: "Locomotion stream faulted: could not decode the command"))
      return
    }
    var command = LocomotionModel.Command()
    if wire.hasMoveForward { command.moveForward = wire.moveForward }
    if wire.hasMoveRight { command.moveRight = wire.moveRight }
    if wire.hasMoveUp { command.moveUp = wire.moveUp }
    if wire.hasYawRate { command.yawRate = wire.yawRate }
    if wire.hasPitchRate { command.pitchRate = wire.pitchRate }
    if wire.hasJump { command.jump = wire.jump }
    if wire.hasVelocity { command.velocity = wire.velocity }
    if wire.hasCrouch { command.crouch = wire.crouch }
    command.unixNanos = wire.unixNanos
    received += 1
    locomotion.receive(command, drive: index)
    if let end = call.knobs.endAfterRequestMessages, call.messagesReceived >= end.messages, !call.isFinished {
      halfClosed = true
      locomotion.endDrive(index, end.status.code == .ok ? .halfClosed : .failed(end.status.code))
      call.finish(end.status, trailingMetadata: end.trailingMetadata)
    }
  }

  func requestEnded(on call: ServerStreamingCall) {
    guard !call.isFinished else { return }
    halfClosed = true
    locomotion.endDrive(index, .halfClosed)
    var summary = ResoniteIo_V1_LocomotionDriveSummary()
    summary.receivedCount = Int64(received)
    summary.droppedCount = 0
    summary.unixNanos = LoopClock.unixNanos()
    if let bytes: [UInt8] = try? summary.serializedBytes() { call.send(bytes) }
    call.finish()
  }

  func ended(on call: ServerStreamingCall) {
    if !halfClosed { locomotion.endDrive(index, .cancelled) }
    if let log, locomotion.drives.indices.contains(index) { log.drive(locomotion.drives[index]) }
  }
}
