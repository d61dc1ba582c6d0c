// libFuzzer target: the gRPC length-prefixed message deframer (MessageDeframer).
//
// Input: byte 0 picks the receive limit (byte × 64, so 0 to 16 320 bytes), byte 1 the chunk size
// the stream is cut into (0 means one chunk), the rest is the DATA byte stream.
//
// Checks, besides "no crash, no sanitizer report": the messages, the error and the buffered
// remainder are exactly those of a straightforward reference reading of the same bytes, for
// any chunking; and re-framing the messages gives back the bytes they came from.
import ResoniteGRPC

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeframer(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  guard count >= 2 else { return 0 }
  let limit = Int(start[0]) * 64
  let chunk = start[1] == 0 ? max(count - 2, 1) : Int(start[1])
  let input = UnsafeRawBufferPointer(start: start + 2, count: count - 2)

  var deframer = MessageDeframer(maxMessageSize: limit)
  var messages: [GRPCMessage] = []
  var failure: DeframingError?
  var offset = 0
  while offset < input.count {
    let n = min(chunk, input.count - offset)
    do {
      try deframer.process(UnsafeRawBufferPointer(rebasing: input[offset..<(offset + n)])) { messages.append($0) }
    } catch {
      failure = error
      break
    }
    offset += n
  }

  let expected = ReferenceDeframer.read(Array(input), limit: limit)
  check(
    messages == expected.messages, "messages differ from the reference: \(messages.count) vs \(expected.messages.count)"
  )
  check(
    failure == expected.error, "error \(String(describing: failure)) vs reference \(String(describing: expected.error))"
  )
  if failure == nil {
    check(
      deframer.bufferedByteCount == expected.remainder,
      "buffered \(deframer.bufferedByteCount) vs \(expected.remainder)")
    check(
      deframer.isIdle == (expected.remainder == 0), "isIdle \(deframer.isIdle) with remainder \(expected.remainder)")
    let reframed = messages.flatMap(\.framed)
    check(reframed == Array(input.prefix(input.count - expected.remainder)), "re-framed bytes differ from the input")
  }
  return 0
}

/// gRPC's framing read the simplest way: whole input at once, prefix then payload.
enum ReferenceDeframer {
  static func read(_ bytes: [UInt8], limit: Int) -> (messages: [GRPCMessage], error: DeframingError?, remainder: Int) {
    var messages: [GRPCMessage] = []
    var i = 0
    while bytes.count - i >= 5 {
      let flag = bytes[i]
      guard flag <= 1 else { return (messages, .invalidCompressionFlag(flag), 0) }
      var length = 0
      for k in 1...4 { length = length << 8 | Int(bytes[i + k]) }
      guard length <= limit else { return (messages, .messageTooLarge(length: length, limit: limit), 0) }
      guard bytes.count - i - 5 >= length else { break }
      messages.append(GRPCMessage(bytes: Array(bytes[(i + 5)..<(i + 5 + length)]), compressed: flag == 1))
      i += 5 + length
    }
    return (messages, nil, bytes.count - i)
  }
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition {
    fatalError("FuzzDeframer invariant broken: \(message())")
  }
}
