import Dispatch
import Foundation

/// SIGINT and SIGTERM turned into a semaphore, so the main thread can wait for either and then
/// shut the server down cleanly (removing its socket).
final class StopSignals {
  private let semaphore = DispatchSemaphore(value: 0)
  private let sources: [any DispatchSourceSignal]

  /// Installs the handlers (the default actions are ignored from now on).
  init() {
    let semaphore = self.semaphore
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { semaphore.signal() }
      source.resume()
      sources.append(source)
    }
    self.sources = sources
  }

  /// True when a signal arrived (without waiting, or within `timeout`).
  func arrived(within timeout: DispatchTimeInterval = .seconds(0)) -> Bool {
    if semaphore.wait(timeout: .now() + timeout) == .success {
      semaphore.signal()
      return true
    }
    return false
  }

  /// Blocks until SIGINT or SIGTERM arrives.
  func wait() {
    semaphore.wait()
    semaphore.signal()
  }
}
