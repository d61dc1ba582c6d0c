// libFuzzer target: the client's whole receive path. A unary call is opened on a real
// HTTP2Connection (over a socketpair, without its I/O thread), and the fuzz input is handed
// to the connection as the server's bytes: nghttp2 (frames, HPACK, flow control, stream
// states), the connection's header-list accounting and stream bookkeeping, the UnaryCall
// (response head, deframing, status) all run on it, exactly as they do on bytes read from the
// socket.
//
// Input: byte 0 bits 0-6 give the size of the pieces the rest is delivered in (0: one piece;
// a frame split across pieces is what a short recv produces), bit 7 set prepends a valid
// empty server SETTINGS frame (the server preface) so that mutations need not keep one. The
// rest is the byte stream the server sends.
//
// Replaying inputs with FUZZ_PRINT=1 in the environment prints each call's outcome.
//
// Each input is run twice, on two fresh connections: as the answer to a unary call, and as the
// answer to a server-streaming call (the ClientCall in streaming mode, with a writable request
// body and receive backpressure after one waiting message), so the same corpus drives both.
//
// Checks, besides "no crash, no hang, no sanitizer report": the call ends exactly once (the
// harness would hang otherwise), a successful call's message is within the limit, every
// streamed message is within the limit, and a stream never holds more than its window.
import Dispatch
import Glibc
@_spi(Fuzzing) import ResoniteGRPC
@_spi(Fuzzing) import ResoniteTransport

/// The response size limit of the fuzzed call: small, so that "too large" is reachable and a
/// length prefix cannot make each run allocate hundreds of MiB.
let maxResponseMessageSize = 16 << 10

/// FUZZ_PRINT=1 prints what the call made of each input (for replaying one by hand).
let printsResults = getenv("FUZZ_PRINT") != nil

/// An empty SETTINGS frame: what a server sends first.
let serverPreface: [UInt8] = [0, 0, 0, 4, 0, 0, 0, 0, 0]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReceivePath(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  guard count >= 1 else { return 0 }
  let piece = Int(start[0] & 0x7F)
  var stream = start[0] & 0x80 != 0 ? serverPreface : []
  stream.append(contentsOf: UnsafeBufferPointer(start: start + 1, count: count - 1))

  let result = ResultBox()
  let done = DispatchSemaphore(value: 0)
  Task { [stream] in
    result.value = await run(stream, piece: piece)
    result.streaming = await runStreaming(stream, piece: piece)
    done.signal()
  }
  done.wait()

  if let streaming = result.streaming {
    if printsResults {
      print("stream: \(streaming.messages.count) messages, ended with \(streaming.error.map { "\($0)" } ?? "OK")")
    }
    check(streaming.messages.allSatisfy { $0.count <= maxResponseMessageSize }, "a streamed message above the limit")
    check(streaming.peakHeldBytes <= Int(ConnectionConfiguration().initialStreamWindowSize), "held more than a window")
  } else {
    check(false, "the streaming call never produced a result")
  }

  if printsResults {
    switch result.value {
    case .success(let response)?:
      print(
        "call succeeded: \(response.message.count)-byte message, initial metadata \(response.initialMetadata), trailing metadata \(response.trailingMetadata)"
      )
    case .failure(let error)?: print("call failed: \(error)")
    case nil: print("no result")
    }
  }
  switch result.value {
  case .success(let response)?:
    check(response.message.count <= maxResponseMessageSize, "a message above the limit was accepted")
  case .failure?:
    break
  case nil:
    check(false, "the call never produced a result")
  }
  return 0
}

/// The server bytes as the answer to a unary call.
func run(_ stream: [UInt8], piece: Int) async -> Result<UnaryResponse<[UInt8]>, RPCError>? {
  await withFuzzedConnection { connection, peer in
    await FuzzEntryPoints.unaryCall(
      on: connection, path: "/resonite_io.v1.Connection/Ping", request: [0x0A, 0x02, 0x68, 0x69],
      maxResponseMessageSize: maxResponseMessageSize
    ) { connection in
      deliver(stream, piece: piece, to: connection, peer: peer)
    }
  }
}

/// The same server bytes, as the answer to a server-streaming call.
func runStreaming(_ stream: [UInt8], piece: Int) async -> FuzzEntryPoints.StreamingOutcome? {
  await withFuzzedConnection { connection, peer in
    await FuzzEntryPoints.serverStreamingCall(
      on: connection, path: "/resonite_io.v1.Camera/StreamFrames", request: [],
      maxResponseMessageSize: maxResponseMessageSize,
      bufferedMessages: 1
    ) { connection, _ in
      deliver(stream, piece: piece, to: connection, peer: peer)
    }
  }
}

/// Runs `body` with a fresh client connection (no I/O thread, any peer trusted) on one end of a
/// non-blocking socketpair, and the other end, where the client's writes arrive; closes both after.
func withFuzzedConnection<Outcome>(
  _ body: (HTTP2Connection, _ peer: Int32) async -> Outcome
) async -> Outcome {
  var ends: [Int32] = [-1, -1]
  guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else { fatalError("socketpair: \(errno)") }
  defer {
    close(ends[0])
    close(ends[1])
  }
  for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
  var configuration = ConnectionConfiguration()
  configuration.trustAnyPeer = true
  let connection: HTTP2Connection
  do {
    connection = try HTTP2Connection.withoutLoop(fd: ends[0], configuration: configuration)
  } catch {
    fatalError("withoutLoop: \(error)")
  }
  return await body(connection, ends[1])
}

/// Hands `stream` to `connection` in pieces of `piece` bytes (0: at once).
func deliver(_ stream: [UInt8], piece: Int, to connection: HTTP2Connection, peer: Int32) {
  stream.withUnsafeBytes { bytes in
    let size = piece == 0 ? max(bytes.count, 1) : piece
    var offset = 0
    while offset < bytes.count {
      let n = min(size, bytes.count - offset)
      drain(peer)
      guard connection.receiveForFuzzing(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])) else {
        return
      }
      offset += n
    }
  }
}

/// Discards what the client wrote, so that the socket never fills up.
func drain(_ fd: Int32) {
  var scratch = [UInt8](repeating: 0, count: 64 << 10)
  while scratch.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }) > 0 {}
}

final class ResultBox: @unchecked Sendable {
  var value: Result<UnaryResponse<[UInt8]>, RPCError>?
  var streaming: FuzzEntryPoints.StreamingOutcome?
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError("FuzzReceivePath invariant broken: \(message())") }
}
