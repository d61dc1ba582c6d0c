import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs
import SwiftProtobuf
import Synchronization

/// The long-lived Drive stream behind ``LocomotionClient/send(_:options:)``: opened by the
/// first send, owned by the ``ResoniteClient``, finished by ``LocomotionClient/finishDrive()``
/// or the client's close, cancelled by ``LocomotionClient/cancelDrive()``.
///
/// No queue of its own: a send writes to the stream's writer directly, which waits while the
/// call's send queue (``CallOptions/maxQueuedRequestBytes``, 1 MiB by default) is full.
actor LocomotionDriveSession {
  /// One open stream: the writer, how to end it, and the task that runs the call.
  struct Open: Sendable {
    let writer: RequestStreamWriter<[UInt8]>
    let end: Gate
    let call: Task<LocomotionDriveSummary, any Error>
  }

  /// How the body of the stream's call is told to end.
  final class Gate: Sendable {
    enum End: Sendable { case finish, cancel }
    private let state = Mutex<(end: End?, waiter: CheckedContinuation<End, Never>?)>((nil, nil))

    func wait() async -> End {
      await withCheckedContinuation { continuation in
        let now: End? = state.withLock { state in
          if let end = state.end { return end }
          state.waiter = continuation
          return nil
        }
        if let now { continuation.resume(returning: now) }
      }
    }

    func open(_ end: End) {
      let waiter: CheckedContinuation<End, Never>? = state.withLock { state in
        guard state.end == nil else { return nil }
        state.end = end
        defer { state.waiter = nil }
        return state.waiter
      }
      waiter?.resume(returning: end)
    }
  }

  /// The stream being opened or open.
  private var current: Task<Open, any Error>?
  /// The summary of the last stream that finished.
  private(set) var lastSummary: LocomotionDriveSummary?

  func send(_ command: LocomotionCommand, channel: GRPCChannel, options: CallOptions) async throws {
    let bytes = try command.serialized()
    if current == nil {
      current = Task { try await Self.open(channel: channel, options: options) }
    }
    let opening = current!
    let open: Open
    do {
      open = try await opening.value
    } catch {
      if current == opening { current = nil }
      throw error
    }
    do {
      try await open.writer.send(bytes)
    } catch {
      // The call is over (the mod ended it, the connection broke): the next send opens anew.
      if current == opening { current = nil }
      open.end.open(.cancel)
      _ = try? await open.call.value
      throw error
    }
  }

  /// Half-closes the open stream and returns its summary; nil when none is open.
  func finish() async throws -> LocomotionDriveSummary? {
    guard let opening = current else { return nil }
    current = nil
    let open = try await opening.value
    open.end.open(.finish)
    let summary = try await open.call.value
    lastSummary = summary
    return summary
  }

  /// As ``finish()``, for the client's close: when the summary has not come within `grace` (a
  /// wedged mod, a send queue that never drains), the stream is cancelled (RST_STREAM) instead,
  /// so that a close never hangs.
  func finish(within grace: Duration) async {
    guard let opening = current else { return }
    current = nil
    guard let open = try? await opening.value else { return }
    open.end.open(.finish)
    let call = open.call
    let timer = Task {
      try await Task.sleep(for: grace)
      call.cancel()
    }
    defer { timer.cancel() }
    if let summary = try? await call.value { lastSummary = summary }
  }

  /// Cancels the open stream (RST_STREAM), if any.
  func cancel() async {
    guard let opening = current else { return }
    current = nil
    guard let open = try? await opening.value else { return }
    open.writer.cancel()
    open.end.open(.cancel)
    _ = try? await open.call.value
  }

  /// Starts the call and waits until its writer is there (or the call failed).
  private static func open(channel: GRPCChannel, options: CallOptions) async throws -> Open {
    let gate = Gate()
    let handoff = Handoff()
    let call = Task<LocomotionDriveSummary, any Error> {
      do {
        let response = try await channel.clientStreamingRaw(
          ResoniteIo_V1_LocomotionStub.Methods.drive, options: options
        ) {
          writer in
          handoff.give(.success(writer))
          if await gate.wait() == .cancel {
            writer.cancel()
            throw CancellationError()
          }
        }
        let summary = try ResoniteIo_V1_LocomotionDriveSummary(serializedBytes: response.message)
        return LocomotionDriveSummary(
          receivedCount: summary.receivedCount, droppedCount: summary.droppedCount, unixNanos: summary.unixNanos)
      } catch {
        handoff.give(.failure(error))
        throw error
      }
    }
    let writer = try await handoff.take()
    return Open(writer: writer, end: gate, call: call)
  }

  /// Hands the call's writer (or its failure) from the call's task to the opener, once.
  final class Handoff: Sendable {
    typealias Value = Result<RequestStreamWriter<[UInt8]>, any Error>
    private let state = Mutex<(value: Value?, waiter: CheckedContinuation<Value, Never>?)>((nil, nil))

    func give(_ value: Value) {
      let waiter: CheckedContinuation<Value, Never>? = state.withLock { state in
        guard state.value == nil else { return nil }
        state.value = value
        defer { state.waiter = nil }
        return state.waiter
      }
      waiter?.resume(returning: value)
    }

    func take() async throws -> RequestStreamWriter<[UInt8]> {
      let value = await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
        let now: Value? = state.withLock { state in
          if let value = state.value { return value }
          state.waiter = continuation
          return nil
        }
        if let now { continuation.resume(returning: now) }
      }
      return try value.get()
    }
  }
}
