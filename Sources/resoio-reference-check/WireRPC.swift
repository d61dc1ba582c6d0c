import ResoniteGRPC
import SwiftProtobuf

/// One unary RPC called through its typed stub with messages given as proto3 JSON: the wire
/// check decodes the fixture request, sends it, and compares the reply with the fixture reply.
struct WireRPC: Sendable {
  /// What one call gave.
  enum Outcome: Sendable {
    /// The call returned; `replyMatches` says whether the reply equals the expected one.
    case replied(replyMatches: Bool, reply: String, expected: String)
    /// The call failed with a status.
    case failed(RPCError)
    /// The fixture JSON did not decode into our message types.
    case unusableFixture(String)
  }

  let descriptor: MethodDescriptor
  let run: @Sendable (_ channel: GRPCChannel, _ requestJSON: String, _ replyJSON: String) async -> Outcome
}

/// A generated stub: a value made over a channel, whose methods call one RPC each.
protocol ChannelStub: Sendable {
  init(channel: GRPCChannel)
}

/// A ``WireRPC`` over a stub method, named unapplied (`ResoniteIo_V1_AuthStub.login`) and
/// called with default options on a stub over the check's channel.
func wire<Stub: ChannelStub, Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message & Equatable>(
  _ descriptor: MethodDescriptor,
  _ method: @escaping @Sendable (Stub) -> (Request, CallOptions) async throws(RPCError) -> Response
) -> WireRPC {
  WireRPC(descriptor: descriptor) { channel, requestJSON, replyJSON in
    let request: Request
    let expected: Response
    do {
      request = try Request(jsonString: requestJSON)
      expected = try Response(jsonString: replyJSON)
    } catch {
      return .unusableFixture("\(error)")
    }
    do throws(RPCError) {
      let reply = try await method(Stub(channel: channel))(request, CallOptions())
      return .replied(
        replyMatches: reply == expected, reply: reply.textFormatString(), expected: expected.textFormatString())
    } catch {
      return .failed(error)
    }
  }
}
