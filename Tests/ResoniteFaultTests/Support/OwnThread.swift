import Foundation

/// Runs blocking `body` on a thread of its own and awaits its result, so that no thread of the
/// cooperative pool ever waits on a socket, a pipe or a child process.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
    let thread = Thread { continuation.resume(returning: body()) }
    thread.name = "fault-tests helper"
    thread.start()
  }
}
