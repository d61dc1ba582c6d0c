import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Speaker over real sockets")
struct SpeakerTests {
  @Test("chunks(): 1024 stereo frames each, consecutive frame ids, every sample exactly the known signal")
  func signalExact() async throws {
    try await withMod { mod, server in
      let chunks = try await mod.speaker.chunks { chunks in
        var seen: [SpeakerChunk] = []
        for try await chunk in chunks {
          seen.append(chunk)
          if seen.count == 10 { break }
        }
        return seen
      }
      #expect(chunks.count == 10)
      for chunk in chunks {
        #expect(chunk.frameCount == 1024)
        #expect(chunk.samples == SpeakerSignal.samples(frameID: chunk.frameID), "chunk \(chunk.frameID)")
        #expect(chunk.duration == .nanoseconds(21_333_333))
      }
      let ids = chunks.map(\.frameID)
      #expect(zip(ids, ids.dropFirst()).allSatisfy { $1 == $0 + 1 }, "ids \(ids)")
      #expect(chunks[3].left(0) == SpeakerSignal.left(Int64(ids[3]) * 1024))
      #expect(chunks[3].right(5) == SpeakerSignal.right(Int64(ids[3]) * 1024 + 5))
      #expect(await serverSawCancel(server, path: TestServer.Path.speakerStreamAudio))
    }
  }

  @Test("frame ids do not restart per stream: a second stream continues the mod's counter")
  func idsDoNotRestart() async throws {
    try await withMod { mod, _ in
      let first = try await mod.speaker.chunks { chunks in
        var last: UInt64 = 0
        var count = 0
        for try await chunk in chunks {
          last = chunk.frameID
          count += 1
          if count == 3 { break }
        }
        return last
      }
      try await Task.sleep(for: .milliseconds(100))
      let second = try await mod.speaker.chunks { chunks in
        for try await chunk in chunks { return chunk.frameID }
        return 0
      }
      #expect(second > first + 1, "the second stream starts at \(second), after \(first) and the time between")
    }
  }

  @Test("a stream the mod ends with OK (mod shutdown) ends the loop normally; a status is thrown")
  func streamEnds() async throws {
    try await withMod({ $0.streaming.endAfterMessages = .init(messages: 3, status: .ok) }) { mod, _ in
      let count = try await mod.speaker.chunks { chunks in
        var count = 0
        for try await _ in chunks { count += 1 }
        return count
      }
      #expect(count == 3)
    }
    try await withMod({
      $0.failures[TestServer.Path.speakerStreamAudio] = CallFailure(
        code: .unavailable, message: "Speaker bridge is not configured.")
    }) { mod, _ in
      let error = await expectRPCError { try await mod.speaker.chunks { chunks in for try await _ in chunks {} } }
      #expect(error?.code == .unavailable && error?.message == "Speaker bridge is not configured.")
    }
  }

  @Test("a reader that stops reading loses the newest audio: a gap in frame ids, counted as drops by the mod")
  func slowReaderDrops() async throws {
    try await withServer { server, _ in
      var configuration = ChannelConfiguration()
      configuration.initialStreamWindowSize = 32 << 10  // 4 chunks in flight
      let client = ResoniteClient(socketPath: server.socketPath, configuration: configuration, probeTimeout: .zero)
      try await client.connect()
      let ids = try await client.speaker.chunks { chunks in
        var ids: [UInt64] = []
        for try await chunk in chunks {
          ids.append(chunk.frameID)
          if ids.count == 1 { try await Task.sleep(for: .milliseconds(1500)) }
          if ids.count == 60 { break }
        }
        return ids
      }
      await client.close()
      let gaps = zip(ids, ids.dropFirst()).filter { $1 != $0 + 1 }
      #expect(!gaps.isEmpty, "ids \(ids)")
      #expect(server.mod.speaker.chunksDropped > 0)
      #expect(zip(ids, ids.dropFirst()).allSatisfy { $1 > $0 }, "ids only increase")
    }
  }
}
