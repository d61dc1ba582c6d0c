import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard input, read on a thread of its own: the one stdin reader of the CLI (`drive` and
/// `grabber interactive` keys, `mic`'s samples, the `inventory` shell's lines and keys, `auth
/// login`'s credential and password).
///
/// Waiting for input never holds a task thread, and task cancellation (Ctrl-C) ends a wait at
/// once (a ``read(upTo:)`` throws `CancellationError`), so the command can unwind and cancel its
/// streams properly. The thread reads only when asked (one `read(2)` of at most the size
/// asked for, per request): memory stays bounded whatever the writer sends. Bytes read for a
/// request that was cancelled meanwhile are kept for the next one.
final class StandardInput: Sendable {
  /// Standard input (descriptor 0).
  static let shared = StandardInput(descriptor: STDIN_FILENO)

  /// A read that failed: the errno of the failed `poll(2)` or `read(2)`.
  struct ReadError: Error, CustomStringConvertible {
    var errno: Int32
    var description: String { "cannot read stdin: " + String(cString: strerror(errno)) }
  }

  /// What ``readAvailable(upTo:)`` found.
  enum Available: Equatable {
    /// Bytes waiting.
    case bytes([UInt8])
    /// The end of input.
    case end
    /// Nothing to read yet.
    case nothing
  }

  private enum Outcome: Sendable {
    case bytes([UInt8])
    case end
    case failed(Int32)
    /// The waiting task was cancelled.
    case cancelled
  }

  /// A task waiting for bytes, and how many it asked for.
  private struct Waiter {
    var continuation: CheckedContinuation<Outcome, Never>
    var count: Int
  }

  private struct State {
    /// Bytes read but not yet handed out (from a request cancelled meanwhile, or beyond a
    /// smaller request).
    var leftover: [UInt8] = []
    /// The end of input or a read error, once the thread saw it (it then ends).
    var final: Outcome?
    /// The size of the read the thread was asked for (nil: none pending), and who waits for
    /// bytes (one reader at a time).
    var requested: Int?
    var waiter: Waiter?
    var threadStarted = false

    /// Up to `count` bytes of ``leftover``, taken off it.
    mutating func takeLeftover(_ count: Int) -> [UInt8] {
      let taken = Array(leftover.prefix(count))
      leftover.removeFirst(taken.count)
      return taken
    }
  }

  private let descriptor: Int32
  private let state = Mutex(State())
  private let demand = DispatchSemaphore(value: 0)

  init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  // MARK: A closed stdin

  /// Throws exit 1 when stdin is closed (no file descriptor 0), as the reference does:
  /// `resoio <command>: stdin has no fd`.
  static func requireDescriptor(command: String) throws {
    guard !closedAtStart, fcntl(STDIN_FILENO, F_GETFD) != -1 else {
      throw CommandFailure(lines: ["resoio \(command): stdin has no fd"])
    }
  }

  /// Whether file descriptor 0 was closed when the process started (``noteStartup()``).
  nonisolated(unsafe) private(set) static var closedAtStart = false

  /// Called first thing in `main`: notes a closed stdin, and puts /dev/null on descriptor 0
  /// (the lowest free descriptor, so `open` lands there), so that no pipe or socket opened
  /// later lands there and gets read as keys.
  static func noteStartup() {
    guard fcntl(STDIN_FILENO, F_GETFD) == -1 else { return }
    closedAtStart = true
    _ = open("/dev/null", O_RDONLY)
  }

  // MARK: Reading

  /// The next bytes (1 to `count`) as they arrive, or nil at the end of input.
  /// - Throws: `CancellationError` when the task is cancelled while waiting; ``ReadError``.
  func read(upTo count: Int) async throws -> [UInt8]? {
    precondition(count > 0)
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
        let ask = state.withLock { state -> Bool in
          if !state.leftover.isEmpty {
            continuation.resume(returning: .bytes(state.takeLeftover(count)))
            return false
          }
          if let final = state.final {
            continuation.resume(returning: final)
            return false
          }
          if Task.isCancelled {
            continuation.resume(returning: .cancelled)
            return false
          }
          state.waiter = Waiter(continuation: continuation, count: count)
          // A read still pending for a cancelled request serves this one.
          guard state.requested == nil else { return false }
          state.requested = count
          if !state.threadStarted {
            state.threadStarted = true
            startThread()
          }
          return true
        }
        if ask { demand.signal() }
      }
    } onCancel: {
      state.withLock { $0.waiter.take() }?.continuation.resume(returning: .cancelled)
    }
    switch outcome {
    case .bytes(let bytes): return bytes
    case .end: return nil
    case .failed(let number): throw ReadError(errno: number)
    case .cancelled: throw CancellationError()
    }
  }

  /// The input as it arrives, in reads of up to `size` bytes, until its end (`for try await`;
  /// it throws what ``read(upTo:)`` throws).
  func chunks(of size: Int) -> Chunks { Chunks(input: self, size: size) }

  /// The sequence of ``chunks(of:)``.
  struct Chunks: AsyncSequence {
    typealias Element = [UInt8]
    let input: StandardInput
    let size: Int

    func makeAsyncIterator() -> Iterator { Iterator(input: input, size: size) }

    struct Iterator: AsyncIteratorProtocol {
      let input: StandardInput
      let size: Int

      mutating func next() async throws -> [UInt8]? { try await input.read(upTo: size) }
    }
  }

  /// `count` bytes, fewer only at the end of input.
  /// - Throws: `CancellationError` when cancelled while waiting; ``ReadError``.
  func read(exactly count: Int) async throws -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    while bytes.count < count, let more = try await read(upTo: count - bytes.count) {
      bytes += more
    }
    return bytes
  }

  /// The next line without its line end (`\n` or `\r\n`, as Swift's `readLine` strips them; a
  /// last line without one included), or nil at the end of input. Invalid UTF-8 is repaired.
  ///
  /// - Parameter keepingCarriageReturn: true strips only the `\n` (as Python's
  ///   `line.rstrip("\n")`: a password read from a pipe keeps every other byte).
  /// - Throws: `CancellationError` when cancelled while waiting; ``ReadError``.
  func readLine(keepingCarriageReturn: Bool = false) async throws -> String? {
    var line: [UInt8] = []
    var searched = 0
    while true {
      if let newline = line[searched...].firstIndex(of: UInt8(ascii: "\n")) {
        // What follows the line end is the next read's.
        let rest = Array(line[(newline + 1)...])
        state.withLock { $0.leftover = rest + $0.leftover }
        var end = newline
        if !keepingCarriageReturn, end > 0, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: line[..<end], as: UTF8.self)
      }
      searched = line.count
      let more: [UInt8]?
      do {
        more = try await read(upTo: 4096)
      } catch {
        state.withLock { $0.leftover = line + $0.leftover }
        throw error
      }
      guard let more else { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
      line += more
    }
  }

  /// What can be read right now without waiting (at most `count` bytes), for a caller that
  /// must take what is already waiting before it goes on (`drive`'s keys typed ahead).
  /// ``Available/nothing`` too while the thread has a read pending (its bytes go to that read).
  /// - Throws: ``ReadError``.
  func readAvailable(upTo count: Int) throws -> Available {
    precondition(count > 0)
    return try state.withLock { state in
      if !state.leftover.isEmpty { return .bytes(state.takeLeftover(count)) }
      switch state.final {
      case .end: return .end
      case .failed(let number): throw ReadError(errno: number)
      default: break
      }
      guard state.requested == nil else { return .nothing }
      switch Self.readOnce(descriptor, count: count, waitMilliseconds: 0) {
      case nil, .cancelled: return .nothing
      case .bytes(let bytes): return .bytes(bytes)
      case .end:
        state.final = .end
        return .end
      case .failed(let number):
        state.final = .failed(number)
        throw ReadError(errno: number)
      }
    }
  }

  // MARK: The reading thread

  private func startThread() {
    let thread = Thread { [self] in readLoop() }
    thread.name = "resoio stdin"
    thread.start()
  }

  /// Waits for a request, reads once, hands the bytes over; ends at the end of input or an error.
  private func readLoop() {
    while true {
      demand.wait()
      guard let count = state.withLock({ $0.requested }) else { continue }
      var outcome: Outcome?
      while outcome == nil {
        outcome = Self.readOnce(descriptor, count: count, waitMilliseconds: -1)
      }
      guard let outcome else { continue }
      let ended: Bool
      switch outcome {
      case .end, .failed: ended = true
      default: ended = false
      }
      state.withLock { state in
        state.requested = nil
        if ended { state.final = outcome }
        if case .bytes(let bytes) = outcome { state.leftover += bytes }
        guard let waiter = state.waiter.take() else { return }
        // The read may have been asked for by a cancelled request of a larger size.
        let handed = state.leftover.isEmpty ? outcome : .bytes(state.takeLeftover(waiter.count))
        waiter.continuation.resume(returning: handed)
      }
      if ended { return }
    }
  }

  /// One `poll(2)` (for `waitMilliseconds`, -1 forever) and, when readable, one `read(2)` of up
  /// to `count` bytes; nil for nothing yet (a timeout, EINTR, EAGAIN on a non-blocking
  /// descriptor).
  private static func readOnce(_ descriptor: Int32, count: Int, waitMilliseconds: Int32) -> Outcome? {
    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    let ready = poll(&poller, 1, waitMilliseconds)
    if ready < 0 { return errno == EINTR ? nil : .failed(errno) }
    if ready == 0 { return nil }
    var buffer = [UInt8](repeating: 0, count: count)
    let got = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
    if got < 0 { return errno == EINTR || errno == EAGAIN ? nil : .failed(errno) }
    if got == 0 { return .end }
    buffer.removeSubrange(got...)
    return .bytes(buffer)
  }
}
