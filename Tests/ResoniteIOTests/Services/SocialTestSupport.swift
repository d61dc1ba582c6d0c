import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import SwiftProtobuf
import Synchronization
import ResoniteTestSupport
import Testing

/// Records the requests a handler decoded, so a test can read what went on the wire.
final class RequestCapture<Request: SwiftProtobuf.Message>: Sendable {
  private let requests = Mutex<[Request]>([])

  /// Every request captured so far, in arrival order.
  var all: [Request] { requests.withLock { $0 } }

  /// A handler that decodes `Request`, records it, and answers `reply`.
  func handler(replying reply: some SwiftProtobuf.Message & Sendable) -> UnaryHandler {
    { call in
      guard let request = try? Request(serializedBytes: call.message) else {
        return .status(.internalError, "could not decode \(Request.protoMessageName)")
      }
      self.requests.withLock { $0.append(request) }
      return .response((try? reply.serializedBytes()) ?? [])
    }
  }
}

/// A handler that answers `reply` to any request.
func replying(_ reply: some SwiftProtobuf.Message & Sendable) -> UnaryHandler {
  { _ in .response((try? reply.serializedBytes()) ?? []) }
}

/// Runs `body` and returns the ``UnexpectedReplyError`` it threw, recording an issue otherwise.
func expectUnexpectedReply(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> UnexpectedReplyError? {
  do {
    try await body()
    Issue.record("succeeded, but an UnexpectedReplyError was expected", sourceLocation: sourceLocation)
    return nil
  } catch let error as UnexpectedReplyError {
    return error
  } catch {
    Issue.record("expected an UnexpectedReplyError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    return nil
  }
}
