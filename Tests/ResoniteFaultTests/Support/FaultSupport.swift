import Foundation
import ResoniteGRPC
import Testing

/// The method every server here answers (the test server echoes the request bytes).
let echo = MethodDescriptor(service: "resonite_io.test.Echo", method: "Echo")

/// How long a failure may take before it counts as a hang. The expected time is well under a
/// second; the bound is generous because the machine running the tests may be loaded.
let noHangBound: Duration = .seconds(10)

/// Runs a call that must fail; returns its error and how long it took.
func timedFailure(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> (error: RPCError?, elapsed: Duration) {
  let start = ContinuousClock.now
  do {
    try await body()
    Issue.record("the call succeeded, but it should have failed", sourceLocation: sourceLocation)
    return (nil, ContinuousClock.now - start)
  } catch let error as RPCError {
    return (error, ContinuousClock.now - start)
  } catch {
    Issue.record("expected an RPCError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    return (nil, ContinuousClock.now - start)
  }
}

/// The status code a call ended with (`.ok` when it succeeded).
func statusCode(_ body: () async throws -> Void) async -> StatusCode {
  do {
    try await body()
    return .ok
  } catch let error as RPCError {
    return error.code
  } catch {
    return .unknown
  }
}

/// A value shared between a raw server's script thread and the test.
final class Shared<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  var value: Value { lock.withLock { stored } }

  func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}

/// Polls `condition` (without blocking a thread) until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if condition() { return true }
    try? await Task.sleep(for: .milliseconds(10))
  }
  return condition()
}
