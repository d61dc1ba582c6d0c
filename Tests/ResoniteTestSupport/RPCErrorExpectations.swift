public import ResoniteGRPC
public import Testing

/// Runs `body`, which must throw an `RPCError`, and returns that error. Records an issue (and
/// returns nil) when `body` succeeds or throws anything else, so a test named for a failure
/// fails when the failure does not happen.
public func expectRPCError(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> RPCError? {
  await timedRPCError(sourceLocation: sourceLocation, body).error
}

/// ``expectRPCError(sourceLocation:_:)`` that also returns how long `body` took.
public func timedRPCError(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> (error: RPCError?, elapsed: Duration) {
  let start = ContinuousClock.now
  do {
    try await body()
    Issue.record("the call succeeded, but it should have failed with an RPCError", sourceLocation: sourceLocation)
    return (nil, ContinuousClock.now - start)
  } catch let error as RPCError {
    return (error, ContinuousClock.now - start)
  } catch {
    Issue.record("expected an RPCError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    return (nil, ContinuousClock.now - start)
  }
}

/// The status code a call ended with (`.ok` when it succeeded, `.unknown` for an error that is
/// not an `RPCError`), for tests that count outcomes.
public func statusCode(_ body: () async throws -> Void) async -> StatusCode {
  do {
    try await body()
    return .ok
  } catch let error as RPCError {
    return error.code
  } catch {
    return .unknown
  }
}

/// The method every test server here answers by echoing the request's bytes.
public let echo = MethodDescriptor(service: "resonite_io.test.Echo", method: "Echo")
