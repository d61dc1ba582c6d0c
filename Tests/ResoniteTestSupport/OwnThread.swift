import Foundation
public import ResoniteTestServer

/// Runs blocking `body` on a thread of its own and awaits its result, so that no thread of the
/// cooperative pool (two on a 2-core machine, shared by every test running at once) waits on a
/// socket, a pipe, a semaphore or a child process, or runs a long CPU loop.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
    let thread = Thread { continuation.resume(returning: body()) }
    thread.name = "test helper"
    thread.start()
  }
}

/// ``onOwnThread(_:)`` for a `body` that throws: its error is rethrown here.
public func tryOnOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await onOwnThread { Result { try body() } }.get()
}

/// Stops `server` on a thread of its own: `stop()` waits for the server's I/O thread to end,
/// which must not hold up a thread of the cooperative pool.
public func stopServer(_ server: TestServer) async {
  await onOwnThread { server.stop() }
}
