import ResoniteGRPC
import SwiftProtobuf

/// Builds unary handlers over SwiftProtobuf messages: decode the request, run the body, encode
/// the reply; a body that throws ``CallFailure`` answers with that status.
enum ModHandler {
  /// A handler of `Request` → `Response` for the stand-in mod.
  ///
  /// A request that does not decode answers INTERNAL (as Grpc.AspNetCore would); `body` returns
  /// the reply or throws a ``CallFailure`` (for example `CallFailure(code: .invalidArgument, ...)`).
  static func unary<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
    _ request: Request.Type, _ body: @escaping @Sendable (Request, UnaryRequest) throws(CallFailure) -> Response
  ) -> UnaryHandler {
    { call in
      let decoded: Request
      do {
        decoded = try Request(serializedBytes: call.message)
      } catch {
        return .status(.internalError, "could not decode \(Request.protoMessageName): \(error)")
      }
      let response: Response
      do throws(CallFailure) {
        response = try body(decoded, call)
      } catch {
        return .failure(error)
      }
      do {
        let bytes: [UInt8] = try response.serializedBytes()
        return .response(bytes)
      } catch {
        return .status(.internalError, "could not encode \(Response.protoMessageName): \(error)")
      }
    }
  }

  /// A handler whose reply is `body` of the decoded request alone: a model's method, named
  /// unapplied (`ModHandler.unary(model.login)`).
  static func unary<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
    _ body: @escaping @Sendable (Request) throws(CallFailure) -> Response
  ) -> UnaryHandler {
    unary(Request.self) { request, _ throws(CallFailure) in try body(request) }
  }

  /// A handler of a request with nothing to read (a `…GetStateRequest`): the reply is `body`'s.
  static func unary<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
    _ request: Request.Type, _ body: @escaping @Sendable () throws(CallFailure) -> Response
  ) -> UnaryHandler {
    unary(request) { _, _ throws(CallFailure) in try body() }
  }
}

extension CallFailure: Error {}
