import ResoniteTransport
import Dispatch
import Synchronization

/// The state shared between a ``TestServer`` (any thread) and its I/O thread.
final class ServerShared: Sendable {
  /// The configuration the server started with.
  let configuration: TestServer.Configuration
  /// The socket path in use.
  let socketPath: String
  /// Wakes the I/O thread out of `poll`.
  let wakeup: WakeupPipe
  /// What the server saw.
  let log: ObservationLog
  /// Handlers registered by path (configuration handlers first, then `register` calls).
  let handlers: Mutex<[String: UnaryHandler]>
  /// The stand-in mod's handlers by path, built once at start.
  let modHandlers: [String: UnaryHandler]
  /// Streaming handlers registered by path.
  let streamingHandlers: Mutex<[String: StreamingHandlerFactory]>
  /// Set by `stop()`; the loop exits at its next turn.
  let stopRequested = Atomic<Bool>(false)
  /// Guards the one-time work of `stop()`; later callers wait on `finished`.
  let stopStarted = Atomic<Bool>(false)
  /// Signalled by the I/O thread as it ends (and relayed by each waiter).
  let finished = Finished()

  init(configuration: TestServer.Configuration, socketPath: String, wakeup: WakeupPipe) {
    self.configuration = configuration
    self.socketPath = socketPath
    self.wakeup = wakeup
    self.log = ObservationLog(requestLimit: configuration.requestLogLimit)
    self.handlers = Mutex(configuration.handlers)
    self.modHandlers = configuration.mod.handlers()
    self.streamingHandlers = Mutex(configuration.streamingHandlers)
  }

  /// The streaming handler factory registered for `path`, if any.
  func streamingHandler(for path: String) -> StreamingHandlerFactory? {
    streamingHandlers.withLock { $0[path] }
  }

  /// The handler registered for `path`, if any.
  func handler(for path: String) -> UnaryHandler? {
    handlers.withLock { $0[path] }
  }
}

/// A one-shot "the I/O thread has ended" flag that any number of threads can wait for.
final class Finished: Sendable {
  private let done = Mutex(false)
  private let semaphore = DispatchSemaphore(value: 0)

  /// Marks the thread ended and releases the waiters.
  func signal() {
    done.withLock { $0 = true }
    semaphore.signal()
  }

  /// Returns once ``signal()`` was called.
  func wait() {
    if done.withLock({ $0 }) {
      return
    }
    semaphore.wait()
    semaphore.signal()  // relay to the next waiter
  }
}
