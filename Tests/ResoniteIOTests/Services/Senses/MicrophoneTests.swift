import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("Microphone over real sockets")
struct MicrophoneTests {
  static func tone(_ count: Int, offset: Int = 0) -> [Float] {
    (0..<count).map { Float(sin(2 * Double.pi * 440 * Double($0 + offset) / 48_000)) * 0.5 }
  }

  @Test(
    "10 s of paced audio: every sample, in order, frame ids 0..., send stamps; no chunk early and no drift",
    .timingSensitive)
  func pacedTenSeconds() async throws {
    try await withMod { mod, server in
      let probe = SchedulingProbe()
      let chunk = 1024
      let chunks = 469  // 469 × 1024 = 480 256 samples ≈ 10.005 s
      let audio = Self.tone(chunk * chunks)
      let clock = ContinuousClock()
      var sendTimes: [ContinuousClock.Instant] = []
      let summary = try await mod.microphone.stream { mic in
        for k in 0..<chunks {
          try await mic.sendPaced(Array(audio[(k * chunk)..<((k + 1) * chunk)]))
          sendTimes.append(clock.now)
        }
        #expect(mic.framesSent == UInt64(chunks) && mic.samplesSent == Int64(audio.count))
      }
      #expect(summary.receivedFrames == Int64(chunks))
      #expect(summary.receivedSamples == Int64(audio.count))
      #expect(summary.droppedFrames == 0)
      let stream = try #require(server.mod.microphone.streams.last)
      #expect(stream.end == .halfClosed)
      #expect(stream.frames.map(\.frameID) == (0..<UInt64(chunks)).map { $0 })
      #expect(stream.frames.allSatisfy { $0.sampleCount == UInt32(chunk) })
      #expect(stream.samples == audio, "every sample arrived, in order, bit for bit")
      let stamps = stream.frames.map(\.unixNanos)
      #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $1 >= $0 })

      // Pacing: chunk k is sent at t0 + k · 1024 / 48 000 s, never before (sendPaced sleeps
      // until then). "Never early" is judged on the chunks' send stamps (`unix_nanos`, taken
      // as the chunk goes, after the pacer's wait): the server's receive times are measured
      // from chunk 0's arrival, which a loaded server can take late, and then every later
      // chunk looks early by as much (CI's parallel run saw 7.5 ms). A loaded machine only
      // makes chunks late, in bursts; a drift would make every chunk of the second half late.
      // So: none sent early, and, as the server saw them, the least late chunk of the last
      // quarter no later than the least late one of the first.
      let ideal = (0..<chunks).map { Double($0 * chunk) / 48_000 }
      let sent = stamps.map { Double($0 &- stamps.first!) / 1e9 }
      let earliest = zip(sent, ideal).map { $0 - $1 }.min()!
      #expect(earliest > -0.005, "a chunk was sent \(-earliest * 1000) ms before its time")
      let received = stream.frames.map { Double($0.receivedNanos) / 1e9 }
      let lateness = zip(received, ideal).map { ($0 - received.first!) - $1 }
      let quarter = chunks / 4
      let firstQuarter = lateness[..<quarter].min()!
      let lastQuarter = lateness[(chunks - quarter)...].min()!
      // A process starved for longer than a quarter makes every chunk of it late: then the
      // schedule says nothing about drift.
      if probe.ranOnTime(tolerance: .seconds(2)) {
        #expect(
          lastQuarter - firstQuarter < 0.02, "least lateness \(firstQuarter * 1000) ms, then \(lastQuarter * 1000) ms")
      }
      let span = received.last! - received.first!
      let expected = ideal.last!
      print(
        "microphone pacing over \(expected) s: server span \(span) s (\((span - expected) / expected * 100)%),"
          + " least lateness \(firstQuarter * 1000) then \(lastQuarter * 1000) ms, worst \(lateness.max()! * 1000) ms")
      let clientSpan = sendTimes.first!.duration(to: sendTimes.last!)
      #expect(
        Double(clientSpan.components.seconds) + Double(clientSpan.components.attoseconds) / 1e18 >= expected * 0.999)
    }
  }

  @Test("finish: the summary, and the mod keeps the buffered tail playing")
  func finishKeepsTail() async throws {
    try await withMod { mod, server in
      let audio = Self.tone(48_000)  // 1 s, sent unpaced: most of it is still buffered at the end
      let summary = try await mod.microphone.stream { mic in
        for k in 0..<10 { try await mic.send(Array(audio[(k * 4800)..<((k + 1) * 4800)])) }
      }
      #expect(summary.receivedFrames == 10 && summary.receivedSamples == 48_000)
      let ring = server.mod.microphone.ring
      // Finishing clears nothing; what is still buffered (most of the second, unless a loaded
      // machine held the sender up that long) plays on.
      #expect(ring.clearedSamples == 0, "\(ring)")
      #expect(server.mod.microphone.streams.last?.end == .halfClosed)
      if ring.bufferedSamples > 0 {
        #expect(await eventually { server.mod.microphone.ring.playedSamples > ring.playedSamples }, "and it plays on")
      }
    }
  }

  @Test("cancel: RST_STREAM, the ring is cleared, and the stream throws CANCELLED instead of a summary")
  func cancelClears() async throws {
    try await withMod { mod, server in
      let audio = Self.tone(48_000)
      let error = await expectRPCError {
        _ = try await mod.microphone.stream { mic in
          for k in 0..<10 { try await mic.send(Array(audio[(k * 4800)..<((k + 1) * 4800)])) }
          #expect(
            await server.waitUntil(timeout: eventuallyBound) {
              $0.streamingCalls(path: TestServer.Path.microphoneStreamAudio).last?.messagesReceived == 10
            })
          mic.cancel()
        }
      }
      #expect(error?.code == .cancelled)
      #expect(await serverSawCancel(server, path: TestServer.Path.microphoneStreamAudio))
      #expect(await eventually { server.mod.microphone.streams.last?.end == .cancelled })
      let ring = server.mod.microphone.ring
      // Cleared: nothing left, and what had not played yet was dropped (all of it had played
      // only if a loaded machine held the cancel up for the whole second).
      #expect(ring.bufferedSamples == 0 && (ring.clearedSamples > 0 || ring.playedSamples >= 48_000), "\(ring)")
    }
  }

  @Test("an error thrown from the body cancels the stream and is rethrown")
  func throwCancels() async throws {
    try await withMod { mod, server in
      await #expect(throws: DeliberateError.self) {
        _ = try await mod.microphone.stream { mic in
          try await mic.send(Self.tone(480))
          throw DeliberateError()
        }
      }
      #expect(await eventually { server.mod.microphone.streams.last?.end == .cancelled })
    }
  }

  @Test("send(_:paced:) consumes an async sequence lazily; the mod ending the stream with a status is thrown")
  func sequenceAndStatus() async throws {
    try await withMod { mod, server in
      let chunks = AsyncStream<[Float]> { continuation in
        for k in 0..<5 { continuation.yield(Self.tone(480, offset: k * 480)) }
        continuation.finish()
      }
      let summary = try await mod.microphone.send(chunks, paced: true)
      #expect(summary.receivedFrames == 5 && summary.receivedSamples == 2400)
      #expect(server.mod.microphone.streams.last?.samples == Self.tone(2400))
    }
    try await withMod({
      $0.streaming.endAfterRequestMessages = .init(
        messages: 2, status: Status(code: .internalError, message: "Microphone stream faulted: boom"))
    }) { mod, _ in
      let error = await expectRPCError {
        _ = try await mod.microphone.stream { mic in
          for _ in 0..<50 {
            try await mic.send(Self.tone(480))
            try await Task.sleep(for: .milliseconds(5))
          }
        }
      }
      #expect(error?.code == .internalError && error?.message == "Microphone stream faulted: boom")
    }
  }

  @Test("MicrophonePacer: deadlines from the sample count (first chunk at once), lead sends ahead")
  func pacer() async throws {
    var pacer = MicrophonePacer(lead: .milliseconds(50))
    #expect(pacer.nextDeadline == nil)
    let clock = ContinuousClock()
    let start = clock.now
    try await pacer.wait(toSend: 480)  // the first chunk: at once, and the pacer's start
    let afterFirst = clock.now
    for _ in 1..<20 { try await pacer.wait(toSend: 480) }  // 20 × 10 ms; the last is due at 190 ms − 50 ms
    let elapsed = start.duration(to: clock.now)
    // Sleeping only delays: the lower bound holds however loaded the machine is.
    #expect(elapsed >= .milliseconds(139), "\(elapsed)")
    #expect(elapsed < noHangBound, "\(elapsed)")
    #expect(pacer.scheduledSamples == 9600)
    // The schedule itself: the next chunk (the 21st) is due 200 ms − 50 ms of lead after the start.
    let next = try #require(pacer.nextDeadline)
    #expect(next >= start.advanced(by: .milliseconds(150)) && next <= afterFirst.advanced(by: .milliseconds(150)))
  }
}
