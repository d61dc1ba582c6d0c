import Foundation
import ResoniteTestServer
import ResoniteTransport
import ResoniteTestSupport
import Testing

@testable import ResoniteGRPC

@Suite("Streaming calls beside unary calls on one connection")
struct StreamingBesideUnaryTests {
  @Test("an open streaming call does not turn off the inline fast path of sequential unary calls")
  func inlineStaysOnBesideAStream() async throws {
    try await withServer { _, channel in
      _ = try await channel.unaryRaw(echo, request: [0])
      let connection = try #require(channel.connections.first)
      // A bidirectional stream, open and idle (waiting on the application) for the whole test.
      let (ready, signal) = AsyncStream<Void>.makeStream()
      let (done, finish) = AsyncStream<Void>.makeStream()
      let stream = Task {
        try await channel.bidirectionalStreamingRaw(echoBidiStream) { writer, response in
          try await writer.send([9])
          var iterator = response.messages.makeAsyncIterator()
          _ = try await iterator.next()
          signal.yield()
          for await _ in done {}
          writer.finish()
          while try await iterator.next() != nil {}
        }
      }
      for await _ in ready { break }
      let before = connection.inlineReadCounts
      for i in 0..<50 {
        let reply = try await channel.unaryRaw(echo, request: [UInt8(i)])
        #expect(reply.message == [UInt8(i)])
      }
      let after = connection.inlineReadCounts
      #expect(after.completed - before.completed >= 25, "inline reads: \(before) -> \(after)")
      finish.finish()
      try await stream.value
      #expect(channel.connections.count == 1)
    }
  }

  @Test("eight streams at once (server, client, bidi, camera) beside 200 unary calls: everything completes")
  func manyStreamsBesideUnary() async throws {
    try await withServer({
      $0.cameraWidth = 320
      $0.cameraHeight = 240
    }) { _, channel in
      try await withThrowingTaskGroup(of: Int.self) { group in
        for k in 0..<2 {
          group.addTask {
            try await channel.serverStreamingRaw(
              echoServerStream, request: EchoStreams.serverStreamRequest(count: 2000 + k, size: 512)
            ) { response in
              var n = 0
              for try await message in response.messages {
                if message == EchoStreams.message(index: n, size: 512) { n += 1 }
              }
              return n == 2000 + k ? 1 : 0
            }
          }
          group.addTask {
            let messages = (0..<500).map { EchoStreams.message(index: $0 + k, size: 300) }
            let response = try await channel.clientStreamingRaw(echoClientStream) { writer in
              for message in messages { try await writer.send(message) }
            }
            return EchoStreams.parseSummary(response.message)?.hash == fnvHash(messages) ? 1 : 0
          }
          group.addTask {
            try await channel.bidirectionalStreamingRaw(echoBidiStream) { writer, response in
              var iterator = response.messages.makeAsyncIterator()
              var ok = 0
              for i in 0..<300 {
                let message = EchoStreams.message(index: i, size: 100)
                try await writer.send(message)
                if try await iterator.next() == message { ok += 1 }
              }
              writer.finish()
              let end = try await iterator.next()
              return ok == 300 && end == nil ? 1 : 0
            }
          }
          group.addTask {
            try await channel.serverStreamingRaw(cameraStreamFrames, request: CameraFrames.request()) { response in
              var frames = 0
              for try await message in response.messages {
                guard let frame = CameraFrames.decode(message), frame.frameID == Int64(frames) else { return 0 }
                frames += 1
                if frames == 50 { break }
              }
              return 1
            }
          }
        }
        group.addTask {
          for i in 0..<200 {
            let reply = try await channel.unaryRaw(
              echo, request: [UInt8(i % 256)], options: CallOptions(timeout: noHangBound))
            guard reply.message == [UInt8(i % 256)] else { return 0 }
          }
          return 1
        }
        var ok = 0
        for try await result in group { ok += result }
        #expect(ok == 9)
      }
      #expect(channel.connections.count == 1)
    }
  }
}
