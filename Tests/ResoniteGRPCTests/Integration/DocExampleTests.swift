import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

/// The code examples in the README and the DocC comments of ``GRPCChannel``,
/// ``StreamingResponse``, ``RPCError`` and `MicrophoneClient`, as they are written there, so
/// that an API change that breaks them breaks this build.
@Suite("Doc examples compile and run")
struct DocExampleTests {
  @Test("GRPCChannel's example: a typed unary Ping")
  func channelExample() async throws {
    try await withServer { server, _ in
      var request = ResoniteIo_V1_PingRequest()
      request.message = "doc"
      let channel = GRPCChannel(socketPath: server.socketPath)
      let reply = try await channel.unary(
        MethodDescriptor(service: "resonite_io.v1.Connection", method: "Ping"), request: request,
        requestCodec: ProtobufCodec<ResoniteIo_V1_PingRequest>(),
        responseCodec: ProtobufCodec<ResoniteIo_V1_PingResponse>())
      await channel.close()
      #expect(reply.message.message == "doc")
    }
  }

  @Test("RPCError's example: catching UNAVAILABLE with its cause")
  func rpcErrorExample() async {
    let channel = GRPCChannel(socketPath: "/nonexistent/resonite-doc.sock")
    let bytes: [UInt8] = []
    var caught: RPCError?
    do {
      let reply = try await channel.unaryRaw(MethodDescriptor(service: "pkg.Service", method: "Method"), request: bytes)
      print(reply.message.count)
    } catch  where error.code == .unavailable {
      // The socket is missing, refused the connection, or the server went away.
      print(error.cause ?? error)
      caught = error
    } catch {
      Issue.record("expected UNAVAILABLE, got \(error)")
    }
    #expect(caught?.cause != nil)
    await channel.close()
  }

  @Test("the streaming examples (README, GRPCChannel+Streaming, StreamingResponse): camera, microphone, echo")
  func streamingExamples() async throws {
    try await withServer({
      $0.cameraWidth = 8
      $0.cameraHeight = 8
    }) { _, channel in
      // Server streaming.
      let frames = try await channel.serverStreaming(
        MethodDescriptor(service: "resonite_io.v1.Camera", method: "StreamFrames"),
        request: ResoniteIo_V1_CameraStreamRequest(), requestCodec: ProtobufCodec(),
        responseCodec: ProtobufCodec<ResoniteIo_V1_CameraFrame>()
      ) { response in
        var count = 0
        for try await frame in response.messages {
          #expect(frame.width == 8 && frame.pixels.count == 8 * 8 * 4)
          count += 1
          if count == 100 { break }
        }
        return count
      }
      #expect(frames == 100)

      // StreamingResponse's loop, with what it leaves to the reader filled in.
      var shown = 0
      func show(_ frame: ResoniteIo_V1_CameraFrame) { shown += 1 }
      var done: Bool { shown == 3 }
      try await channel.serverStreaming(
        MethodDescriptor(service: "resonite_io.v1.Camera", method: "StreamFrames"),
        request: ResoniteIo_V1_CameraStreamRequest(), requestCodec: ProtobufCodec(),
        responseCodec: ProtobufCodec<ResoniteIo_V1_CameraFrame>()
      ) { response in
        for try await frame in response.messages {
          show(frame)
          if done { break }  // resets the stream with RST_STREAM(CANCEL)
        }
      }
      #expect(shown == 3)

      // Client streaming.
      let chunks = (0..<3).map { _ in
        var frame = ResoniteIo_V1_MicrophoneAudioFrame()
        frame.samples = Data(count: 1024 * 4)
        return frame
      }
      let summary = try await channel.clientStreaming(
        MethodDescriptor(service: "resonite_io.v1.Microphone", method: "StreamAudio"),
        requestCodec: ProtobufCodec<ResoniteIo_V1_MicrophoneAudioFrame>(),
        responseCodec: ProtobufCodec<ResoniteIo_V1_MicrophoneStreamSummary>()
      ) { writer in
        for chunk in chunks { try await writer.send(chunk) }
      }
      #expect(summary.message.receivedFrames == 3)

      // Bidirectional.
      let method = MethodDescriptor(service: "resonite_io.test.Echo", method: "BidiStream")
      let messages: [[UInt8]] = [[1, 2, 3], [4, 5]]
      let echoed = try await channel.bidirectionalStreaming(
        method, requestCodec: RawCodec(), responseCodec: RawCodec()
      ) { writer, response in
        var replies: [[UInt8]] = []
        for message in messages {
          try await writer.send(message)
        }
        writer.finish()
        for try await reply in response.messages { replies.append(reply) }
        return replies
      }
      #expect(echoed == messages)
    }
  }

  @Test("MicrophoneClient's example: a paced tone in 1024-sample chunks")
  func microphoneExample() async throws {
    try await withServer { server, _ in
      try await ResoniteClient.withConnection(socketPath: server.socketPath) { mod in
        let tone = (0..<2500).map { Float(sin(Double($0) * 0.05)) }
        let summary = try await mod.microphone.stream { mic in
          for start in stride(from: 0, to: tone.count, by: 1024) {
            try await mic.sendPaced(Array(tone[start..<min(start + 1024, tone.count)]))
          }
        }  // returning finishes: the buffered tail plays; the summary counts what arrived
        #expect(summary.receivedSamples == 2500)
      }
    }
  }
}
