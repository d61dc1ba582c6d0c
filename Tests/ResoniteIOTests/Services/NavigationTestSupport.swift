import ResoniteGRPC
import ResoniteTestServer
import SwiftProtobuf
import Synchronization
import ResoniteTestSupport
import Testing

/// Records the decoded requests a replacement handler received (for the navigation suites:
/// Dash, World, Inventory), so tests can check what went over the wire.
final class NavigationCapture<Request: SwiftProtobuf.Message>: Sendable {
  private let received = Mutex<[Request]>([])

  /// The requests so far, in order.
  var requests: [Request] { received.withLock { $0 } }

  /// A handler that records each request and answers `reply`.
  func handler(replying reply: some SwiftProtobuf.Message) -> UnaryHandler {
    let bytes: [UInt8] = (try? reply.serializedBytes()) ?? []
    return { call in
      if let request = try? Request(serializedBytes: call.message) {
        self.received.withLock { $0.append(request) }
      }
      return .response(bytes)
    }
  }
}

/// A handler that answers `reply` to every call (to play a mod that answers oddly).
func navigationReply(_ reply: some SwiftProtobuf.Message) -> UnaryHandler {
  let bytes: [UInt8] = (try? reply.serializedBytes()) ?? []
  return { _ in .response(bytes) }
}

/// Runs `body`, which must throw an `E`, and returns that error.
func expectNavigationError<E: Error>(
  _ errorType: E.Type, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> E? {
  do {
    try await body()
    Issue.record("succeeded, but \(E.self) was expected", sourceLocation: sourceLocation)
    return nil
  } catch let error as E {
    return error
  } catch {
    Issue.record("expected \(E.self), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

/// Expects `body` to fail with an `RPCError` of `code` whose message is `message` (when given).
func expectNavigationStatus(
  _ code: StatusCode, _ message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () async throws -> Void
) async {
  let error = await expectRPCError(sourceLocation: sourceLocation, body)
  #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
  if let message { #expect(error?.message == message, sourceLocation: sourceLocation) }
}
